/**
 * One-line texts for the facts of a run (deviations, injections, outcome
 * checks, times), shared by the console, JUnit and HTML reports so each says
 * the same thing the same way.
 */
import type { Deviation, InjectionLogEntry, OutcomeCheck } from "../domain/declarative.js";
import type { ReportEntry } from "./run-report.js";
import { compactJson, truncate } from "./transcript-text.js";

/** Longest injection outcome shown inline. */
const outcomeLimit = 300;

/** Seconds with at most three decimals, e.g. `1.5 s`. */
export function secondsText(seconds: number): string {
  return `${Number(seconds.toFixed(3))} s`;
}

/** e.g. `[outcome_unmet] refunds: expected [...] (step 2, at 31 s)`. */
export function deviationText(deviation: Deviation): string {
  const where = [
    deviation.step_index === undefined ? undefined : `step ${deviation.step_index}`,
    `at ${secondsText(deviation.at_seconds)}`,
  ].filter(Boolean);
  return `[${deviation.kind}] ${deviation.message} (${where.join(", ")})`;
}

/** e.g. `refund times out (tool_error, random trigger, at 2 s, turn 1): fired with p=0.5 → {...}`. */
export function injectionText(injection: InjectionLogEntry): string {
  const outcome = injection.outcome === undefined ? "" : ` → ${truncate(compactJson(injection.outcome), outcomeLimit)}`;
  return (
    `${injection.injection} (${injection.type}, ${injection.trigger} trigger, at ${secondsText(injection.at_seconds)}, ` +
    `turn ${injection.turn}): ${injection.reason}${outcome}`
  );
}

/** e.g. `✗ state: refunds equals [40] (actual [])`; the target is named when the message does not name it. */
export function outcomeCheckText(check: OutcomeCheck): string {
  const mark = check.passed ? "✓" : "✗";
  const subject = check.message.includes(check.target) ? check.name : `${check.name} ${check.target}`;
  return `${mark} ${subject}: ${check.message}`;
}

/**
 * The outcome checks a report lists, as {@link outcomeCheckText}: every one,
 * except that a skipped run — cut short before it was graded — lists only
 * those that broke (one that held says nothing about the agent then).
 */
export function outcomeCheckTexts(entry: ReportEntry): string[] {
  const checks = entry.result.scenarioRun?.outcome_checks.checks ?? [];
  const shown = entry.result.status === "skipped" ? checks.filter((check) => !check.passed) : checks;
  return shown.map(outcomeCheckText);
}

/** The status and what was expected, e.g. `fail: failed as expected` or `pass: expected to fail (a known flaw) but passed`. */
export function statusText(entry: ReportEntry): string {
  return `${entry.result.status}: ${entry.expectation.message}`;
}

/** Wall, agent and (declarative runs) virtual time, e.g. `total 0.12 s · agent 0.05 s · virtual 45 s`. */
export function timesText(entry: ReportEntry): string {
  const { result } = entry;
  const parts: string[] = [];
  if (result.totalTime !== undefined) parts.push(`total ${secondsText(result.totalTime)}`);
  if (result.agentTime !== undefined) parts.push(`agent ${secondsText(result.agentTime)}`);
  if (result.scenarioRun) parts.push(`virtual ${secondsText(result.scenarioRun.execution_time_seconds)}`);
  return parts.join(" · ") || "not measured";
}

/** Why a run ended as it did: the verdict's reasoning, else the error message. */
export function reasoningText(entry: ReportEntry): string | undefined {
  const { result } = entry;
  if (result.reasoning) return result.reasoning;
  if (result.error) return result.error;
  return undefined;
}
