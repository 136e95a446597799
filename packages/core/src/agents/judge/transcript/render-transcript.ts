import type { ModelMessage } from "../../../domain/messages.js";
import { compactJson, compactString, mediaMarker } from "./compact-value.js";

/** Role of a transcript entry, as the judge reads it. */
export type TranscriptRole = "user" | "assistant" | "system" | "tool";

/** One message of the conversation, rendered for a judge. */
export interface TranscriptEntry {
  /** Position in the conversation, shown as `#index`; discovery tools address entries by it. */
  readonly index: number;
  readonly role: TranscriptRole;
  /** What precedes the colon: the role, or `tool (lookup_order)` for a tool result. */
  readonly label: string;
  /** The message's text verbatim, tool calls inline, media replaced by markers. */
  readonly text: string;
}

type Part = { readonly type?: unknown; readonly [key: string]: unknown };

/**
 * One entry per message, in order. Text parts are kept verbatim; assistant tool
 * calls render inline as `[tool_call name({"a":1})]`; a tool message becomes
 * `tool (<name>): <output>` with the name resolved from the call id; images,
 * files and data URLs become markers such as `[IMAGE: image/png, ~120 bytes]`.
 *
 * @example
 * ```ts
 * formatTranscript(renderTranscript(state.messages));
 * // #0 user: hello
 * // #1 assistant: Hi! [tool_call lookup({"id":1})]
 * ```
 */
export function renderTranscript(messages: readonly ModelMessage[]): TranscriptEntry[] {
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== "assistant" || typeof message.content === "string") continue;
    for (const part of message.content) if (part.type === "tool-call") toolNames.set(part.toolCallId, part.toolName);
  }
  return messages.map((message, index) => renderMessage(message, index, toolNames));
}

/** `#index label: text` — the line a judge reads for one entry. */
export function formatEntry(entry: TranscriptEntry): string {
  return `#${entry.index} ${entry.label}: ${entry.text}`;
}

/** The whole transcript, one entry after another, separated by newlines. */
export function formatTranscript(entries: readonly TranscriptEntry[]): string {
  return entries.map(formatEntry).join("\n");
}

function renderMessage(message: ModelMessage, index: number, toolNames: ReadonlyMap<string, string>): TranscriptEntry {
  const role = roleOf(message.role);
  const content = message.content as unknown;
  if (typeof content === "string") {
    // Loosely typed input (OpenAI-style `tool_call_id` on a string tool message) still gets its tool name.
    const callId = (message as { tool_call_id?: unknown }).tool_call_id;
    const name = typeof callId === "string" ? toolNames.get(callId) : undefined;
    return { index, role, label: name ? `tool (${name})` : role, text: compactString(content) };
  }
  const parts = Array.isArray(content) ? (content as Part[]) : [];
  if (role === "tool") return renderToolMessage(parts, index, toolNames);
  return { index, role, label: role, text: parts.map((part) => renderPart(part, toolNames)).join("\n") };
}

function renderToolMessage(parts: readonly Part[], index: number, toolNames: ReadonlyMap<string, string>): TranscriptEntry {
  const results = parts.filter((part) => part.type === "tool-result");
  const nameOf = (part: Part) => toolNames.get(String(part.toolCallId)) ?? stringOr(part.toolName, "unknown tool");
  const only = results.length === 1 && parts.length === 1 ? results[0] : undefined;
  if (only) return { index, role: "tool", label: `tool (${nameOf(only)})`, text: renderOutput(only.output) };
  const lines = parts.map((part) =>
    part.type === "tool-result" ? `(${nameOf(part)}): ${renderOutput(part.output)}` : renderPart(part, toolNames),
  );
  return { index, role: "tool", label: "tool", text: lines.join("\n") };
}

function renderPart(part: Part, toolNames: ReadonlyMap<string, string>): string {
  switch (part.type) {
    case "text":
      return compactString(stringOr(part.text, ""));
    case "reasoning":
      return `[reasoning: ${compactString(stringOr(part.text, ""))}]`;
    case "image":
      return mediaMarker(part.image, optionalString(part.mediaType), { fallbackType: "image/*" });
    case "file":
      return mediaMarker(part.data, optionalString(part.mediaType), { filename: optionalString(part.filename) });
    case "tool-call":
      return `[tool_call ${stringOr(part.toolName, "unknown tool")}(${renderInput(part.input)})]`;
    case "tool-result": {
      const name = toolNames.get(String(part.toolCallId)) ?? stringOr(part.toolName, "unknown tool");
      return `[tool_result ${name}: ${renderOutput(part.output)}]`;
    }
    case "tool-approval-request":
      return `[tool_approval_request for call ${stringOr(part.toolCallId, "?")}]`;
    case "tool-approval-response":
      return `[tool_approval ${part.approved ? "approved" : "denied"}${part.reason ? `: ${String(part.reason)}` : ""}]`;
    default:
      return `[${stringOr(part.type, "unknown")} part]`;
  }
}

/** Tool-call input as compact JSON (a JSON string is parsed first, so it is not double-quoted). */
function renderInput(input: unknown): string {
  if (input === undefined) return "";
  return compactJson(input);
}

/** AI SDK tool output (`text`, `json`, `error-*`, `content`, `execution-denied`) or any raw value. */
function renderOutput(output: unknown): string {
  if (typeof output !== "object" || output === null || !("type" in output)) return compactJson(output);
  const { type, value } = output as { type: unknown; value?: unknown };
  switch (type) {
    case "text":
      return compactString(stringOr(value, ""));
    case "json":
      return compactJson(value);
    case "error-text":
      return `[error] ${compactString(stringOr(value, ""))}`;
    case "error-json":
      return `[error] ${compactJson(value)}`;
    case "execution-denied": {
      const reason = (output as { reason?: unknown }).reason;
      return `[execution denied${typeof reason === "string" ? `: ${reason}` : ""}]`;
    }
    case "content":
      return Array.isArray(value) ? value.map((item: Part) => renderContentItem(item)).join("\n") : compactJson(value);
    default:
      return compactJson(output);
  }
}

function renderContentItem(item: Part): string {
  switch (item.type) {
    case "text":
      return compactString(stringOr(item.text, ""));
    case "media":
    case "image-data":
    case "file-data":
      return mediaMarker(item.data, optionalString(item.mediaType), { filename: optionalString(item.filename) });
    case "image-url":
    case "file-url":
      return `[${item.type === "image-url" ? "IMAGE" : "FILE"}: ${compactString(stringOr(item.url, ""))}]`;
    case "image-file-id":
    case "file-id":
      return `[${item.type === "image-file-id" ? "IMAGE" : "FILE"}: id ${compactJson(item.fileId)}]`;
    default:
      return `[${stringOr(item.type, "unknown")} content]`;
  }
}

function roleOf(role: string): TranscriptRole {
  return role === "user" || role === "system" || role === "tool" ? role : "assistant";
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
