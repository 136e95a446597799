import type { ScenarioExecutionStateLike } from "./scenario.js";

/** What a deterministic check says about one criterion. */
export interface CheckOutcome {
  readonly met: boolean;
  /** Why, in a sentence; shown with unmet criteria. */
  readonly reason?: string;
}

/**
 * A criterion decided by code rather than by a model. Usable wherever a
 * natural-language criterion is: `judge({ criteria })`, `judgeAgent`,
 * `deterministicJudge`. `name` is what `metCriteria`/`unmetCriteria` list.
 */
export interface Check {
  readonly kind: "check";
  readonly name: string;
  evaluate(state: ScenarioExecutionStateLike): CheckOutcome | boolean | Promise<CheckOutcome | boolean>;
}

/** A natural-language criterion (for a model judge) or a deterministic check. */
export type Criterion = string | Check;

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
