import type { ScenarioStatus } from "./outcome.js";

/** What a scenario is expected to end with: `pass` (the default) or `fail` (a known flaw, shown on purpose). */
export type ExpectedStatus = "pass" | "fail";

/**
 * How a run compares with what was expected (issue #6): `as_expected`,
 * `unexpected` (a known flaw that did not show is reported as loudly as a
 * new failure), or `undecided` (the run was `skipped`: it could not be
 * decided, which is counted and reported but is not a failure).
 */
export interface Expectation {
  readonly expected: ExpectedStatus;
  readonly outcome: "as_expected" | "unexpected" | "undecided";
  /** One sentence for reports, e.g. "expected to fail (a known flaw) but passed". */
  readonly message: string;
}

/**
 * Compares a run's status with the expected one. `error` is never as
 * expected: an infrastructure failure does not show a flaw.
 *
 * @example
 * expectationOf("fail", "fail"); // { expected: "fail", outcome: "as_expected", message: "failed as expected" }
 */
export function expectationOf(expected: ExpectedStatus, status: ScenarioStatus): Expectation {
  if (status === "skipped")
    return { expected, outcome: "undecided", message: `skipped: could not be decided (expected ${expected})` };
  if (status === expected) {
    return { expected, outcome: "as_expected", message: expected === "fail" ? "failed as expected" : "passed as expected" };
  }
  if (status === "error") return { expected, outcome: "unexpected", message: `ended with an error (expected ${expected})` };
  return {
    expected,
    outcome: "unexpected",
    message: expected === "fail" ? "expected to fail (a known flaw) but passed" : "expected to pass but failed",
  };
}
