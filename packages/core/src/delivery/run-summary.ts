import type { ScenarioResult } from "../domain/result.js";

/** What `SCENARIO_RUN_FINISHED` adds for the server: measured figures only (ingest-schema.ts `runSummarySchema`). */
export interface RunSummary {
  durationMs?: number;
  agentMs?: number;
  turns?: number;
  errorCode?: string;
  usage?: { inputTokens: number; outputTokens: number; costUsd?: number };
}

/**
 * The summary of a finished run: its wall time and agent time in ms, the turns
 * seen (`turn_started` events), the error code and the usage of its model
 * calls. A figure that was not measured is left out, never zero-filled.
 *
 * @example
 * runSummary({ totalTime: 1.25, agentTime: 0.5, status: "pass", … }, 3); // { durationMs: 1250, agentMs: 500, turns: 3 }
 */
export function runSummary(result: ScenarioResult, turns: number | undefined): RunSummary {
  const summary: RunSummary = {};
  if (isMeasured(result.totalTime)) summary.durationMs = Math.round(result.totalTime * 1000);
  if (isMeasured(result.agentTime)) summary.agentMs = Math.round(result.agentTime * 1000);
  if (turns !== undefined) summary.turns = turns;
  if (result.errorCode) summary.errorCode = result.errorCode;
  const total = result.usage?.total;
  if (total) {
    summary.usage = {
      inputTokens: total.inputTokens,
      outputTokens: total.outputTokens,
      ...(total.cost === null ? {} : { costUsd: total.cost }),
    };
  }
  return summary;
}

function isMeasured(seconds: number | undefined): seconds is number {
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0;
}
