/**
 * Vitest integration. Importing this entry (e.g. from `setupFiles`)
 * registers `expect(result).toPass()`; `RehearseSummaryReporter` prints a
 * scenario summary at the end of the run.
 */
import { expect } from "vitest";
import { toPass } from "./matchers.js";

expect.extend({ toPass });

export { describeResult, transcriptTail } from "./format-failure.js";
export { type RehearseMatchers, type ScenarioSummaryEntry, type ToPassOptions, toPass } from "./matchers.js";
export { RehearseSummaryReporter } from "./summary-reporter.js";
