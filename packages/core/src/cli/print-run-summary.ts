import { failureDetails, type RunReport, summaryTable } from "../api/reports.js";
import type { SuiteResult } from "../api/runs.js";
import { countNoun } from "../domain/count-noun.js";
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
  /** `--fail-on-skipped`: the skipped runs fail the run, and the summary says so. */
  readonly failOnSkipped?: boolean;
  /** Some scenario declared `expect`: show the expected-vs-observed table. */
  readonly expectationsDeclared: boolean;
  readonly color: boolean;
}

/**
 * The lines after the progress: the details of each unexpected run, what was
 * not run, the expected-vs-observed table (when any scenario declared
 * `expect`), pass^k and flaky scenarios (repeated runs), the skipped runs
 * with their reason (last, right above the totals, so they are not missed),
 * the totals line, `nothing tested` when no run was decided, `failing: N runs
 * skipped (--fail-on-skipped)` when skips fail the run, model usage and why
 * the batch stopped.
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
  const skipped = skippedLines(report, summary.failOnSkipped === true);
  if (skipped.length > 0) sections.push(skipped);
  const totals = [totalsLine(report.counts, summary.expectationsDeclared ? report.expectations : undefined)];
  const { pass, fail, error } = report.counts;
  if (!summary.interrupted && pass + fail + error === 0) {
    totals.push(
      report.entries.length > 0
        ? `nothing tested: every run was skipped (${countNoun(report.entries.length, "run")})`
        : "nothing tested: no run took place",
    );
  }
  // the exit code is 1 with no failure in the totals: say why, as `nothing tested` does for 3
  if (!summary.interrupted && summary.failOnSkipped && report.counts.skipped > 0) {
    totals.push(`failing: ${countNoun(report.counts.skipped, "run")} skipped (--fail-on-skipped)`);
  }
  const usage = report.usage ? usageLine(report.usage.total) : undefined;
  if (usage) totals.push(usage);
  // the expected-vs-observed table already says why it stopped
  if (report.stopped && !summary.expectationsDeclared) totals.push(`stopped: ${report.stopped.reason}`);
  // sections are set apart by a blank line; a plain run ends with its totals right under the results
  return [...sections.flatMap((section) => ["", ...section]), ...(sections.length > 0 ? [""] : []), ...totals];
}

/**
 * `skipped: 2 (not tested; no pass or fail)` and one `  - name — reason`
 * line per skipped scenario (repeats of one scenario with the same reason
 * counted on one line).
 */
function skippedLines(report: RunReport, failOnSkipped: boolean): string[] {
  const reasons = new Map<string, number>();
  for (const entry of report.entries) {
    if (entry.result.status !== "skipped") continue;
    const reason = (entry.result.reasoning ?? entry.result.error ?? "").split("\n")[0]?.trim() || "no reason given";
    const line = `  - ${entry.scenario.name} — ${reason}`;
    reasons.set(line, (reasons.get(line) ?? 0) + 1);
  }
  if (reasons.size === 0) return [];
  const total = [...reasons.values()].reduce((sum, count) => sum + count, 0);
  const effect = failOnSkipped ? "--fail-on-skipped: they fail the run" : "not tested; neither a pass nor a failure";
  return [`skipped: ${total} (${effect})`, ...[...reasons].map(([line, count]) => (count > 1 ? `${line} (×${count})` : line))];
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
