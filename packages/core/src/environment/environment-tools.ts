import {
  DEFAULT_TOOL_LATENCY,
  type EnvironmentSpec,
  type EnvironmentToolContext,
  type EnvironmentToolRun,
} from "../domain/declarative.js";
import type { ScenarioToolSet, ToolCallOptions } from "../domain/tools.js";
import { respond } from "./declarative-response.js";
import { inputCheck } from "./input-check.js";
import type { ScenarioClock } from "./scenario-clock.js";
import { ToolFault } from "./tool-fault.js";
import type { Variables } from "./variables.js";

/** The run's world the tools act on. */
export interface EnvironmentWorld {
  readonly state: Record<string, unknown>;
  readonly variables: Variables;
  readonly clock: ScenarioClock;
  random(): number;
  /** The run the tools are called in, once attached to one (handlers that ask a model use it). */
  run?(): EnvironmentToolRun | undefined;
}

/** Default virtual seconds per call; they live in domain/ so the root entry need not load this module. */
export { DEFAULT_AGENT_LATENCY, DEFAULT_TOOL_LATENCY } from "../domain/declarative.js";

/**
 * The environment's tools as a `ScenarioToolSet` (the AI SDK tool shape):
 * `inputSchema` is `jsonSchema(parameters)` (the caller passes the AI SDK's
 * `jsonSchema`, loaded lazily), `execute` checks the input against
 * `parameters` (full JSON Schema 2020-12, Ajv compiled once per schema; see
 * `inputCheck`), takes the tool's
 * virtual latency, then runs the handler or the declarative response over
 * the run's state. A bad input is a `ToolFault` of type `invalid_input` (the
 * agent sees it as the tool's error), never a crash of the run.
 *
 * @example
 * const tools = environmentTools(spec, world, jsonSchema);
 * await tools.refund.execute({ order_id: "A1" }, { toolCallId: "call-1" });
 */
export function environmentTools(
  spec: EnvironmentSpec,
  world: EnvironmentWorld,
  jsonSchema: (schema: Record<string, unknown>) => unknown,
): ScenarioToolSet {
  const tools: ScenarioToolSet = {};
  const defaultLatency = spec.latency?.tool ?? DEFAULT_TOOL_LATENCY;
  for (const [toolName, tool] of Object.entries(spec.tools ?? {})) {
    const parameters = tool.parameters ?? { type: "object" };
    const latency = tool.latency ?? defaultLatency;
    // without declared parameters, any object is taken (and Ajv is not loaded)
    const check = tool.parameters ? inputCheck(toolName, tool.parameters) : undefined;
    const execute = async (input: unknown, options: ToolCallOptions): Promise<unknown> => {
      const problem = check ? await check(input) : isObject(input) ? undefined : "(root): must be object (type)";
      if (problem) throw new ToolFault({ type: "invalid_input", message: problem, recoverable: true });
      await world.clock.advance(latency, options.abortSignal);
      const run = world.run?.();
      const context: EnvironmentToolContext = {
        state: world.state,
        variables: world.variables,
        random: () => world.random(),
        now: world.clock.elapsed(),
        toolCallId: options.toolCallId,
        toolName,
        ...(run ? { run: options.abortSignal ? { ...run, abortSignal: options.abortSignal } : run } : {}),
      };
      const args = input as Record<string, unknown>;
      if (tool.handler) return await tool.handler(args, context);
      return respond(tool.response ?? {}, args, context);
    };
    tools[toolName] = {
      ...(tool.description === undefined ? {} : { description: tool.description }),
      inputSchema: jsonSchema(parameters),
      parameters,
      execute,
    };
  }
  return tools;
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
