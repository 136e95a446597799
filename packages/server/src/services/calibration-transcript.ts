/**
 * A stored transcript (AG-UI wire messages, as `run_messages` keeps them)
 * back as AI SDK model messages, so a candidate judge grades the very
 * conversation the run's judge graded. Tool calls and their results keep
 * their ids and names; anything unreadable becomes plain text rather than
 * being dropped.
 */
import type { ModelMessage } from "ai";

interface WireToolCall {
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown };
}

/** The model messages of stored wire messages, in order. */
export function modelMessagesOf(stored: ReadonlyArray<Record<string, unknown>>): ModelMessage[] {
  const toolNames = new Map<string, string>();
  const messages: ModelMessage[] = [];
  for (const message of stored) {
    const text = typeof message.content === "string" ? message.content : "";
    switch (message.role) {
      case "user":
        messages.push({ role: "user", content: text });
        break;
      case "system":
      case "developer":
        messages.push({ role: "system", content: text });
        break;
      case "assistant": {
        const calls = Array.isArray(message.toolCalls) ? (message.toolCalls as WireToolCall[]) : [];
        if (calls.length === 0) {
          messages.push({ role: "assistant", content: text });
          break;
        }
        const parts = calls.map((call, index) => {
          const toolCallId = typeof call.id === "string" ? call.id : `call-${messages.length}-${index}`;
          const toolName = typeof call.function?.name === "string" ? call.function.name : "tool";
          toolNames.set(toolCallId, toolName);
          return { type: "tool-call" as const, toolCallId, toolName, input: argumentsOf(call.function?.arguments) };
        });
        messages.push({ role: "assistant", content: [...(text ? [{ type: "text" as const, text }] : []), ...parts] });
        break;
      }
      case "tool": {
        const toolCallId = typeof message.toolCallId === "string" ? message.toolCallId : "";
        const toolName = toolNames.get(toolCallId);
        if (toolName === undefined) messages.push({ role: "user", content: `[tool result] ${text}` });
        else
          messages.push({
            role: "tool",
            content: [{ type: "tool-result", toolCallId, toolName, output: { type: "text", value: text } }],
          });
        break;
      }
      default:
        messages.push({ role: "user", content: text });
    }
  }
  return messages;
}

function argumentsOf(value: unknown): unknown {
  if (typeof value !== "string") return {};
  try {
    return JSON.parse(value);
  } catch {
    return { arguments: value };
  }
}
