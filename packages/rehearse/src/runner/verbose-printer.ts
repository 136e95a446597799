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
        print(`Agent: ${event.text}`);
        break;
      case "system_event":
        print(`System: ${event.text}`);
        break;
      case "action_request":
        print(`ToolCall(${event.toolName}): ${JSON.stringify(event.input)}`);
        break;
      case "action_response":
        print(`ToolResult(${event.toolName}): ${event.error ? `error: ${event.error}` : JSON.stringify(event.output)}`);
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
