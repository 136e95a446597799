import { type Expectation, type ExpectedStatus, expectationOf } from "../domain/expectation.js";
import type { UsageSummary } from "../domain/models.js";
import type { ScenarioStatus } from "../domain/outcome.js";
import type { ScenarioResult } from "../domain/result.js";
import { scenarioSlug } from "../runner/scenario-slug.js";
import { type ReportEntry, type ReportScenario, RUN_REPORT_VERSION, type RunReport } from "./run-report.js";

/** What the caller knows about a scenario it ran: the config's fields and, for files, where it came from. */
export interface RunReportScenarioInput {
  readonly name: string;
  readonly description: string;
  readonly id?: string;
  /** Relative to the working directory. */
  readonly file?: string;
  readonly scenarioType?: string;
  readonly difficulty?: string;
  readonly tags?: readonly string[];
  readonly expect?: ExpectedStatus;
}

/** The input of `buildRunReport`: the runs of a batch and what is known about the batch. */
export interface RunReportInput {
  readonly entries: ReadonlyArray<{ readonly scenario: RunReportScenarioInput; readonly result: ScenarioResult }>;
  readonly batchRunId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Rehearse's version (`package.json`). */
  readonly toolVersion: string;
  readonly command?: string;
  readonly usage?: UsageSummary;
  readonly stopped?: { readonly reason: string };
}

/**
 * Builds the `RunReport` every report writer takes: entries in the order
 * given, each with its expectation (`result.expectation` when the run set
 * one, else computed from the scenario's `expect`, default `pass`), and the
 * counts by status and by expectation.
 *
 * @example
 * ```ts
 * const startedAt = new Date();
 * const batch = await rehearse.runMany(configs);
 * const report = buildRunReport({
 *   entries: configs.map((scenario, index) => ({ scenario, result: batch.results[index]! })),
 *   batchRunId: batch.batchRunId, startedAt, finishedAt: new Date(), toolVersion: "0.1.0",
 * });
 * await writeReports(report, [parseReporterSpec("junit=out/junit.xml")], process.cwd());
 * ```
 */
export function buildRunReport(input: RunReportInput): RunReport {
  const counts: Record<ScenarioStatus, number> = { pass: 0, fail: 0, error: 0, skipped: 0 };
  const expectations: Record<Expectation["outcome"], number> = { as_expected: 0, unexpected: 0, undecided: 0 };
  const entries = input.entries.map(({ scenario, result }): ReportEntry => {
    const expectation = result.expectation ?? expectationOf(scenario.expect ?? "pass", result.status);
    counts[result.status]++;
    expectations[expectation.outcome]++;
    return { scenario: reportScenario(scenario, result, expectation.expected), result, expectation };
  });
  const durationMilliseconds = Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime());
  return {
    version: RUN_REPORT_VERSION,
    tool: { name: "rehearse", version: input.toolVersion },
    batchRunId: input.batchRunId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationSeconds: durationMilliseconds / 1000,
    ...(input.command === undefined ? {} : { command: input.command }),
    entries,
    counts,
    expectations,
    ...(input.usage === undefined ? {} : { usage: input.usage }),
    ...(input.stopped === undefined ? {} : { stopped: { reason: input.stopped.reason } }),
  };
}

function reportScenario(scenario: RunReportScenarioInput, result: ScenarioResult, expect: ExpectedStatus): ReportScenario {
  // a run's own scenario type (declarative runs record it) stands in when the caller did not give one
  const scenarioType = scenario.scenarioType ?? result.scenarioRun?.scenario_type;
  return {
    name: scenario.name,
    description: scenario.description,
    id: scenario.id ?? (result.scenarioId || scenarioSlug(scenario.name)),
    ...(scenario.file === undefined ? {} : { file: scenario.file }),
    ...(scenarioType === undefined ? {} : { scenarioType }),
    ...(scenario.difficulty === undefined ? {} : { difficulty: scenario.difficulty }),
    ...(scenario.tags === undefined ? {} : { tags: [...scenario.tags] }),
    expect,
  };
}
