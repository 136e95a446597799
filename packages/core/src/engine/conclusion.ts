import type { RehearseErrorCode } from "../domain/errors.js";
import { errorMessage, RehearseError } from "../domain/errors.js";
import type { ScenarioStatus } from "../domain/outcome.js";
import { combineStatuses, outcomes } from "../domain/outcome.js";
import type { JudgeResult } from "../domain/result.js";
import type { CriteriaLedger } from "./criteria-ledger.js";

/** How a run ended, before it is turned into a `ScenarioResult`. */
export interface Conclusion {
  status: ScenarioStatus;
  reasoning: string;
  /** For `error`: what broke. */
  error?: { code: RehearseErrorCode | "assertion"; message: string };
  /** True when the script ended with nothing deciding the run (no verdict, no checkpoint): run hooks may decide it. */
  undecided?: boolean;
}

/** Guidance when a script ends without any verdict. */
export const END_OF_SCRIPT_REASONING = [
  "Reached the end of the script without a verdict. Add one of these steps:",
  "- judge() to ask the judge for a verdict on its criteria, or judge({ criteria }) for a checkpoint",
  "- succeed() or fail() to end with an explicit result",
  "- if the script already has a judge that never concludes, raise maxTurns",
].join("\n");

/**
 * The status a verdict gives once the run's ledger is taken into account:
 * any unmet criterion means not `pass`, and an undecided part (`skipped`)
 * keeps a pass from being reported as one.
 */
export function statusOf(verdict: Pick<JudgeResult, "success" | "status">, ledger: CriteriaLedger): ScenarioStatus {
  const own: ScenarioStatus = verdict.status === "skipped" ? "skipped" : verdict.success ? "pass" : "fail";
  return combineStatuses(own, ledger.hasUnmet ? "fail" : "pass", ledger.skipped.length > 0 ? "skipped" : "pass");
}

/** The conclusion of a script that ran to its end without one. */
export function endOfScript(ledger: CriteriaLedger): Conclusion {
  if (ledger.checkpoints === 0) return { status: "fail", reasoning: END_OF_SCRIPT_REASONING, undecided: true };
  const status = combineStatuses(ledger.hasUnmet ? "fail" : "pass", ledger.skipped.length > 0 ? "skipped" : "pass");
  const reasoning =
    status === "pass"
      ? "All inline criteria checkpoints passed"
      : status === "skipped"
        ? `Inline checkpoints passed, but part of them could not be decided: ${ledger.skipped.join("; ")}`
        : `Inline checkpoints left criteria unmet: ${ledger.unmet.join("; ")}`;
  return { status, reasoning };
}

/**
 * The conclusion for an error thrown by a step, an agent or the harness. A
 * missing model is not an error: the run could not be decided, so it is
 * `skipped` and the reasoning names the setting to add.
 */
export function errorConclusion(error: unknown): Conclusion {
  if (isMissingModel(error)) return { status: "skipped", reasoning: errorMessage(error) };
  const code: RehearseErrorCode = RehearseError.isInstance(error) ? error.code : "step_failed";
  const message = errorMessage(error);
  return { status: "error", reasoning: `Scenario failed with error: ${message}`, error: { code, message } };
}

/** True for the error a step raises when it needs a model and none is configured. */
export function isMissingModel(error: unknown): boolean {
  return RehearseError.isInstance(error) && error.code === "model_not_configured";
}

/** What `run()` rejects with for an error: a `RehearseError` as is, anything else wrapped as `step_failed` (original as `cause`). */
export function rejectionFor(error: unknown): RehearseError {
  if (RehearseError.isInstance(error)) return error;
  return new RehearseError("step_failed", `A script step threw: ${errorMessage(error)}`, { cause: error });
}

/** The conclusion for a failed inline assertion (`expect`, `assert`). */
export function assertionConclusion(error: Error): Conclusion {
  return { status: "fail", reasoning: `Inline assertion failed: ${error.message}` };
}

/** True when the status counts as success (only `pass`). */
export function isSuccess(status: ScenarioStatus): boolean {
  return outcomes[status].success;
}
