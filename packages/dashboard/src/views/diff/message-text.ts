/**
 * The text of a stored message as the run diff compares it: its content
 * (a string, or its canonical JSON), then one `[tool call] name arguments`
 * line per tool call. Used for equal messages, whose text the diff does not
 * carry, read from `GET /api/v1/runs/{id}/messages`.
 */

/** JSON with object keys sorted, so equal values print alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function toolCallLines(toolCalls: unknown): string[] {
  if (!Array.isArray(toolCalls)) return [];
  return toolCalls.map((call: { function?: { name?: unknown; arguments?: unknown } }) => {
    const name = typeof call?.function?.name === "string" ? call.function.name : "unknown";
    const raw = typeof call?.function?.arguments === "string" ? call.function.arguments : "";
    let args = raw;
    try {
      args = canonicalJson(JSON.parse(raw));
    } catch {
      // not JSON: shown as sent
    }
    return `\n[tool call] ${name} ${args}`;
  });
}

/** A message page item's text (`content` and `toolCalls` ride on the item). */
export function messageText(item: Record<string, unknown>): string {
  const content = item.content;
  const text = typeof content === "string" ? content : content === undefined || content === null ? "" : canonicalJson(content);
  return text + toolCallLines(item.toolCalls).join("");
}
