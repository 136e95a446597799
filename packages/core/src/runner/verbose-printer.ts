import type { ScenarioEvent } from "../domain/event.js";
import type { Logger } from "./logger.js";

/**
 * A listener that prints the conversation as it happens (`verbose`). With
 * `verbose: 2` every line is prefixed with the scenario name, for concurrent runs.
 */
export function verbosePrinter(logger: Logger, scenarioName: string, level: number): (event: ScenarioEvent) => void {
  const prefix = level >= 2 ? `[Scenario: ${scenarioName}] ` : "";
  const print = (line: string) => logger.transcript(`${prefix}${line}`);
  return (event) => {
    switch (event.type) {
      case "SCENARIO_RUN_STARTED":
        print(`▶ ${scenarioName} (seed ${event.seed})`);
        break;
      case "user_input":
        print(`User: ${event.text}`);
        break;
      case "agent_message":
        if (event.text) print(`Agent: ${event.text}`);
        for (const call of event.toolCalls) print(`ToolCall(${call.toolName}): ${brief(call.input)}`);
        break;
      case "system_event":
        print(`${event.role === "tool" ? "ToolResult" : "System"}: ${event.text}`);
        break;
      case "action_request":
        print(`ToolCall(${event.toolName}): ${brief(event.input)}`);
        break;
      case "action_response":
        print(`ToolResult(${event.toolName}): ${event.error ? `error: ${event.error}` : brief(event.output)}`);
        break;
      case "judgment":
        if (event.verdict !== "none") print(`Judge (${event.verdict}): ${event.reasoning}`);
        break;
      case "SCENARIO_RUN_FINISHED":
        print(`■ ${scenarioName}: ${event.outcome}${event.results.reasoning ? ` — ${event.results.reasoning}` : ""}`);
        break;
      default:
        break;
    }
  };
}

/** JSON of `value`, cut to 300 characters so one tool call stays on a line or two. */
function brief(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
