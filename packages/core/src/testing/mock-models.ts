import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { criterionToParamName } from "../agents/judge/criterion-names.js";

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

/** A V3 generate result with one text part. */
export function textResult(text: string): LanguageModelV3GenerateResult {
  return { content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] };
}

/** A V3 generate result with one tool call (`input` is JSON-encoded as providers do). */
export function toolCallResult(toolName: string, input: unknown, toolCallId = "call_1"): LanguageModelV3GenerateResult {
  return {
    content: [{ type: "tool-call", toolCallId, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: "tool-calls", raw: "tool_calls" },
    usage,
    warnings: [],
  };
}

/**
 * A judge's `finish_test` reply for a mock judge model: criteria keyed by
 * field name (`criterionToParamName(text)`) or given as the texts themselves.
 *
 * @example
 * ```ts
 * const judgeModel = scriptedModel([continueTestResult(), finishTestResult({ "Agent greets the user": "true" })]);
 * ```
 */
export function finishTestResult(
  criteria: Record<string, "true" | "false" | "inconclusive">,
  verdict: "success" | "failure" | "inconclusive" = Object.values(criteria).every((answer) => answer === "true")
    ? "success"
    : "failure",
  reasoning = "mock verdict",
): LanguageModelV3GenerateResult {
  const named = Object.fromEntries(
    Object.entries(criteria).map(([criterion, answer]) => [criterionToParamName(criterion), answer]),
  );
  return toolCallResult("finish_test", { criteria: named, reasoning, verdict }, "call_finish");
}

/** A judge's `continue_test` reply for a mock judge model. */
export function continueTestResult(): LanguageModelV3GenerateResult {
  return toolCallResult("continue_test", {}, "call_continue");
}

/** A mock model with its received calls, as `MockLanguageModelV3` records them. */
export type RecordingModel = MockLanguageModelV3;

/**
 * A `MockLanguageModelV3` that answers from a list (or a function of the
 * call). Entries may be strings (text), results, or functions. After the
 * list it is an error, so a test notices an unexpected extra call.
 *
 * @example
 * ```ts
 * const model = scriptedModel(["hi there", toolCallResult("finish_test", { verdict: "success" })]);
 * ```
 */
export function scriptedModel(
  replies: ReadonlyArray<
    string | LanguageModelV3GenerateResult | ((options: LanguageModelV3CallOptions) => LanguageModelV3GenerateResult)
  >,
  modelId = "scripted",
): RecordingModel {
  let call = 0;
  return new MockLanguageModelV3({
    provider: "rehearse-testing",
    modelId,
    doGenerate: async (options) => {
      const reply = replies[call++];
      if (reply === undefined)
        throw new Error(`scriptedModel(${modelId}) was called ${call} times but has ${replies.length} replies`);
      if (typeof reply === "string") return textResult(reply);
      return typeof reply === "function" ? reply(options) : reply;
    },
  });
}

export { MockLanguageModelV3 };
