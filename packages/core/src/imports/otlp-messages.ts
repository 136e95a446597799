import type { ImportedMessage, ImportedToolCall } from "./conversation.js";
import { parseArguments } from "./message-checks.js";
import { attributeMap, type OtlpSpan } from "./otlp-values.js";

/** What one GenAI span says: the messages sent to the model and the messages it returned. */
export interface SpanMessages {
  readonly input: ImportedMessage[];
  readonly output: ImportedMessage[];
  readonly conversationId?: string;
}

type Loose = Record<string, unknown>;
const roles = ["system", "user", "assistant", "tool"] as const;

/**
 * The messages of one span under any of the GenAI conventions, newest first: `gen_ai.input.messages` /
 * `gen_ai.output.messages` (+ `gen_ai.system_instructions`), the older `gen_ai.prompt` / `gen_ai.completion`
 * (JSON attributes or `gen_ai.content.*` events), indexed `gen_ai.prompt.0.role` attributes, and the per-message
 * events (`gen_ai.user.message`, `gen_ai.choice`, …). Undefined for a span without GenAI content. Throws a
 * `SyntaxError` naming the attribute when a JSON attribute does not parse.
 */
export function spanMessages(span: OtlpSpan): SpanMessages | undefined {
  const attributes = attributeMap(span.attributes);
  for (const item of span.events ?? []) Object.assign(attributes, prefixed(item.name, attributeMap(item.attributes)));
  const conversation = attributes["gen_ai.conversation.id"];
  const conversationId = typeof conversation === "string" || typeof conversation === "number" ? String(conversation) : undefined;
  const found = current(attributes) ?? legacy(attributes) ?? indexed(attributes) ?? perMessageEvents(span);
  if (found === undefined) return undefined;
  return { ...found, ...(conversationId === undefined ? {} : { conversationId }) };
}

/** Event attributes that carry messages under the span's own keys (`gen_ai.prompt` on `gen_ai.content.prompt`). */
function prefixed(name: string, attributes: Loose): Loose {
  const wanted = [
    "gen_ai.input.messages",
    "gen_ai.output.messages",
    "gen_ai.system_instructions",
    "gen_ai.prompt",
    "gen_ai.completion",
  ];
  if (!name.startsWith("gen_ai.content.") && !name.startsWith("gen_ai.client.inference")) return {};
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => wanted.includes(key)));
}

function jsonAttribute(attributes: Loose, key: string): unknown {
  const value = attributes[key];
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new SyntaxError(`attributes[${key}]: not JSON (${(error as Error).message})`);
  }
}

function current(attributes: Loose): Omit<SpanMessages, "conversationId"> | undefined {
  const input = jsonAttribute(attributes, "gen_ai.input.messages");
  const output = jsonAttribute(attributes, "gen_ai.output.messages");
  if (input === undefined && output === undefined) return undefined;
  const instructions = jsonAttribute(attributes, "gen_ai.system_instructions");
  const system = Array.isArray(instructions) ? partsMessages("system", instructions) : [];
  return { input: [...system, ...list(input).flatMap(partsMessage)], output: list(output).flatMap(partsMessage) };
}

/** A message of the current convention: `{ role, parts: [{ type: text | tool_call | tool_call_response, … }] }`. */
function partsMessage(value: unknown): ImportedMessage[] {
  const message = (value ?? {}) as Loose;
  return partsMessages(String(message.role ?? "user"), list(message.parts));
}

function partsMessages(role: string, parts: unknown[]): ImportedMessage[] {
  const texts: string[] = [];
  const toolCalls: ImportedToolCall[] = [];
  const results: ImportedMessage[] = [];
  for (const raw of parts) {
    const part = (raw ?? {}) as Loose;
    if (part.type === "text") texts.push(String(part.content ?? ""));
    else if (part.type === "tool_call")
      toolCalls.push({
        id: String(part.id ?? `call_${toolCalls.length}`),
        name: String(part.name ?? "tool"),
        arguments: parseArguments(part.arguments),
      });
    else if (part.type === "tool_call_response")
      results.push({ role: "tool", content: textOf(part.response), toolCallId: String(part.id ?? "") });
    else texts.push(`[${String(part.type)}]`);
  }
  const own = texts.length > 0 || toolCalls.length > 0 ? [chatRole(role, texts.join("\n"), toolCalls)] : [];
  return [...own, ...results];
}

