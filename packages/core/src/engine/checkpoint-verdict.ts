import { type Criterion, criterionName } from "../domain/criteria.js";
import type { JudgeResult } from "../domain/result.js";
import type { ChecksVerdict } from "./evaluate-checks.js";

/**
 * The verdict of one `judge({ criteria })` checkpoint: the deterministic
 * checks' results joined with the judge's answer on the natural-language
 * criteria (when there were any). Unmet anything means not passed; a judge
 * that could not decide makes the checkpoint `skipped` unless something is unmet.
 */
export function checkpointVerdict(criteria: readonly Criterion[], checked: ChecksVerdict, judged?: JudgeResult): JudgeResult {
  const metCriteria = [...checked.met, ...(judged?.metCriteria ?? [])];
  const unmetCriteria = [...checked.unmet, ...(judged?.unmetCriteria ?? [])];
  const reasons = checked.reasons.map((reason) => `unmet: ${reason}`);
  if (judged?.reasoning) reasons.push(judged.reasoning);
  const skipped = judged?.status === "skipped";
  const judgeSaidNo = judged !== undefined && !judged.success && !skipped;
  const verdict: JudgeResult = {
    success: unmetCriteria.length === 0 && !judgeSaidNo,
    reasoning: reasons.join("\n") || `Checkpoint passed: ${criteria.map(criterionName).join("; ")}`,
    metCriteria,
    unmetCriteria,
  };
  if (skipped) verdict.status = "skipped";
  if (judged?.judgeVersion) verdict.judgeVersion = judged.judgeVersion;
  if (judged?.judgeModel) verdict.judgeModel = judged.judgeModel;
  return verdict;
}
