/** A run summary row for unit tests: sensible defaults, override what the test is about. */
import type { RunRow } from "./batch-rows";

export function runRow(overrides: Partial<RunRow> & { runId: string }): RunRow {
  return {
    batchId: "b1",
    setId: "default",
    scenarioId: `scenario-${overrides.runId}`,
    name: `Scenario ${overrides.runId}`,
    state: "finished",
    status: "pass",
    verdict: "success",
    errorCode: null,
    seed: null,
    attempt: 1,
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:01.000Z",
    lastEventAt: "2026-01-01T00:00:01.000Z",
    durationMs: 1000,
    turns: 2,
    messageCount: 4,
    usage: { inputTokens: 10, outputTokens: 20, costUsd: 0.001 },
    counters: { injections: 0, policyViolations: 0, piiLeaks: 0, promptLeaks: 0, toolErrors: 0 },
    metCriteriaCount: 1,
    unmetCriteriaCount: 0,
    labels: [],
    metadata: {},
    ...overrides,
  };
}
