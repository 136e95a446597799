import { describe, expect, it } from "vitest";
import type { AgentInput } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import { ScenarioExecutionState } from "./execution-state.js";

const config = { name: "unit", description: "a judge tested on its own", agents: [] };

describe("new ScenarioExecutionState(config), outside a run", () => {
  it("holds a conversation a test builds by hand, with the reference's accessors", () => {
    const state = new ScenarioExecutionState(config);
    expect(() => state.lastMessage()).toThrow("No messages in history");
    state.addMessage({ role: "user", content: "refund order 1002" });
    state.addMessage({
      role: "assistant",
      content: [{ type: "tool-call", toolCallId: "c1", toolName: "refund", input: { order: "1002" } }],
    });
    state.addMessage({
      role: "tool",
      content: [{ type: "tool-result", toolCallId: "c1", toolName: "refund", output: { type: "text", value: "done" } }],
    });
    expect(state.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    expect(state.lastUserMessage().content).toBe("refund order 1002");
    expect(state.hasToolCall("refund")).toBe(true);
    expect(state.lastToolCall("refund").role).toBe("tool");
    expect(state.currentTurn).toBe(0);
    expect(state.description).toBe("a judge tested on its own");
    expect(state.rollbackMessagesTo(1)).toHaveLength(2);
    expect(state.messages).toHaveLength(1);
  });

  it("takes the thread id and seed from the config, so a judge can be called with it directly", async () => {
    const state = new ScenarioExecutionState({ ...config, threadId: "thread-7", seed: 42 });
    const again = new ScenarioExecutionState({ ...config, seed: 42 });
    expect(state.threadId).toBe("thread-7");
    expect(again.threadId).toBe("thread_standalone");
    expect([state.random(), state.random()]).toEqual([again.random(), again.random()]);
    state.addMessage({ role: "assistant", content: "Thank you for waiting." });
    const input: AgentInput = {
      threadId: state.threadId,
      messages: state.messages,
      newMessages: state.messages,
      requestedRole: AgentRole.JUDGE,
      judgmentRequest: {},
      scenarioState: state,
      scenarioConfig: state.config,
    };
    const polite = (given: AgentInput) => given.scenarioState.lastAgentMessage().content === "Thank you for waiting.";
    expect(polite(input)).toBe(true);
  });
});
