import type { Check } from "../domain/criteria.js";
import type { ScenarioExecutionStateLike } from "../domain/scenario.js";

/** The verdict of a list of deterministic checks. */
export interface ChecksVerdict {
  met: string[];
  unmet: string[];
  /** One line per unmet check: its name and, when given, why. */
  reasons: string[];
}

/**
 * Runs deterministic checks against the state, in order. A check that throws
 * propagates: a broken check is an error, not an unmet criterion.
 */
export async function evaluateChecks(checks: readonly Check[], state: ScenarioExecutionStateLike): Promise<ChecksVerdict> {
  const verdict: ChecksVerdict = { met: [], unmet: [], reasons: [] };
  for (const check of checks) {
    const outcome = await check.evaluate(state);
    const met = typeof outcome === "boolean" ? outcome : outcome.met;
    const reason = typeof outcome === "boolean" ? undefined : outcome.reason;
    if (met) verdict.met.push(check.name);
    else {
      verdict.unmet.push(check.name);
      verdict.reasons.push(reason ? `${check.name}: ${reason}` : check.name);
    }
  }
  return verdict;
}
