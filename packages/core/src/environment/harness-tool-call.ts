import { RehearseError } from "../domain/errors.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import type { RunHost } from "../engine/run-hooks.js";
import { ToolFault } from "./tool-fault.js";

/** What a harness tool call uses of the run's environment session. */
export interface HarnessSession {
  /** The environment's tools, unwrapped. */
  readonly tools: ScenarioToolSet;
  /** Script steps started so far (names the call's id). */
  readonly record: { readonly steps: number };
  readonly run: Pick<RunHost, "emit">;
}

/**
 * A tool call the harness itself makes (a `tool_call` step): it runs the
 * environment tool directly — no injected faults, not counted as the agent's
 * call — and is recorded as `action_request` (actor `system`) and
 * `action_response`. A `ToolFault` (bad input) comes back as the error
 * result; any other failure of the handler fails the step.
 */
export async function harnessToolCall(session: HarnessSession, toolName: string, input: unknown): Promise<unknown> {
  const tool = session.tools[toolName];
  if (!tool) {
    const known = Object.keys(session.tools);
    throw new RehearseError(
      "invalid_config",
      `tool_call step: the environment has no tool ${JSON.stringify(toolName)} (tools: ${known.length > 0 ? known.join(", ") : "none"})`,
    );
  }
  const toolCallId = `harness-${session.record.steps}-${toolName}`;
  const run = session.run;
  run.emit({ type: "action_request", actor: "system", toolName, toolCallId, input });
  try {
    const output = await tool.execute(input as never, { toolCallId });
    run.emit({ type: "action_response", actor: "tool", toolName, toolCallId, output });
    return output;
  } catch (error) {
    if (!ToolFault.isInstance(error)) throw error;
    run.emit({ type: "action_response", actor: "tool", toolName, toolCallId, error: error.message });
    return error.toResult();
  }
}
