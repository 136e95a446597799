import type * as Zod from "zod";
import type { AssistantModelMessage, ModelMessage } from "../../domain/messages.js";
import { type ChatContentPart, chatContent, hasFiles } from "./chat-content.js";

/** A tool call in the OpenAI chat format. */
export interface ChatToolCall {
  id: string;
  type: "function";
  /** `arguments` is a JSON string, as OpenAI sends it. */
  function: { name: string; arguments: string };
}

/** A message in the OpenAI chat-completions format. */
export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ChatContentPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

/** A tool call as an endpoint returned it, before it becomes a `tool-call` part. */
export interface ReturnedToolCall {
  id?: string | undefined;
  name: string;
  /** A JSON string (OpenAI) or an already parsed value. */
  arguments: unknown;
}

/** The AI SDK `tool-call` part an agent message carries. */
export interface ToolCallContent {
  type: "tool-call";
  toolCallId: string;
  toolName: string;
  input: unknown;
}

type Part = { type: string; [key: string]: unknown };

/**
 * The conversation in the OpenAI chat format. A user message's text parts
 * are joined with newlines; a user message with images or files becomes
 * content parts (`image_url`, `file` with base64 `file_data`) unless `files`
 * is `"placeholder"`, which sends `[file: <media type>]` text instead (for
 * text-only endpoints); reasoning parts are left out; assistant tool calls
 * become `tool_calls` with JSON-string arguments; each tool result becomes its
 * own `role: "tool"` message.
 */
export function toChatMessages(
  messages: readonly ModelMessage[],
  options: { files?: "inline" | "placeholder" } = {},
): ChatMessage[] {
  const chat: ChatMessage[] = [];
  for (const message of messages) {
    const parts: Part[] = typeof message.content === "string" ? [] : (message.content as Part[]);
    switch (message.role) {
      case "system":
        chat.push({ role: "system", content: String(message.content) });
        break;
      case "user":
        if (typeof message.content === "string") chat.push({ role: "user", content: message.content });
        else if (options.files !== "placeholder" && hasFiles(parts)) chat.push({ role: "user", content: chatContent(parts) });
        else chat.push({ role: "user", content: textOf(parts) });
        break;
      case "assistant": {
        if (typeof message.content === "string") {
          chat.push({ role: "assistant", content: message.content });
          break;
        }
        const calls = parts.filter((part) => part.type === "tool-call").map(chatToolCall);
        const text = textOf(parts.filter((part) => part.type !== "tool-call"));
        chat.push({
          role: "assistant",
          content: text || (calls.length > 0 ? null : ""),
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
        });
        break;
      }
      case "tool":
        for (const part of parts) {
          if (part.type !== "tool-result") continue;
          chat.push({ role: "tool", tool_call_id: String(part.toolCallId), content: toolOutputText(part.output) });
        }
        break;
      default:
        message satisfies never;
    }
  }
  return chat;
}

/**
 * An assistant message: plain string content for a text-only reply (what
 * `state.lastAgentMessage().content` users compare against), parts when the
 * endpoint returned tool calls.
 */
export function assistantMessage(text: string, toolCalls: readonly ToolCallContent[]): AssistantModelMessage {
  if (toolCalls.length === 0) return { role: "assistant", content: text };
  return { role: "assistant", content: [...(text ? [{ type: "text" as const, text }] : []), ...toolCalls] };
}

/**
 * A returned tool call as a `tool-call` part. Arguments that are not valid
 * JSON are kept as the raw string: the run shows what the agent really sent,
 * and a check or judge can fail it. Empty arguments mean `{}`.
 */
export function toolCallContent(call: ReturnedToolCall, fallbackId: string): ToolCallContent {
  return { type: "tool-call", toolCallId: call.id || fallbackId, toolName: call.name, input: parseArguments(call.arguments) };
}

function parseArguments(raw: unknown): unknown {
  if (typeof raw !== "string") return raw ?? {};
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Zod schemas for what endpoints return, built from the zod module the caller
 * loaded (zod is imported on first use, never with the package root).
 */
export function replySchemas(z: typeof Zod) {
  const openAIToolCall = z
    .object({ id: z.string().optional(), function: z.object({ name: z.string(), arguments: z.unknown().optional() }) })
    .transform((call): ReturnedToolCall => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
  const flatToolCall = z
    .object({ id: z.string().optional(), name: z.string(), arguments: z.unknown().optional(), input: z.unknown().optional() })
    .transform((call): ReturnedToolCall => ({ id: call.id, name: call.name, arguments: call.arguments ?? call.input }));
  const toolCalls = z.array(z.union([openAIToolCall, flatToolCall]));
  const textContent = z.union([z.string(), z.array(z.object({ text: z.string().optional() }).loose()), z.null()]);
  const completion = z.object({
    choices: z
      .array(
        z.object({
          message: z.object({
            content: textContent.optional(),
            refusal: z.string().nullish(),
            tool_calls: toolCalls.nullish(),
          }),
        }),
      )
      .min(1),
  });
  return { toolCalls, completion };
}

/** The first problem zod found, as `path: message`. */
export function firstIssue(error: Zod.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
  return `${path.replace(/^\./, "") || "(root)"}: ${issue.message}`;
}

function chatToolCall(part: Part): ChatToolCall {
  const input = part.input;
  // A raw string is what an endpoint sent as unparseable arguments: send it back unchanged.
  const args = typeof input === "string" ? input : JSON.stringify(input ?? {});
  return { id: String(part.toolCallId), type: "function", function: { name: String(part.toolName), arguments: args } };
}

function textOf(parts: readonly Part[]): string {
  const pieces: string[] = [];
  for (const part of parts) {
    if (part.type === "text") pieces.push(String(part.text));
    else if (part.type === "image") pieces.push(`[file: ${typeof part.mediaType === "string" ? part.mediaType : "image"}]`);
    else if (part.type === "file") pieces.push(`[file: ${String(part.mediaType)}]`);
  }
  return pieces.join("\n");
}

/** A tool result's output as text (OpenAI tool messages carry a string). */
function toolOutputText(output: unknown): string {
  if (typeof output === "string") return output;
  const typed = output as { type?: unknown; value?: unknown; reason?: unknown } | null | undefined;
  switch (typed?.type) {
    case "text":
    case "error-text":
      return String(typed.value);
    case "json":
    case "error-json":
      return JSON.stringify(typed.value);
    case "execution-denied":
      return `Tool execution denied${typeof typed.reason === "string" ? `: ${typed.reason}` : ""}`;
    case "content":
      return Array.isArray(typed.value) ? contentText(typed.value as Part[]) : "";
    default:
      // Older or hand-written results keep their raw value in `output`.
      return JSON.stringify(output ?? null);
  }
}

function contentText(parts: readonly Part[]): string {
  return parts
    .map((part) =>
      part.type === "text" ? String(part.text) : `[file: ${typeof part.mediaType === "string" ? part.mediaType : part.type}]`,
    )
    .join("\n");
}
