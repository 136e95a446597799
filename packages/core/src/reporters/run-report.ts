import type { Expectation, ExpectedStatus } from "../domain/expectation.js";
import type { UsageSummary } from "../domain/models.js";
import type { ScenarioStatus } from "../domain/outcome.js";
import type { ScenarioResult } from "../domain/result.js";

/** The version of the `RunReport` shape (the JSON report). Bumped on any incompatible change. */
export const RUN_REPORT_VERSION = 1;

/** What a report says about the scenario itself (the result says how it went). */
export interface ReportScenario {
  readonly name: string;
  readonly description: string;
  /** The scenario id (`id`, else a slug of the name), as in `result.scenarioId`. */
  readonly id: string;
  /** The file it came from, relative to the working directory, when it came from one. */
  readonly file?: string;
  readonly scenarioType?: string;
  /** `difficulty` (`easy`, `medium`, `hard`, `extreme`), when the scenario has one. */
  readonly difficulty?: string;
  readonly tags?: readonly string[];
  /** The declared expected status (default `pass`). */
  readonly expect: ExpectedStatus;
}

/** One run of a scenario. */
export interface ReportEntry {
  readonly scenario: ReportScenario;
  readonly result: ScenarioResult;
  /** `result.expectation`, or computed with `pass` expected. */
  readonly expectation: Expectation;
}

/**
 * Everything a report writer needs about one `rehearse run` (or any batch):
 * the input of the JSON, JUnit, HTML and console reports. Plain data,
 * JSON-serialisable: the JSON report is this object as is.
 */
export interface RunReport {
  readonly version: typeof RUN_REPORT_VERSION;
  readonly tool: { readonly name: "rehearse"; readonly version: string };
  readonly batchRunId: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationSeconds: number;
  /** The command line, when the CLI made the report. */
  readonly command?: string;
  readonly entries: readonly ReportEntry[];
  readonly counts: Readonly<Record<ScenarioStatus, number>>;
  readonly expectations: Readonly<Record<Expectation["outcome"], number>>;
  readonly usage?: UsageSummary;
  /** Set when the batch stopped early (budget, Ctrl-C). */
  readonly stopped?: { readonly reason: string };
}
