import type { JSONValue } from "@ai-sdk/provider";
import type { ModelMessage } from "../domain/messages.js";
import type { ScenarioResult } from "../domain/result.js";
import type { ObservedToolCall } from "../domain/tools.js";
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
 * The conversation as reports show it: `result.messages` with the tool calls
 * agents ran themselves through `input.tools` (`result.toolCalls`) put where
 * they happened, each as an assistant message with the call and a tool
 * message with its result or error — as a call the agent returned appears.
 * Calls the messages already hold (a returned call the harness ran, or one
 * the agent both ran and returned) are not shown twice.
 *
 * @example
 * transcriptMessages({ messages: [question, answer], toolCalls: [{ toolName: "refund", atMessage: 1, … }] });
 * // [question, { role: "assistant", content: [tool-call] }, { role: "tool", content: [tool-result] }, answer]
 */
export function transcriptMessages(result: Pick<ScenarioResult, "messages" | "toolCalls">): readonly ModelMessage[] {
  const shown = new Set<string>();
  for (const message of result.messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) if (part.type === "tool-call") shown.add(part.toolCallId);
  }
  const calls = (result.toolCalls ?? []).filter((call) => !shown.has(call.toolCallId));
  if (calls.length === 0) return result.messages;
  // stable: calls at the same place keep the order they were made in
  const ordered = calls.toSorted((left, right) => place(left) - place(right));
  const merged: ModelMessage[] = [];
  let next = 0;
  for (const [index, message] of result.messages.entries()) {
    for (; next < ordered.length && place(ordered[next] as ObservedToolCall) <= index; next++)
      merged.push(...callMessages(ordered[next] as ObservedToolCall));
    merged.push(message);
  }
  for (const call of ordered.slice(next)) merged.push(...callMessages(call));
  return merged;
}

/** Where a call goes; one recorded without a place goes last. */
function place(call: ObservedToolCall): number {
  return call.atMessage ?? Number.POSITIVE_INFINITY;
}

/** A call as the messages of a returned call: the assistant's call, then the tool's answer when there was one. */
function callMessages(call: ObservedToolCall): ModelMessage[] {
  const { toolCallId, toolName } = call;
  const request: ModelMessage = { role: "assistant", content: [{ type: "tool-call", toolCallId, toolName, input: call.input }] };
  const answered = call.error !== undefined || "output" in call;
  if (!answered) return [request];
  const output =
    call.error !== undefined
      ? { type: "error-text" as const, value: call.error }
      : { type: "json" as const, value: call.output as JSONValue };
  return [request, { role: "tool", content: [{ type: "tool-result", toolCallId, toolName, output }] }];
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
