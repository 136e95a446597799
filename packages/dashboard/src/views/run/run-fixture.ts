/**
 * For the run view's unit tests: a run as the server stores it, copied from
 * a real seeded run ("Refund tool times out": a tool call failed by an
 * injected timeout, then a ticket) — its transcript page and its events in
 * seq order, in the order the engine emits them.
 */
import { eventKey, type RunEvent, type WireMessage } from "./run-data";

const START = 1_796_607_986_553;

function event(seq: number, type: string, at: number, payload: Record<string, unknown> = {}): RunEvent {
  return { key: eventKey(seq, type), seq, type, timestamp: START + at, event: { type, seq, timestamp: START + at, ...payload } };
}

const id = (index: number) => `m${index}`;

export const fixtureMessages: WireMessage[] = [
  { index: 0, id: id(0), role: "user", content: "Please refund order A100." },
  {
    index: 1,
    id: id(1),
    role: "assistant",
    toolCalls: [{ id: "call-0-0", type: "function", function: { name: "refund", arguments: '{"order_id":"A100","amount":40}' } }],
  },
  {
    index: 2,
    id: id(2),
    role: "tool",
    toolCallId: "call-0-0",
    content: '{"type":"json","value":{"error":{"type":"timeout","message":"The request timed out","recoverable":true}}}',
  },
  { index: 3, id: id(3), role: "assistant", content: "The refund system did not answer, so no money has moved yet." },
  { index: 4, id: id(4), role: "user", content: "So what now?" },
  {
    index: 5,
    id: id(5),
    role: "assistant",
    toolCalls: [{ id: "call-1-0", type: "function", function: { name: "create_ticket", arguments: '{"order_id":"A100"}' } }],
  },
  {
    index: 6,
    id: id(6),
    role: "tool",
    toolCallId: "call-1-0",
    content: '{"type":"json","value":{"ticket":"T-1004","status":"open"}}',
  },
  { index: 7, id: id(7), role: "assistant", content: "I opened ticket T-1004 so a colleague finishes it." },
];

const snapshot = (seq: number, at: number, from: number, to: number) =>
  event(seq, "SCENARIO_MESSAGE_SNAPSHOT", at, {
    ...(from > 0 ? { messagesOffset: from } : {}),
    messages: fixtureMessages.slice(from, to + 1).map(({ index: _index, ...message }) => message),
  });

export const fixtureEvents: RunEvent[] = [
  event(0, "SCENARIO_RUN_STARTED", 0, { seed: 22, metadata: { name: "Refund tool times out" } }),
  event(1, "turn_started", 0, { turn: 0, actor: "system" }),
  event(2, "user_input", 0, { turn: 0, actor: "user", messageId: id(0), text: "Please refund order A100.", scripted: true }),
  snapshot(3, 0, 0, 0),
  event(4, "action_request", 1000, {
    turn: 0,
    actor: "agent",
    toolName: "refund",
    toolCallId: "call-0-0",
    input: { order_id: "A100", amount: 40 },
  }),
  event(5, "injection", 1000, {
    turn: 0,
    actor: "system",
    injection: "refund always times out",
    injectionType: "tool_error",
    reason: "refund: random 0.3841 < probability 1",
    outcome: { tool: "refund", error: { type: "timeout", message: "The request timed out" } },
  }),
  event(6, "action_response", 31_000, {
    turn: 0,
    actor: "tool",
    toolName: "refund",
    toolCallId: "call-0-0",
    error: "timeout: The request timed out",
  }),
  event(7, "agent_message", 32_000, {
    turn: 0,
    actor: "agent",
    messageId: id(1),
    text: "",
    toolCalls: [{ toolName: "refund", toolCallId: "call-0-0" }],
  }),
  event(8, "system_event", 32_000, { turn: 0, actor: "system", role: "tool", messageId: id(2), text: "refund: {…}" }),
  event(9, "agent_message", 32_000, {
    turn: 0,
    actor: "agent",
    messageId: id(3),
    text: "The refund system did not answer, so no money has moved yet.",
  }),
  snapshot(10, 32_000, 1, 3),
  event(11, "turn_started", 32_000, { turn: 1, actor: "system" }),
  event(12, "user_input", 32_000, { turn: 1, actor: "user", messageId: id(4), text: "So what now?", scripted: true }),
  snapshot(13, 32_000, 4, 4),
  event(14, "action_request", 33_000, {
    turn: 1,
    actor: "agent",
    toolName: "create_ticket",
    toolCallId: "call-1-0",
    input: { order_id: "A100" },
  }),
  event(15, "action_response", 33_100, {
    turn: 1,
    actor: "tool",
    toolName: "create_ticket",
    toolCallId: "call-1-0",
    output: { ticket: "T-1004", status: "open" },
  }),
  event(16, "agent_message", 34_100, { turn: 1, actor: "agent", messageId: id(5), text: "" }),
  event(17, "system_event", 34_100, { turn: 1, actor: "system", role: "tool", messageId: id(6), text: "create_ticket: {…}" }),
  event(18, "agent_message", 34_100, {
    turn: 1,
    actor: "agent",
    messageId: id(7),
    text: "I opened ticket T-1004 so a colleague finishes it.",
  }),
  snapshot(19, 34_100, 5, 7),
  event(20, "judgment", 34_100, {
    turn: 1,
    actor: "judge",
    verdict: "pass",
    score: 1,
    reasoning: "All 2 checks met",
    metCriteria: ["a", "b"],
    unmetCriteria: [],
  }),
  event(21, "SCENARIO_RUN_FINISHED", 34_100, { status: "SUCCESS", outcome: "pass" }),
];
