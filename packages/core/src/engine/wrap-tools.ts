import { errorMessage } from "../domain/errors.js";
import type { ToolCallInterceptor } from "../domain/scenario.js";
import type { ScenarioTool, ScenarioToolSet, ToolCallOptions } from "../domain/tools.js";
import { runChain } from "./interceptor-chain.js";
import type { ToolEvent } from "./observed-tool-calls.js";

/** What `wrapTools` needs from its execution. */
export interface ToolWrapping {
  interceptors: readonly ToolCallInterceptor[];
  /** Makes a call id when the caller gives none. */
  newCallId(): string;
  /** Receives `action_request`/`action_response` payloads (without the common fields). */
  record(event: ToolEvent): void;
}

/**
 * Wraps each tool's `execute` so every call goes through the tool
 * interceptors and is recorded as an `action_request`/`action_response` pair.
 * Everything else on the tool (description, schema) is kept as is.
 */
export function wrapTools(tools: ScenarioToolSet, wrapping: ToolWrapping): ScenarioToolSet {
  const wrapped: ScenarioToolSet = {};
  for (const [toolName, tool] of Object.entries(tools)) wrapped[toolName] = wrapTool(toolName, tool, wrapping);
  return wrapped;
}

function wrapTool(toolName: string, tool: ScenarioTool, wrapping: ToolWrapping): ScenarioTool {
  const original = tool.execute.bind(tool) as (input: unknown, options: ToolCallOptions) => unknown;
  const execute = async (input: unknown, options?: ToolCallOptions): Promise<unknown> => {
    const toolCallId = options?.toolCallId ?? wrapping.newCallId();
    const callOptions: ToolCallOptions = { ...options, toolCallId };
    wrapping.record({ type: "action_request", actor: "agent", toolName, toolCallId, input });
    try {
      const output = await runChain(wrapping.interceptors, { toolName, toolCallId, input }, input, async (current) =>
        original(current, callOptions),
      );
      wrapping.record({ type: "action_response", actor: "tool", toolName, toolCallId, output });
      return output;
    } catch (error) {
      wrapping.record({ type: "action_response", actor: "tool", toolName, toolCallId, error: errorMessage(error) });
      throw error;
    }
  };
  return { ...tool, execute };
}
