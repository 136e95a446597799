import type { OutcomeCheck, ScenarioRunSummary } from "../domain/declarative.js";
import type { ScenarioResult } from "../domain/result.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import type { RunRecord } from "../environment/run-record.js";

/** What the summary is made from besides the scenario and the result. */
export interface SummarySources {
  readonly record: RunRecord;
  readonly checks: readonly OutcomeCheck[];
  readonly elapsedSeconds: number;
  readonly variables: Record<string, unknown>;
  readonly finalState: Record<string, unknown>;
}

/**
 * The seed's `ScenarioRun.results` for one run: event counts by type and by
 * actor (bookkeeping `turn_started` events excluded), outcome checks,
 * deviations, the injection log and the fired injections, step and event
 * totals, execution time on the run's clock, the final variables and state.
 * `passed` is the run's status being `pass`.
 */
export function scenarioRunSummary(
  scenario: ScenarioConfig,
  result: ScenarioResult,
  sources: SummarySources,
): ScenarioRunSummary {
  const { record } = sources;
  const performed = record.injectionLog.filter((entry) => entry.fired);
  return {
    scenario_name: scenario.name,
    ...(scenario.scenarioType ? { scenario_type: scenario.scenarioType } : {}),
    seed: result.seed,
    execution_time_seconds: Math.round(sources.elapsedSeconds * 1000) / 1000,
    total_steps: record.steps,
    total_events: record.totalEvents,
    injections_count: performed.length,
    deviations_count: record.deviations.length,
    events_by_type: { ...record.eventsByType },
    events_by_actor: { ...record.eventsByActor },
    outcome_checks: { all_passed: sources.checks.every((check) => check.passed), checks: [...sources.checks] },
    deviations: [...record.deviations],
    injections_performed: performed,
    injection_log: [...record.injectionLog],
    variables: sources.variables,
    final_state: sources.finalState,
    passed: result.status === "pass",
  };
}
