import { failureDetails, summaryTable } from "../reporters/console-report.js";
import type { RunReport } from "../reporters/run-report.js";
import type { SuiteResult } from "../suites/run-suite.js";
import { totalsLine, usageLine } from "./result-lines.js";

/** What the end of `rehearse run` prints, besides the report. */
export interface RunSummary {
  readonly report: RunReport;
  /** The suite, for pass^k and flaky scenarios when runs were repeated. */
  readonly suite?: SuiteResult;
  /** Names of planned runs that never started, and why. */
  readonly notRun?: { readonly names: readonly string[]; readonly reason: string };
  /** Ctrl-C stopped the run: the errors of the runs it cut short need no details. */
  readonly interrupted?: boolean;
  /** Some scenario declared `expect`: show the expected-vs-observed table. */
  readonly expectationsDeclared: boolean;
  readonly color: boolean;
}

/**
 * The lines after the progress: the details of each unexpected run, what was
 * not run, the expected-vs-observed table (when any scenario declared
 * `expect`), pass^k and flaky scenarios (repeated runs), the totals line,
 * model usage and why the batch stopped.
 */
export function runSummaryLines(summary: RunSummary): string[] {
  const { report, suite, notRun, color } = summary;
  const sections: string[][] = [];
  for (const entry of report.entries) {
    if (entry.expectation.outcome !== "unexpected") continue;
    if (summary.interrupted && entry.result.status === "error") continue;
    sections.push(failureDetails(entry, { color }));
  }
  if (notRun && notRun.names.length > 0) {
    sections.push([`not run: ${notRun.names.length} (${notRun.reason})`, ...notRun.names.map((name) => `  - ${name}`)]);
  }
  if (summary.expectationsDeclared) sections.push(summaryTable(report, { color }));
  if (suite && suite.seeds.length > suite.total_scenarios) sections.push(passHatKLines(suite));
  const totals = [totalsLine(report.counts, summary.expectationsDeclared ? report.expectations : undefined)];
  const usage = report.usage ? usageLine(report.usage.total) : undefined;
  if (usage) totals.push(usage);
  // the expected-vs-observed table already says why it stopped
  if (report.stopped && !summary.expectationsDeclared) totals.push(`stopped: ${report.stopped.reason}`);
  // sections are set apart by a blank line; a plain run ends with its totals right under the results
  return [...sections.flatMap((section) => ["", ...section]), ...(sections.length > 0 ? [""] : []), ...totals];
}

/** `pass^3 0.67  refund (2 of 3 passed)` per scenario, the suite's mean and the flaky ones. */
function passHatKLines(suite: SuiteResult): string[] {
  const { k, pass_hat_k: mean, pass_rate: rate } = suite.summary;
  const lines = suite.scenarios.map((scenario) => {
    const value = scenario.passHatK === undefined ? "n/a " : scenario.passHatK.toFixed(2);
    const flaky = scenario.flaky ? "  (flaky)" : "";
    return `pass^${k} ${value}  ${scenario.name} (${scenario.successes} of ${scenario.trials} passed)${flaky}`;
  });
  lines.push(`pass^${k} (mean) ${mean === null ? "n/a" : mean.toFixed(2)}, pass rate ${(rate * 100).toFixed(0)}%`);
  lines.push(suite.flaky.length > 0 ? `flaky: ${suite.flaky.join(", ")}` : "flaky: none");
  return lines;
}
