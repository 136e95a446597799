/**
 * Reading JSON out of a model's text answer. Models asked for "JSON only"
 * still wrap it in code fences or prose; these helpers are the one place
 * that tolerance lives (scorer, TAP evaluator and attacker, GOAT).
 */

/** The text without a surrounding ```json / ``` fence, trimmed. */
export function stripCodeFence(text: string): string {
  return text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/\s*```$/, "")
    .trim();
}

/**
 * The JSON object in a model's answer: the whole text, or the part inside a
 * code fence or between the first `{` and the last `}`. Undefined when there
 * is none (an array or a scalar is not an object).
 */
export function jsonObjectIn(text: string): Record<string, unknown> | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  for (const candidate of [text, fenced, between(text, "{", "}")]) {
    if (candidate === undefined) continue;
    try {
      const value: unknown = JSON.parse(candidate.trim());
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // not this candidate; try the next
    }
  }
  return undefined;
}

function between(text: string, open: string, close: string): string | undefined {
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}

/**
 * A tool call's input as data: providers send it as a JSON string; anything
 * that does not parse is returned as it was, for the caller to reject.
 */
export function parseToolInput(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}
