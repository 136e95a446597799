import { fileNote, isFilePart, reportSafe } from "./report-safe.js";

/** One message of a transcript as reports show it. */
export interface TranscriptLine {
  readonly role: string;
  readonly text: string;
}

/** Longest tool input or output shown inline. */
const toolValueLimit = 500;

/**
 * A message as a role and one readable text: text parts as is, tool calls as
 * `→ name({...})`, tool results as `← name: ...`, files as notes (never their
 * bytes). Accepts anything: a message that is not one still shows as JSON.
 *
 * @example
 * transcriptLine({ role: "assistant", content: [{ type: "tool-call", toolName: "refund", input: { id: "A1" } }] });
 * // { role: "assistant", text: '→ refund({"id":"A1"})' }
 */
export function transcriptLine(message: unknown): TranscriptLine {
  if (typeof message !== "object" || message === null) return { role: "unknown", text: String(message) };
  const { role, content } = message as { role?: unknown; content?: unknown };
  const roleName = typeof role === "string" ? role : "unknown";
  if (typeof content === "string") return { role: roleName, text: content };
  if (!Array.isArray(content)) return { role: roleName, text: compactJson(content ?? message) };
  return { role: roleName, text: content.map(partText).join("\n") };
}

/**
 * `text` cut to `limit` characters, ending in `… (N more characters)` when
 * cut. With `oneLine`, runs of whitespace (newlines included) become one space.
 */
export function truncate(text: string, limit: number, options?: { oneLine?: boolean }): string {
  const flat = options?.oneLine ? text.replace(/\s+/g, " ").trim() : text;
  if (flat.length <= limit) return flat;
  return `${flat.slice(0, Math.max(0, limit))}… (${flat.length - limit} more characters)`;
}

/** Compact JSON of a report value, `undefined` shown as such. */
export function compactJson(value: unknown): string {
  return JSON.stringify(reportSafe(value)) ?? "undefined";
}

function partText(part: unknown): string {
  if (typeof part === "string") return part;
  if (typeof part !== "object" || part === null) return String(part);
  const record = part as Record<string, unknown>;
  if (isFilePart(record)) return fileNote(record);
  switch (record.type) {
    case "text":
      return String(record.text ?? "");
    case "reasoning":
      return `(reasoning) ${String(record.text ?? "")}`;
    case "tool-call":
      return `→ ${String(record.toolName)}(${truncate(compactJson(record.input ?? record.args), toolValueLimit)})`;
    case "tool-result":
      return `← ${String(record.toolName)}: ${truncate(toolOutput(record.output ?? record.result), toolValueLimit)}`;
    default:
      return `[${String(record.type ?? "part")}] ${truncate(compactJson(record), toolValueLimit)}`;
  }
}

/** A tool result's output: AI SDK v6 wraps it as `{ type: "text" | "json" | "content" | …, value }`. */
function toolOutput(output: unknown): string {
  if (typeof output === "object" && output !== null && "type" in output && "value" in output) {
    const { type, value } = output as { type: unknown; value: unknown };
    if ((type === "text" || type === "error-text") && typeof value === "string")
      return type === "error-text" ? `error: ${value}` : value;
    if (type === "content" && Array.isArray(value)) return value.map(partText).join(" ");
    return compactJson(value);
  }
  return typeof output === "string" ? output : compactJson(output);
}