function legacy(attributes: Loose): Omit<SpanMessages, "conversationId"> | undefined {
  const prompt = jsonAttribute(attributes, "gen_ai.prompt");
  const completion = jsonAttribute(attributes, "gen_ai.completion");
  if (prompt === undefined && completion === undefined) return undefined;
  return { input: list(prompt).map(chatMessage), output: list(completion).map(chatMessage) };
}

/** `gen_ai.prompt.0.role`, `gen_ai.prompt.0.content`, `gen_ai.completion.0.tool_calls.0.name`, … */
function indexed(attributes: Loose): Omit<SpanMessages, "conversationId"> | undefined {
  const gather = (prefix: string): ImportedMessage[] => {
    const byIndex = new Map<number, Loose>();
    for (const [key, value] of Object.entries(attributes)) {
      const match = new RegExp(`^${prefix.replaceAll(".", "\\.")}\\.(\\d+)\\.(.+)$`).exec(key);
      if (!match) continue;
      const entry = byIndex.get(Number(match[1])) ?? {};
      setPath(entry, (match[2] as string).split("."), value);
      byIndex.set(Number(match[1]), entry);
    }
    return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entry]) => chatMessage(entry));
  };
  const input = gather("gen_ai.prompt");
  const output = gather("gen_ai.completion");
  return input.length === 0 && output.length === 0 ? undefined : { input, output };
}

function setPath(target: Loose, path: string[], value: unknown): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  if (typeof target[head] !== "object" || target[head] === null) target[head] = {};
  setPath(target[head] as Loose, rest, value);
}

/** The older per-message events: `gen_ai.user.message` etc. in order, `gen_ai.choice` as output. */
function perMessageEvents(span: OtlpSpan): Omit<SpanMessages, "conversationId"> | undefined {
  const input: ImportedMessage[] = [];
  const output: ImportedMessage[] = [];
  for (const item of span.events ?? []) {
    const attributes = attributeMap(item.attributes);
    const match = /^gen_ai\.(system|user|assistant|tool)\.message$/.exec(item.name);
    if (match) input.push(chatMessage({ ...attributes, role: match[1], tool_call_id: attributes.id ?? attributes.tool_call_id }));
    else if (item.name === "gen_ai.choice")
      output.push(chatMessage({ role: "assistant", ...((attributes.message as Loose) ?? attributes) }));
  }
  return input.length === 0 && output.length === 0 ? undefined : { input, output };
}

/** An OpenAI-style message object (`role`, `content`, `tool_calls`, `tool_call_id`), however it was stored. */
function chatMessage(value: unknown): ImportedMessage {
  const message = (value ?? {}) as Loose;
  const calls = (
    Array.isArray(message.tool_calls) ? message.tool_calls : Object.values((message.tool_calls as Loose) ?? {})
  ) as Loose[];
  const toolCalls = calls.map((call, index): ImportedToolCall => {
    const fn = (call.function ?? call) as Loose;
    return { id: String(call.id ?? `call_${index}`), name: String(fn.name ?? "tool"), arguments: parseArguments(fn.arguments) };
  });
  const role = String(message.role ?? "user");
  if (role === "tool") {
    const id = message.tool_call_id;
    return { role, content: textOf(message.content), ...(id === undefined ? {} : { toolCallId: String(id) }) };
  }
  return chatRole(role, textOf(message.content), toolCalls);
}

function chatRole(role: string, content: string, toolCalls: ImportedToolCall[]): ImportedMessage {
  const known = (roles as readonly string[]).includes(role)
    ? (role as ImportedMessage["role"])
    : role === "developer"
      ? "system"
      : "assistant";
  return toolCalls.length > 0 && known === "assistant" ? { role: known, content, toolCalls } : { role: known, content };
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value))
    return value
      .map((part) => (typeof part === "object" && part && "text" in part ? String(part.text) : textOf(part)))
      .join("\n");
  return JSON.stringify(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}
