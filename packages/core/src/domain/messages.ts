import type { AssistantModelMessage, ModelMessage, ToolModelMessage, UserModelMessage } from "ai";

/** Conversation messages are the AI SDK's `ModelMessage`s (type-only: importing them loads nothing). */
export type { AssistantModelMessage, ModelMessage, ToolModelMessage, UserModelMessage };

/** A tool call found in an assistant message (AI SDK `tool-call` part). */
export interface ToolCallPart {
  readonly type: "tool-call";
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
}

/** A tool result found in a tool message (AI SDK `tool-result` part). */
export interface ToolResultPart {
  readonly type: "tool-result";
  readonly toolCallId: string;
  readonly toolName: string;
  readonly output: unknown;
}

/**
 * The plain text of a message: string content as is, text parts joined with
 * newlines, every other part left out.
 */
export function messageText(message: ModelMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  let text = "";
  for (const part of content) {
    if (part.type === "text") text = text ? `${text}\n${part.text}` : part.text;
  }
  return text;
}

/** Tool-call parts of an assistant message; empty for every other message. */
export function toolCallsOf(message: ModelMessage): ToolCallPart[] {
  if (message.role !== "assistant" || typeof message.content === "string") return [];
  return message.content.filter((part): part is ToolCallPart & typeof part => part.type === "tool-call");
}

/** Tool-result parts of a tool message; empty for every other message. */
export function toolResultsOf(message: ModelMessage): ToolResultPart[] {
  if (message.role !== "tool") return [];
  return message.content.filter((part): part is ToolResultPart & typeof part => part.type === "tool-result");
}

/** True when `value` looks like a message: an object with a string `role`. */
export function isModelMessage(value: unknown): value is ModelMessage {
  return typeof value === "object" && value !== null && typeof (value as { role?: unknown }).role === "string";
}

/** True for a tool message carrying a result of `toolName` (what `state.lastToolCall` returns). */
export function carriesToolResult(message: ModelMessage, toolName: string): message is ToolModelMessage {
  return toolResultsOf(message).some((part) => part.toolName === toolName);
}
