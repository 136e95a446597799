import type { generateText } from "ai";

/** The parameters of `generateText` (the reference's `InvokeLLMParams`). */
export type InvokeLLMParams = Parameters<typeof generateText>[0];
/**
 * What `invokeLLM` returns: the parts of `generateText`'s result agents read
 * (`text`, `content`, `toolCalls`), plus the reference's `toolResults` and
 * `steps`, optional here: the direct model call (`invokeModel`) runs no tools
 * and has no steps to report.
 */
export type InvokeLLMResult = Pick<GenerateTextResult, "text" | "content" | "toolCalls"> &
  Partial<Pick<GenerateTextResult, "toolResults" | "steps">>;
type GenerateTextResult = Awaited<ReturnType<typeof generateText>>;
