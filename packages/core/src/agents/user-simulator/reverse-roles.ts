import type { ModelMessage } from "../../domain/messages.js";

/** A text-only message of the simulator's own conversation. */
export interface SimulatorMessage {
  role: "user" | "assistant";
  content: string;
}

/**
 * The conversation as the simulator sees it: roles swapped (the agent under
 * test speaks as `user`, the simulated user's own turns are `assistant`), so
 * the model writes the next `assistant` message — the next user utterance.
 * Models lean towards playing the assistant; this keeps them in the user's
 * shoes. Tool calls and results are summarised as text by name and content,
 * so the simulator knows which tool the agent used. System messages are
 * left out (the simulator has its own). Consecutive messages of one role
 * are merged, as some providers require alternating roles.
 */
export function reverseRoles(messages: readonly ModelMessage[]): SimulatorMessage[] {
  const reversed: SimulatorMessage[] = [];
  const push = (role: SimulatorMessage["role"], text: string) => {
    if (!text) return;
    const last = reversed[reversed.length - 1];
    if (last && last.role === role) last.content = `${last.content}\n\n${text}`;
    else reversed.push({ role, content: text });
  };
  for (const message of messages) {
    if (message.role === "user") push("assistant", textOf(message.content));
    else if (message.role === "assistant") push("user", assistantText(message.content));
    else if (message.role === "tool") push("user", toolResultsText(message.content));
  }
  return reversed;
}

function assistantText(content: Extract<ModelMessage, { role: "assistant" }>["content"]): string {
  if (typeof content === "string") return content;
  const lines: string[] = [];
  for (const part of content) {
    if (part.type === "text" && part.text) lines.push(part.text);
    else if (part.type === "tool-call") lines.push(`[The agent called the tool ${part.toolName} with ${brief(part.input)}]`);
    else if (part.type === "tool-result") lines.push(`[Tool ${part.toolName} returned ${brief(part.output)}]`);
    else if (part.type === "file") lines.push(`[The agent sent a file: ${part.mediaType}]`);
  }
  return lines.join("\n");
}

function toolResultsText(content: Extract<ModelMessage, { role: "tool" }>["content"]): string {
  const lines: string[] = [];
  for (const part of content) {
    if (part.type === "tool-result") lines.push(`[Tool ${part.toolName} returned ${brief(part.output)}]`);
  }
  return lines.join("\n");
}

function textOf(content: Extract<ModelMessage, { role: "user" }>["content"]): string {
  if (typeof content === "string") return content;
  const lines: string[] = [];
  for (const part of content) {
    if (part.type === "text") lines.push(part.text);
    else if (part.type === "image") lines.push("[an image]");
    else if (part.type === "file") lines.push(`[a file: ${part.mediaType}]`);
  }
  return lines.join("\n");
}

const MAX_SUMMARY = 2_000;

/** Compact text of a tool input or output (AI SDK tool outputs are `{ type, value }`). */
function brief(value: unknown): string {
  const unwrapped =
    typeof value === "object" && value !== null && "type" in value && "value" in value
      ? (value as { value: unknown }).value
      : value;
  const text = typeof unwrapped === "string" ? unwrapped : (JSON.stringify(unwrapped) ?? String(unwrapped));
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY)}… (${text.length} chars)` : text;
}
