import { countNoun } from "../domain/count-noun.js";
import type { Expectation } from "../domain/expectation.js";
import type { UsageLine } from "../domain/models.js";
import type { ScenarioStatus } from "../domain/outcome.js";
import type { ScenarioResult } from "../domain/result.js";

const labels: Record<ScenarioStatus, string> = { pass: "PASS ", fail: "FAIL ", error: "ERROR", skipped: "SKIP " };

/**
 * `PASS   name  — first line of the reasoning`, the line printed for each
 * run, with `  (failed as expected)` or `  (UNEXPECTED: …)` when the scenario
 * declared what it expects.
 *
 * @example
 * resultLine(result, "refund"); // "FAIL   refund  — never said yes  (failed as expected)"
 */
export function resultLine(result: ScenarioResult, name: string): string {
  const reasoning = (result.reasoning ?? result.error ?? "").split("\n")[0]?.trim();
  return `${statusLabel(result.status)}  ${name}${reasoning ? `  — ${reasoning}` : ""}${expectationSuffix(result.expectation)}`;
}

/** The five-character status label (`PASS `, `FAIL `, `ERROR`, `SKIP `). */
export function statusLabel(status: ScenarioStatus): string {
  return labels[status];
}

/** `  (failed as expected)`, `  (UNEXPECTED: expected to fail (a known flaw) but passed)`, or nothing. */
export function expectationSuffix(expectation: Expectation | undefined): string {
  if (!expectation || expectation.outcome === "undecided") return "";
  return expectation.outcome === "as_expected" ? `  (${expectation.message})` : `  (UNEXPECTED: ${expectation.message})`;
}

/**
 * The totals line: `N passed, N failed, N errors, N skipped`, plus
 * `; N as expected, N unexpected` when any scenario declared `expect`.
 */
export function totalsLine(
  counts: Readonly<Record<ScenarioStatus, number>>,
  expectations?: Readonly<Record<Expectation["outcome"], number>>,
): string {
  const { pass, fail, error, skipped } = counts;
  const totals = `${pass} passed, ${fail} failed, ${countNoun(error, "error")}, ${skipped} skipped`;
  return expectations ? `${totals}; ${expectations.as_expected} as expected, ${expectations.unexpected} unexpected` : totals;
}

/** One line of model usage for the summary, or nothing when no model was called. */
export function usageLine(total: UsageLine): string | undefined {
  if (total.calls === 0 && total.replayedCalls === 0) return undefined;
  const cost = total.cost === null ? "cost unknown (a model has no price)" : `$${total.cost.toFixed(4)}`;
  const replayed = total.replayedCalls > 0 ? `, ${total.replayedCalls} replayed` : "";
  return `models: ${countNoun(total.calls, "call")}${replayed}, ${total.inputTokens} input + ${total.outputTokens} output tokens, ${cost}`;
}
