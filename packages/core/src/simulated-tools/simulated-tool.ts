import type { EnvironmentTool, EnvironmentToolContext } from "../domain/declarative.js";
import { loadOnce } from "../domain/load-once.js";
import type { PreparedTool } from "./answer-simulated-call.js";
import type { RememberedAnswer, SimulatedToolOptions } from "./simulated-tool-options.js";

const loadAnswer = loadOnce(() => import("./answer-simulated-call.js"));

/**
 * An environment tool answered by a model instead of a handler, for tools
 * whose behaviour matters less than their being there (a CRM lookup, a
 * weather service): the agent under test calls it like any other tool. The
 * input is checked against `inputSchema` first (a bad input is the tool's
 * usual `invalid_input` error); the answer must be JSON that fits
 * `outputSchema` (one retry naming the problems, then the run ends
 * `error`); the model sees the environment state and the run's earlier tool
 * calls so its answers agree; the call goes through the run's models, so
 * cassettes record and replay it. Without a model the run ends `skipped`
 * naming the setting to add. Each answer emits a `tool_simulated` event.
 *
 * @example
 * environment: {
 *   state: { customer: { id: "C-7", plan: "pro" } },
 *   tools: {
 *     crm_lookup: simulatedTool({
 *       description: "Looks a customer up by e-mail",
 *       inputSchema: { type: "object", properties: { email: { type: "string" } }, required: ["email"] },
 *       outputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
 *     }),
 *   },
 * }
 */
export function simulatedTool(options: SimulatedToolOptions): EnvironmentTool {
  /** Answers by canonical input, per run: keyed by the run's state object, which each run has its own of. */
  const memory = new WeakMap<object, Map<string, RememberedAnswer>>();
  /** The system prompt and output check, built on the first call under each name. */
  const prepared = new Map<string, PreparedTool>();
  const handler = async (input: Record<string, unknown>, context: EnvironmentToolContext): Promise<unknown> => {
    const { answerSimulatedCall } = await loadAnswer();
    let remembered = memory.get(context.state);
    if (!remembered) {
      remembered = new Map();
      memory.set(context.state, remembered);
    }
    return answerSimulatedCall(options, input, context, remembered, prepared);
  };
  return {
    description: options.description,
    parameters: options.inputSchema,
    handler,
    ...(options.latency === undefined ? {} : { latency: options.latency }),
  };
}
