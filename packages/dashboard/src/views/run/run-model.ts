/**
 * The conversation as the run view shows it: the transcript's messages in
 * order, each assistant tool call paired with its result (the tool message
 * with its `toolCallId`, else the `action_response` event) and any error,
 * detector findings flagged on the message they were found in, and the
 * events worth seeing in place (injections, system events, judgments,
 * assertions) put where they happened, with a separator at each new turn.
 *
 * Where: every message gets the seq of the first event that carried it (its
 * snapshot or its `user_input`/`agent_message`/`system_event`), and an event
 * goes before the first message carried after it. An injection that added a
 * message is emitted after that message, so it goes before the message with
 * its text instead.
 */
import { numberField, prettyJson, type RunEvent, SNAPSHOT, stringField, textOf, toolOutput, type WireMessage } from "./run-data";

/** A detector's finding in a message. */
export interface DetectorFlag {
  type: string;
  detector: string;
  reason: string;
  evidence?: string;
}

/** A tool call with what came back. */
export interface ToolCallView {
  id: string;
  name: string;
  /** The arguments, pretty-printed when they are JSON. */
  arguments: string;
  result?: { text: string; error?: string };
}

export type ConversationItem =
  | { kind: "turn"; key: string; turn: number }
  | {
      kind: "message";
      key: string;
      message: WireMessage;
      text: string;
      turn?: number;
      toolCalls: ToolCallView[];
      /** For a tool message shown on its own (its call is not in the transcript): the error the tool reported. */
      error?: string;
      flags: DetectorFlag[];
    }
  | { kind: "event"; key: string; event: RunEvent; turn?: number };

/** Event types shown in the conversation (the rest are in the timeline). */
const INLINE_TYPES = new Set([
  "injection",
  "system_event",
  "judgment",
  "assertion",
  "pii_leak",
  "system_prompt_leak",
  "policy_violation",
  "action_request",
  "action_response",
  "red_team_report",
  "red_team_tap",
]);

export const DETECTOR_TYPES: ReadonlySet<string> = new Set(["pii_leak", "system_prompt_leak", "policy_violation"]);

export interface ConversationInput {
  /** The messages shown: from index 0, without a gap. */
  messages: readonly WireMessage[];
  events: readonly RunEvent[];
  /** More messages follow the last one shown: events after it wait until they are read. */
  moreMessages: boolean;
}

export function buildConversation(input: ConversationInput): ConversationItem[] {
  const { messages, events } = input;
  const byId = new Map(messages.map((message) => [message.id, message]));
  const anchors = messageAnchors(messages, events);
  const turns = messageTurns(messages, events);
  const responses = new Map<string, RunEvent>();
  for (const event of events) {
    const id = stringField(event.event, "toolCallId");
    if (event.type === "action_response" && id) responses.set(id, event);
  }

  // tool results go under their calls
  const toolMessages = new Map<string, WireMessage>();
  for (const message of messages)
    if (message.role === "tool" && message.toolCallId) toolMessages.set(message.toolCallId, message);
  const consumed = new Map<string, string>(); // tool message id → the assistant message id showing it
  const paired = new Set<string>(); // tool call ids shown with a call
  const calls = new Map<string, ToolCallView[]>();
  for (const message of messages) {
    if (!message.toolCalls?.length) continue;
    calls.set(
      message.id,
      message.toolCalls.map((call) => {
        paired.add(call.id);
        const reply = toolMessages.get(call.id);
        if (reply) consumed.set(reply.id, message.id);
        return {
          id: call.id,
          name: call.function.name,
          arguments: prettyJson(call.function.arguments ?? ""),
          ...resultOf(reply, responses.get(call.id)),
        };
      }),
    );
  }

  // detector findings on their messages; the rest become events in place
  const flags = new Map<string, DetectorFlag[]>();
  const placed: RunEvent[] = [];
  for (const event of events) {
    if (!INLINE_TYPES.has(event.type)) continue;
    const messageId = stringField(event.event, "messageId");
    if (DETECTOR_TYPES.has(event.type) && messageId && byId.has(messageId)) {
      const owner = consumed.get(messageId) ?? messageId;
      flags.set(owner, [...(flags.get(owner) ?? []), flagOf(event)]);
      continue;
    }
    if (event.type === "system_event" && messageId && byId.has(messageId)) continue;
    if (
      (event.type === "action_request" || event.type === "action_response") &&
      paired.has(stringField(event.event, "toolCallId") ?? "")
    )
      continue;
    placed.push(event);
  }

  const before = new Map<number, RunEvent[]>();
  for (const event of placed) {
    const position = positionOf(event, messages, anchors);
    if (position === messages.length && input.moreMessages) continue;
    before.set(position, [...(before.get(position) ?? []), event]);
  }

  const items: ConversationItem[] = [];
  let currentTurn: number | undefined;
  const separate = (turn: number | undefined, key: string) => {
    if (turn === undefined || turn === currentTurn) return;
    items.push({ kind: "turn", key: `turn-${turn}-${key}`, turn });
    currentTurn = turn;
  };
  messages.forEach((message, position) => {
    for (const event of before.get(position) ?? []) pushEvent(event);
    if (consumed.has(message.id)) return;
    separate(turns[position], message.id);
    const tool = message.role === "tool";
    const own = tool && message.toolCallId ? responses.get(message.toolCallId) : undefined;
    const output = tool ? toolOutput(message.content) : undefined;
    const error = (own ? stringField(own.event, "error") : undefined) ?? output?.error;
    items.push({
      kind: "message",
      key: `message-${message.index}`,
      message,
      text: output ? output.text : textOf(message.content),
      ...(turns[position] === undefined ? {} : { turn: turns[position] }),
      toolCalls: calls.get(message.id) ?? [],
      ...(error ? { error } : {}),
      flags: flags.get(message.id) ?? [],
    });
  });
  for (const event of before.get(messages.length) ?? []) pushEvent(event);
  return items;

  function pushEvent(event: RunEvent) {
    const turn = numberField(event.event, "turn");
    separate(turn, event.key);
    items.push({ kind: "event", key: `event-${event.key}`, event, ...(turn === undefined ? {} : { turn }) });
  }
}

