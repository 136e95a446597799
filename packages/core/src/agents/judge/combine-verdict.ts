import type { JudgeResult } from "../../domain/result.js";
import type { ChecksVerdict } from "../../engine/evaluate-checks.js";
import type { JudgeDecision } from "./judge-verdict.js";

/**
 * One verdict from the deterministic checks and the model's `finish_test`
 * (or the reason it could not be asked). Any unmet criterion, and a forced
 * `inconclusive`, means not passed; with no model, passing checks give
 * `skipped` (undecided), failing ones `fail`.
 */
export function combineVerdict(parts: {
  checked?: ChecksVerdict | undefined;
  decision?: Extract<JudgeDecision, { kind: "finish" }>;
  criteria?: readonly string[];
  skipped?: string;
}): JudgeResult {
  const metCriteria = [...(parts.checked?.met ?? [])];
  const unmetCriteria = [...(parts.checked?.unmet ?? [])];
  const reasons = (parts.checked?.reasons ?? []).map((reason) => `unmet: ${reason}`);
  const { decision } = parts;
  if (decision) {
    for (const criterion of parts.criteria ?? []) {
      if (decision.answers.get(criterion) === "true") metCriteria.push(criterion);
      else unmetCriteria.push(criterion);
    }
    reasons.unshift(decision.reasoning);
  }
  if (parts.skipped) reasons.push(parts.skipped);
  const verdictSaysNo = decision !== undefined && decision.verdict !== "success";
  const success = unmetCriteria.length === 0 && !verdictSaysNo && !parts.skipped;
  const result: JudgeResult = {
    success,
    reasoning: reasons.join("\n") || `All ${metCriteria.length} criteria met`,
    metCriteria,
    unmetCriteria,
  };
  if (parts.skipped && unmetCriteria.length === 0) result.status = "skipped";
  return result;
}
