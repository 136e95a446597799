import type { ScenarioResult } from "../domain/result.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import type { ExecutionSettings } from "../engine/execution-settings.js";

/** The `error` result a batch records for a scenario that failed validation or was not run. */
export function errorResult(
  scenario: ScenarioConfig,
  settings: ExecutionSettings,
  seed: number,
  message: string,
  code: string,
): ScenarioResult {
  return {
    runId: settings.scenarioRunId,
    success: false,
    status: "error",
    messages: [],
    reasoning: `Scenario failed with error: ${message}`,
    metCriteria: [],
    unmetCriteria: [],
    totalTime: 0,
    agentTime: 0,
    error: message,
    errorCode: code,
    seed,
    scenarioRunId: settings.scenarioRunId,
    batchRunId: settings.batchRunId,
    setId: settings.setId,
    scenarioId: settings.scenarioId,
    threadId: settings.threadId,
    metadata: { ...scenario?.metadata },
    diagnostics: [],
  };
}
