// Scripted language models for the simulator and judge tests of the
// compatibility suite. Each is a `MockLanguageModelV3` from `ai/test` that
// answers from a function and keeps every call's options in `doGenerateCalls`,
// so a test can look at what the model was given (prompt, tools, tool choice,
// settings) without caring how the prompt is worded.
import { MockLanguageModelV3 } from "ai/test";

/** The parts of a LanguageModelV3 call's options the suite looks at. */
export interface CallOptions {
  prompt: Array<{ role: string; content: string | Array<{ type: string; text?: string; input?: unknown }> }>;
  tools?: Array<{ type: string; name: string; inputSchema?: JsonSchema }>;
  toolChoice?: { type: string; toolName?: string };
  temperature?: number;
  maxOutputTokens?: number;
}

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  [key: string]: unknown;
}

/** What a scripted model answers: text, or one tool call. */
export type Answer = string | { tool: string; input: unknown };

/** A model call's tool choice when a verdict is forced. */
export const forcedFinish = { type: "tool", toolName: "finish_test" };

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/**
 * A model that answers its n-th call (1-based) with `answer(options, n)`.
 *
 * @example
 * ```ts
 * const model = scriptedModel((_options, n) => `hello ${n}`);
 * ```
 */
export function scriptedModel(answer: (options: CallOptions, n: number) => Answer): MockLanguageModelV3 {
  let n = 0;
  return new MockLanguageModelV3({
    doGenerate: async (options) => {
      n++;
      const reply = answer(options as unknown as CallOptions, n);
      const content =
        typeof reply === "string"
          ? reply === ""
            ? []
            : [{ type: "text" as const, text: reply }]
          : [{ type: "tool-call" as const, toolCallId: `call-${n}`, toolName: reply.tool, input: JSON.stringify(reply.input) }];
      const finish = typeof reply === "string" ? "stop" : "tool-calls";
      return { content, finishReason: { unified: finish, raw: finish }, usage, warnings: [] } as never;
    },
  });
}

/** A model that says `texts[n-1]` on its n-th call (the last one once they run out). */
export function textModel(...texts: string[]): MockLanguageModelV3 {
  return scriptedModel((_options, n) => texts[Math.min(n, texts.length) - 1] ?? "");
}

/** A `finish_test` call grading `criteria` (parameter name → "true" | "false" | "inconclusive"). */
export function finishTest(criteria: Record<string, string>, verdict = "success", reasoning = "the mock judge decided"): Answer {
  return { tool: "finish_test", input: { criteria, reasoning, verdict } };
}

/** A `continue_test` call. */
export const continueTest: Answer = { tool: "continue_test", input: {} };

/** The calls a mock model received. */
export function callsOf(model: MockLanguageModelV3): CallOptions[] {
  return model.doGenerateCalls as unknown as CallOptions[];
}

/** A prompt message's content as text. */
function contentText(content: CallOptions["prompt"][number]["content"]): string {
  if (typeof content === "string") return content;
  return content.map((part) => part.text ?? JSON.stringify(part.input ?? part)).join("");
}

/** The system text a call received (every system message, joined by newlines). */
export function systemText(options: CallOptions): string {
  return options.prompt
    .filter((message) => message.role === "system")
    .map((message) => contentText(message.content))
    .join("\n");
}

/** The non-system messages a call received, as `role:text`. */
export function conversation(options: CallOptions): string[] {
  return options.prompt
    .filter((message) => message.role !== "system")
    .map((message) => `${message.role}:${contentText(message.content)}`);
}

/** Everything a call received, as one text. */
export function promptText(options: CallOptions): string {
  return options.prompt.map((message) => contentText(message.content)).join("\n");
}

/** The names of the tools a call offered. */
export function toolNames(options: CallOptions): string[] {
  return (options.tools ?? []).map((tool) => tool.name);
}

/** The property names of `finish_test`'s `criteria` object, as offered in a call. */
export function criteriaParameters(options: CallOptions): string[] {
  const finish = (options.tools ?? []).find((tool) => tool.name === "finish_test");
  return Object.keys(finish?.inputSchema?.properties?.criteria?.properties ?? {});
}
