import type { DeviationKind, ExpectedOutcomes, OutcomeCheck } from "../domain/declarative.js";
import type { Conclusion } from "../engine/conclusion.js";
import type { EnvironmentSession } from "../environment/environment-session.js";
import { outcomeChecks } from "./expected-outcomes.js";

/** Deviation kinds that fail the run (U-OR-12: assertions and expectations fail by default). */
const failingDeviations = new Set<DeviationKind>([
  "assertion_failed",
  "tool_result_mismatch",
  "missing_action",
  "forbidden_event",
  "outcome_unmet",
]);

/** How the declarative side settles a run, and the outcome checks it made (the run summary lists them). */
export interface DeclarativeConclusion {
  readonly conclusion: Conclusion;
  readonly metCriteria: string[];
  readonly unmetCriteria: string[];
  readonly checks: OutcomeCheck[];
}

/**
 * Checks the expected outcomes against the session's end state and events,
 * records each unmet one (and an error ending) as a deviation, then settles
 * the run: any failing deviation fails it; a run whose script ended with no
 * verdict passes when at least one declarative check decided it; otherwise
 * the engine's conclusion stands.
 */
export function concludeDeclarative(
  conclusion: Conclusion,
  expected: ExpectedOutcomes | undefined,
  session: EnvironmentSession,
): DeclarativeConclusion {
  const { record } = session;
  const checks = outcomeChecks(expected, {
    totalEvents: record.totalEvents,
    eventsByType: record.eventsByType,
    state: session.state,
    variables: session.variables.snapshot(),
  });
  for (const check of checks) {
    if (check.passed) continue;
    const kind = check.name === "forbidden_event" ? "forbidden_event" : "outcome_unmet";
    session.deviation(kind, check.expected, check.actual, check.message);
  }
  if (conclusion.status === "error") {
    session.deviation("unhandled_error", "no error", conclusion.error?.message ?? conclusion.reasoning, conclusion.reasoning);
  }
  const failures = record.deviations.filter((deviation) => failingDeviations.has(deviation.kind));
  // a skipped run was cut short before it could be graded: a check that held proves nothing then
  // (a forbidden event "did not occur" in a conversation that never happened), a broken one still fails it
  const metCriteria = conclusion.status === "skipped" ? [] : checks.filter((check) => check.passed).map((check) => check.message);
  const unmetCriteria = failures.map((deviation) => deviation.message);
  if (failures.length > 0) {
    const reasoning = `Expected behaviour not met: ${unmetCriteria.join("; ")}`;
    return { conclusion: { status: "fail", reasoning }, metCriteria, unmetCriteria, checks };
  }
  const decided = checks.length + record.stepChecks;
  if (conclusion.undecided && decided > 0) {
    const reasoning = decided === 1 ? "1 declarative check passed" : `All ${decided} declarative checks passed`;
    return { conclusion: { status: "pass", reasoning }, metCriteria, unmetCriteria, checks };
  }
  return { conclusion, metCriteria, unmetCriteria, checks };
}
