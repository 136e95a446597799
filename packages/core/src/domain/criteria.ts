import type { Check, Criterion } from "./scenario.js";

// The criterion types live in scenario.ts with the state a check reads (and the judge options that hold
// criteria), so the two modules form no import cycle; they are re-exported here.
export type { Check, CheckOutcome, Criterion } from "./scenario.js";

/** True for deterministic checks. */
export function isCheck(criterion: unknown): criterion is Check {
  return (
    typeof criterion === "object" &&
    criterion !== null &&
    (criterion as Check).kind === "check" &&
    typeof (criterion as Check).evaluate === "function"
  );
}

/** The display name of a criterion. */
export function criterionName(criterion: Criterion): string {
  return typeof criterion === "string" ? criterion : criterion.name;
}
