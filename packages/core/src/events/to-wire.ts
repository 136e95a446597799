import type { IdentifiedMessage, LifecycleEvent } from "../domain/event.js";
import { messageText, toolCallsOf, toolResultsOf } from "../domain/messages.js";

/** A message on the wire (the AG-UI shape the reference's collectors read). */
export type WireMessage =
  | { id: string; role: "user" | "system" | "developer"; content: string }
  | {
      id: string;
      role: "assistant";
      content?: string;
      toolCalls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
    }
  | { id: string; role: "tool"; content: string; toolCallId: string };

/** Converts one conversation message to its wire form; a tool message with several results becomes several. */
export function toWireMessages({ id, message }: IdentifiedMessage): WireMessage[] {
  switch (message.role) {
    case "user":
    case "system":
      return [{ id, role: message.role, content: messageText(message) }];
    case "assistant": {
      const calls = toolCallsOf(message).map((call) => ({
        id: call.toolCallId,
        type: "function" as const,
        function: {
          name: call.toolName,
          arguments: typeof call.input === "string" ? call.input : JSON.stringify(call.input ?? {}),
        },
      }));
      const text = messageText(message);
      return [{ id, role: "assistant", ...(text ? { content: text } : {}), ...(calls.length > 0 ? { toolCalls: calls } : {}) }];
    }
    case "tool":
      return toolResultsOf(message).map((result, index) => ({
        id: index === 0 ? id : `${id}:${index}`,
        role: "tool" as const,
        toolCallId: result.toolCallId,
        content: typeof result.output === "string" ? result.output : JSON.stringify(result.output),
      }));
    default:
      return [];
  }
}

/** A lifecycle event as JSON for the wire: snapshots carry wire messages. */
export function toWireEvent(event: LifecycleEvent): Record<string, unknown> {
  if (event.type !== "SCENARIO_MESSAGE_SNAPSHOT") return { ...event };
  return { ...event, messages: event.messages.flatMap(toWireMessages) };
}
