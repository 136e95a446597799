// What steps read from the state: last messages, tool calls and results, turn, thread.
import scenario, { type ScenarioExecutionStateLike, type ScriptStep } from "@langwatch/scenario";
import type { ToolCallPart, ToolResultPart } from "ai";
import { expect } from "vitest";

export const checkLookup: ScriptStep = (state: ScenarioExecutionStateLike) => {
  expect(state.hasToolCall("lookup_order")).toBe(true);
  const toolMessage = state.lastToolCall("lookup_order");
  const first = toolMessage.content[0];
  if (first?.type === "tool-result") {
    const part: ToolResultPart = first;
    expect(part.toolName).toBe("lookup_order");
    expect(part.output).toEqual({ type: "json", value: { status: "shipped" } });
  }
  const assistant = state.lastAgentMessage();
  if (typeof assistant.content !== "string") {
    const call = assistant.content.find((part): part is ToolCallPart => part.type === "tool-call");
    expect(call?.input).toEqual({ orderId: "1002" });
  }
};

export const checkConversation: ScriptStep = (state) => {
  expect(state.lastUserMessage().content).toContain("order");
  expect(state.lastMessage().role).toBe("assistant");
  expect(state.messages.filter((message) => message.role === "user")).toHaveLength(1);
  expect(state.threadId).toMatch(/.+/);
  expect(state.description).toContain("order");
  expect(state.currentTurn).toBe(0);
  expect(state.config.name).toBe("order status");
};

export const rollbackLast: ScriptStep = (state) => {
  const removed = state.rollbackMessagesTo(state.messages.length - 1);
  expect(removed).toHaveLength(1);
};

export const addNote: ScriptStep = (state) => {
  state.addMessage({ role: "user", content: "Note: the customer is a VIP." });
};

export const script: ScriptStep[] = [
  scenario.user("Where is order 1002?"),
  scenario.agent(),
  checkLookup,
  checkConversation,
  addNote,
  rollbackLast,
  scenario.succeed(),
];
