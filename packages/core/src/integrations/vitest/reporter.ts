import picocolors from "picocolors";
import type { Reporter, TestCase, Vitest } from "vitest/node";
import { formatReport } from "./format-report.js";
import { type Colors, formatRun } from "./format-run.js";
import { RUN_RECORDS_META_KEY, type ScenarioRunRecord } from "./run-record.js";

/** Options of `VitestReporter`. */
export interface VitestReporterOptions {
  /** Where the text goes (default: vitest's logger, which keeps its own output tidy). */
  write?: (text: string) => void;
  /** Colour the output (default: when the terminal supports it; `NO_COLOR` / `FORCE_COLOR` apply). */
  colors?: boolean;
}

/**
 * A vitest reporter for scenario tests. For each test that ran scenarios it
 * prints every run — name, description, the chat log (user, agent, tool calls
 * and results) and the verdict (status, reasoning, met and unmet criteria,
 * error, seed) — and at the end of the test run a "Scenario Test Report"
 * with totals, counts per status, the success rate and one line per run.
 *
 * It reads what the setup file (`@rehearse/core/integrations/vitest/setup`,
 * added by `withScenario`) stores on each test's `meta`: nothing is written
 * to disk. Tests run without the setup file print nothing here.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * import { withScenario } from "@rehearse/core/integrations/vitest/config";
 * import VitestReporter from "@rehearse/core/integrations/vitest/reporter";
 * import { defineConfig } from "vitest/config";
 *
 * export default withScenario(defineConfig({ test: { reporters: ["default", new VitestReporter()] } }));
 * ```
 */
export class VitestReporter implements Reporter {
  private records: ScenarioRunRecord[] = [];
  private readonly colors: Colors;
  private readonly write: ((text: string) => void) | undefined;
  private log: ((text: string) => void) | undefined;

  constructor(options: VitestReporterOptions = {}) {
    this.write = options.write;
    this.colors = options.colors === undefined ? picocolors : picocolors.createColors(options.colors);
  }

  /** Takes vitest's logger as the output (unless `write` was given). */
  onInit(vitest: Pick<Vitest, "logger">): void {
    this.log = (text) => vitest.logger.log(text);
  }

  /** Starts a new report (watch mode runs again in the same reporter). */
  onTestRunStart(): void {
    this.records = [];
  }

  /** Prints the runs of a finished test. */
  onTestCaseResult(testCase: Pick<TestCase, "meta" | "fullName" | "module">): void {
    const records = (testCase.meta() as Record<string, unknown>)[RUN_RECORDS_META_KEY] as ScenarioRunRecord[] | undefined;
    if (!records || records.length === 0) return;
    const testName = `${testCase.module.relativeModuleId} > ${testCase.fullName}`;
    for (const record of records) {
      this.records.push(record);
      this.print(formatRun(record, testName, this.colors));
    }
  }

  /** Prints the "Scenario Test Report" when any test ran scenarios. */
  onTestRunEnd(): void {
    if (this.records.length === 0) return;
    this.print(formatReport(this.records, this.colors));
    this.records = [];
  }

  private print(text: string): void {
    if (this.write) this.write(text);
    else if (this.log) this.log(text);
    else process.stdout.write(`${text}\n`);
  }
}

export default VitestReporter;
