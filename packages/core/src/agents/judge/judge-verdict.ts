import { parseToolInput } from "../json-reply.js";
import { CONTINUE_TEST, FINISH_TEST } from "./judge-tools.js";

/** The arguments of the judge's `finish_test` tool (the reference's `FinishTestArgs`). */
export interface FinishTestArgs {
  /** Verdict per criterion, keyed by its field name (`criterionToParamName`). */
  criteria: Record<string, "true" | "false" | "inconclusive">;
  reasoning: string;
  verdict: "success" | "failure" | "inconclusive";
}

/** One criterion's answer in `finish_test`. */
export type CriterionAnswer = "true" | "false" | "inconclusive";

/** What a judge model's reply means. */
export type JudgeDecision =
  | { kind: "continue" }
  | {
      kind: "finish";
      verdict: "success" | "failure" | "inconclusive";
      reasoning: string;
      /** Per criterion text, mapped back by field name (never by position). */
      answers: Map<string, CriterionAnswer>;
    }
  /** Unusable output: retried, then an `error`. `problem` says what was wrong, for the retry and the error. */
  | { kind: "malformed"; problem: string };

/** A usable decision: what `askJudge` returns (unusable output is retried, then thrown). */
export type JudgeAnswer = Exclude<JudgeDecision, { kind: "malformed" }>;

/** A tool call as the AI SDK reports it. */
export interface ReportedToolCall {
  toolName: string;
  input: unknown;
}

const ANSWERS = new Set(["true", "false", "inconclusive"]);
const VERDICTS = new Set(["success", "failure", "inconclusive"]);

/**
 * Reads the judge's tool calls: the first verdict tool call decides. A
 * missing call, an unknown tool, unparseable JSON, a wrong field or a
 * criterion left out is `malformed` (never a failing agent).
 */
export function readDecision(
  calls: readonly ReportedToolCall[],
  names: readonly string[],
  criteria: readonly string[],
  allowContinue: boolean,
): JudgeDecision {
  const call = calls.find((candidate) => candidate.toolName === FINISH_TEST || candidate.toolName === CONTINUE_TEST);
  if (!call) {
    const seen = calls.map((candidate) => candidate.toolName).join(", ");
    return {
      kind: "malformed",
      problem: seen ? `it called ${seen} instead of a verdict tool` : "it answered without a tool call",
    };
  }
  if (call.toolName === CONTINUE_TEST) {
    return allowContinue
      ? { kind: "continue" }
      : { kind: "malformed", problem: "it called continue_test when a verdict was required" };
  }
  const input = parseToolInput(call.input);
  if (typeof input !== "object" || input === null)
    return { kind: "malformed", problem: "finish_test arguments are not a JSON object" };
  const { criteria: given, reasoning, verdict } = input as Record<string, unknown>;
  if (typeof verdict !== "string" || !VERDICTS.has(verdict)) {
    return {
      kind: "malformed",
      problem: `finish_test.verdict must be success, failure or inconclusive (got ${JSON.stringify(verdict)})`,
    };
  }
  if (typeof given !== "object" || given === null) return { kind: "malformed", problem: "finish_test.criteria is missing" };
  const answers = new Map<string, CriterionAnswer>();
  for (const [index, name] of names.entries()) {
    const answer = (given as Record<string, unknown>)[name];
    if (typeof answer !== "string" || !ANSWERS.has(answer)) {
      return {
        kind: "malformed",
        problem: `finish_test.criteria.${name} must be "true", "false" or "inconclusive" (got ${JSON.stringify(answer)})`,
      };
    }
    answers.set(criteria[index] as string, answer as CriterionAnswer);
  }
  return {
    kind: "finish",
    verdict: verdict as "success" | "failure" | "inconclusive",
    reasoning: typeof reasoning === "string" && reasoning ? reasoning : "No reasoning given",
    answers,
  };
}
