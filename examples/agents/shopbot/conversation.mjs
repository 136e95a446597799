// The bot's view of a conversation, the same whether it arrives as AI SDK messages (in-process)
// or in the OpenAI chat format (over HTTP), so both variants decide from identical input:
//   { role: "user", text, files: [{ filename?, mediaType, data?: Uint8Array }] }
//   { role: "assistant", text, toolCalls: [{ id, name, input }] }
//   { role: "tool", toolCallId, name, output }
//   { role: "system", text }

const FILE_MARKER = /\[file: ([^\]\s]+)\]/g;

/** Bytes of a file part's data: base64 text or a data URL, binary as is; `undefined` for a URL. */
function bytesOf(data) {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof data !== "string") return undefined;
  const base64 = data.startsWith("data:") ? data.slice(data.indexOf(",") + 1) : data;
  if (/^https?:\/\//.test(base64)) return undefined;
  return new Uint8Array(Buffer.from(base64, "base64"));
}

/** A tool's output as a plain value: an error text becomes the same `{ error }` shape a fault has. */
function toolValue(output) {
  if (output === null || typeof output !== "object" || !("type" in output)) return output ?? null;
  switch (output.type) {
    case "json":
    case "error-json":
      return output.value ?? null;
    case "text":
      return parseText(output.value);
    case "error-text":
      return { error: { type: "internal_error", message: String(output.value), recoverable: false } };
    default:
      return output;
  }
}

/** JSON when it parses, else an error carrying the text (an endpoint or tool answered something unexpected). */
function parseText(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { type: "internal_error", message: String(text), recoverable: false } };
  }
}

/**
 * The conversation from AI SDK `ModelMessage`s (what `AgentInput.messages` holds).
 *
 * @example
 * fromModelMessages([{ role: "user", content: "Where is order A100?" }]);
 * // [{ role: "user", text: "Where is order A100?", files: [] }]
 */
export function fromModelMessages(messages) {
  return messages.flatMap((message) => {
    const parts = typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
    const text = parts
      .filter((part) => part.type === "text")
      .map((part) => part.text)
      .join("\n");
    switch (message.role) {
      case "user": {
        const files = parts
          .filter((part) => part.type === "file" || part.type === "image")
          .map((part) => ({
            filename: part.filename,
            mediaType: part.mediaType ?? "application/octet-stream",
            data: bytesOf(part.data ?? part.image),
          }));
        return [{ role: "user", text, files }];
      }
      case "assistant": {
        const toolCalls = parts
          .filter((part) => part.type === "tool-call")
          .map((part) => ({ id: part.toolCallId, name: part.toolName, input: part.input }));
        return [{ role: "assistant", text, toolCalls }];
      }
      case "tool":
        return parts
          .filter((part) => part.type === "tool-result")
          .map((part) => ({ role: "tool", toolCallId: part.toolCallId, name: part.toolName, output: toolValue(part.output) }));
      default:
        return [{ role: "system", text }];
    }
  });
}

/** Text of OpenAI content (a string or parts); `files` collects file parts and `[file: …]` placeholders. */
function chatContent(content, files) {
  const pieces = [];
  for (const part of typeof content === "string" ? [{ type: "text", text: content }] : (content ?? [])) {
    if (part.type === "text") pieces.push(part.text ?? "");
    else if (part.type === "file")
      files.push({ filename: part.file?.filename, mediaType: "application/octet-stream", data: bytesOf(part.file?.file_data) });
    else if (part.type === "image_url") files.push({ mediaType: "image/*", data: bytesOf(part.image_url?.url) });
  }
  // the harness sends files to chat endpoints as placeholders: the bot sees that a file came, not its bytes
  return pieces
    .join("\n")
    .replace(FILE_MARKER, (_, mediaType) => {
      files.push({ mediaType, data: undefined });
      return "";
    })
    .trim();
}

/**
 * The conversation from OpenAI chat-completions messages (what the HTTP variant receives).
 *
 * @example
 * fromChatMessages([{ role: "tool", tool_call_id: "call_1", content: '{"found":true}' }]);
 */
export function fromChatMessages(messages) {
  const names = new Map();
  return messages.map((message) => {
    const files = [];
    const text = chatContent(message.content, files);
    switch (message.role) {
      case "user":
        return { role: "user", text, files };
      case "assistant": {
        const toolCalls = (message.tool_calls ?? []).map((call) => {
          names.set(call.id, call.function.name);
          return { id: call.id, name: call.function.name, input: parseText(call.function.arguments || "{}") };
        });
        return { role: "assistant", text, toolCalls };
      }
      case "tool":
        return { role: "tool", toolCallId: message.tool_call_id, name: names.get(message.tool_call_id), output: parseText(text) };
      default:
        return { role: "system", text };
    }
  });
}

/** True for a message in the OpenAI chat format (tool calls, tool results or parts of its own). */
function isChatMessage(message) {
  if ("tool_calls" in message || "tool_call_id" in message) return true;
  return Array.isArray(message.content) && message.content.some((part) => part.type === "image_url" || "file" in part);
}

/**
 * The bot's view of any conversation: entries as they are, AI SDK messages or OpenAI chat
 * messages converted (messages have `content`, entries do not).
 *
 * @example
 * toConversation([{ role: "user", content: "Where is order A100?" }]);
 */
export function toConversation(messages) {
  if (!messages.some((message) => "content" in message)) return messages;
  return messages.some(isChatMessage) ? fromChatMessages(messages) : fromModelMessages(messages);
}

/**
 * What the bot has to answer now: the user messages since its last reply (injected ones
 * included) and the results of the tools it has called since then, in order.
 *
 * @example
 * const { requests, results } = currentTurn(conversation);
 */
export function currentTurn(conversation) {
  let start = 0;
  conversation.forEach((entry, index) => {
    if (entry.role === "assistant" && entry.toolCalls.length === 0) start = index + 1;
  });
  const turn = conversation.slice(start);
  return {
    requests: turn.filter((entry) => entry.role === "user"),
    results: turn.filter((entry) => entry.role === "tool"),
  };
}
