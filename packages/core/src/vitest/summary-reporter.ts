import { countNoun } from "../domain/count-noun.js";
import type { ScenarioSummaryEntry } from "./matchers.js";

interface TestCaseLike {
  meta(): Record<string, unknown>;
}

/**
 * A vitest reporter that prints one table of every scenario checked with
 * `toPass()`: counts by status, then each non-passing scenario with its
 * reasoning and unmet criteria. Add it beside the default reporter:
 * `reporters: ["default", new RehearseSummaryReporter()]`.
 */
export class RehearseSummaryReporter {
  private readonly entries: ScenarioSummaryEntry[] = [];

  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(text)) {}

  onTestCaseResult(testCase: TestCaseLike): void {
    const recorded = testCase.meta().rehearse as ScenarioSummaryEntry[] | undefined;
    if (recorded) this.entries.push(...recorded);
  }

  onTestRunEnd(): void {
    if (this.entries.length === 0) return;
    const counts = { pass: 0, fail: 0, error: 0, skipped: 0 };
    for (const entry of this.entries) counts[entry.status]++;
    const lines = [
      "",
      `Rehearse: ${countNoun(this.entries.length, "scenario")} — ${counts.pass} pass, ${counts.fail} fail, ${counts.error} error, ${counts.skipped} skipped`,
    ];
    for (const entry of this.entries.filter((candidate) => candidate.status !== "pass")) {
      lines.push(`  ${entry.status.toUpperCase()} ${entry.name} (seed ${entry.seed}): ${entry.reasoning.split("\n")[0]}`);
      for (const criterion of entry.unmetCriteria) lines.push(`    unmet: ${criterion}`);
    }
    this.write(`${lines.join("\n")}\n`);
  }
}
