/**
 * Outcomes. Every result has exactly one status:
 *
 * | status    | means                                                     | `success` | wire status (`SCENARIO_RUN_FINISHED.status`) | wire verdict |
 * |-----------|-----------------------------------------------------------|-----------|-----------------------------------------------|--------------|
 * | `pass`    | a verdict or checkpoint said yes and no criterion is unmet | true      | `SUCCESS`                                     | `success`    |
 * | `fail`    | the judge, a check or an inline assertion said no          | false     | `FAILED`                                      | `failure`    |
 * | `error`   | infrastructure broke: an agent or step threw, abort, bad return value | false | `ERROR`                            | `failure`    |
 * | `skipped` | a step needed something not configured (e.g. a model)      | false     | `SKIPPED`                                     | `inconclusive` |
 *
 * When several apply, the strongest wins: error > fail > skipped > pass.
 */
export type ScenarioStatus = "pass" | "fail" | "error" | "skipped";

/** Wire names of the statuses, as `SCENARIO_RUN_FINISHED` carries them. */
export type WireStatus = "SUCCESS" | "FAILED" | "ERROR" | "SKIPPED";

/** Wire verdicts, lowercase as the reference sends them. */
export type WireVerdict = "success" | "failure" | "inconclusive";

interface OutcomeRow {
  readonly success: boolean;
  readonly wireStatus: WireStatus;
  readonly wireVerdict: WireVerdict;
  /** Higher wins when statuses combine. */
  readonly precedence: number;
  readonly meaning: string;
}

/** The outcome table: one row per status (see the module comment). */
export const outcomes: Readonly<Record<ScenarioStatus, OutcomeRow>> = {
  pass: {
    success: true,
    wireStatus: "SUCCESS",
    wireVerdict: "success",
    precedence: 0,
    meaning: "a verdict or checkpoint said yes and no criterion is unmet",
  },
  skipped: {
    success: false,
    wireStatus: "SKIPPED",
    wireVerdict: "inconclusive",
    precedence: 1,
    meaning: "a step needed something that is not configured, such as a model",
  },
  fail: {
    success: false,
    wireStatus: "FAILED",
    wireVerdict: "failure",
    precedence: 2,
    meaning: "the judge, a deterministic check or an inline assertion said no",
  },
  error: {
    success: false,
    wireStatus: "ERROR",
    wireVerdict: "failure",
    precedence: 3,
    meaning: "infrastructure broke: an agent or step threw, the run was aborted, or a return value was invalid",
  },
};

/** The strongest of the given statuses (error > fail > skipped > pass); `pass` for none. */
export function combineStatuses(...statuses: ScenarioStatus[]): ScenarioStatus {
  let strongest: ScenarioStatus = "pass";
  for (const status of statuses) {
    if (outcomes[status].precedence > outcomes[strongest].precedence) strongest = status;
  }
  return strongest;
}

/**
 * True for errors test runners treat as failed assertions: vitest/chai
 * (`AssertionError`), `node:assert` (`AssertionError [ERR_ASSERTION]` has name
 * `AssertionError`), and jest-style matchers that set the same name.
 */
export function isAssertionError(error: unknown): error is Error {
  return error instanceof Error && error.name === "AssertionError";
}