/** A call's result: the tool message's output, else the event's; the error either reports (the event's first). */
function resultOf(reply: WireMessage | undefined, response: RunEvent | undefined): Pick<ToolCallView, "result"> {
  if (!reply && !response) return {};
  const reported = response ? stringField(response.event, "error") : undefined;
  const output = reply
    ? toolOutput(reply.content)
    : response?.event.output === undefined
      ? { text: "" }
      : toolOutput(response.event.output);
  const error = reported ?? output.error;
  return { result: { text: output.text, ...(error ? { error } : {}) } };
}

function flagOf(event: RunEvent): DetectorFlag {
  const evidence = stringField(event.event, "evidence");
  return {
    type: event.type,
    detector: stringField(event.event, "detector") ?? event.type,
    reason: stringField(event.event, "reason") ?? "",
    ...(evidence ? { evidence } : {}),
  };
}

/** Each message's seq: the first event that carried it, never lower than the message before's. */
export function messageAnchors(messages: readonly WireMessage[], events: readonly RunEvent[]): number[] {
  const firstById = new Map<string, number>();
  const firstByIndex = new Map<number, number>();
  const keep = <K>(map: Map<K, number>, key: K, seq: number) => {
    const known = map.get(key);
    if (known === undefined || seq < known) map.set(key, seq);
  };
  for (const event of events) {
    if (event.type === SNAPSHOT) {
      const offset = numberField(event.event, "messagesOffset") ?? 0;
      const count = Array.isArray(event.event.messages) ? event.event.messages.length : 0;
      for (let index = offset; index < offset + count; index += 1) keep(firstByIndex, index, event.seq);
      continue;
    }
    const messageId = stringField(event.event, "messageId");
    if (messageId && (event.type === "user_input" || event.type === "agent_message" || event.type === "system_event")) {
      keep(firstById, messageId, event.seq);
    }
  }
  let previous = -1;
  return messages.map((message) => {
    const candidates = [firstById.get(message.id), firstByIndex.get(message.index)].filter((seq) => seq !== undefined);
    const own = candidates.length > 0 ? Math.min(...candidates) : undefined;
    previous = Math.max(previous, own ?? previous);
    return previous;
  });
}

/** Each message's turn, from the event that introduced it; a message without one inherits the turn before. */
export function messageTurns(messages: readonly WireMessage[], events: readonly RunEvent[]): Array<number | undefined> {
  const turnById = new Map<string, number>();
  for (const event of events) {
    const messageId = stringField(event.event, "messageId");
    const turn = numberField(event.event, "turn");
    if (!messageId || turn === undefined || turnById.has(messageId)) continue;
    if (event.type === "user_input" || event.type === "agent_message" || event.type === "system_event")
      turnById.set(messageId, turn);
  }
  let previous: number | undefined;
  return messages.map((message) => {
    const turn = turnById.get(message.id) ?? previous;
    previous = turn;
    return turn;
  });
}

/** Before which message (0…n) an event goes. */
function positionOf(event: RunEvent, messages: readonly WireMessage[], anchors: readonly number[]): number {
  let position = anchors.findIndex((anchor) => anchor > event.seq);
  if (position === -1) position = messages.length;
  if (event.type !== "injection") return position;
  // a message injection is logged after the message it added: put it before that message
  const outcome = event.event.outcome;
  const said = typeof outcome === "object" && outcome !== null ? (outcome as Record<string, unknown>) : {};
  const text = typeof said.message === "string" ? said.message : typeof said.text === "string" ? said.text : undefined;
  if (text === undefined) return position;
  for (let index = position - 1; index >= 0 && index >= position - 3; index -= 1) {
    const message = messages[index];
    if (message?.role === "user" && textOf(message.content) === text) return index;
  }
  return position;
}
