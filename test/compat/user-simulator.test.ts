import scenario, { userSimulatorAgent } from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal, transcript } from "./helpers.js";
import { callsOf, conversation, scriptedModel, systemText, textModel } from "./mock-llm.js";

describe("userSimulatorAgent", () => {
  it("its model's text becomes a user message, which the agent under test receives", async () => {
    const journal = new Journal();
    const model = textModel("where is my order");
    const result = await scenario.run({
      name: "simulated user",
      description: "a customer asks about an order",
      agents: [scenario.userSimulatorAgent({ model }), journal.agent()],
      script: [scenario.user(), scenario.agent(), scenario.succeed()],
    });
    expect(transcript(result.messages)).toEqual(["user:where is my order", "assistant:a1"]);
    expect(journal.callsOf("A")[0]?.newMessages).toEqual(["where is my order"]);
    expect(callsOf(model)).toHaveLength(1);
  });

  it("its model receives the scenario description in a system message", async () => {
    const model = textModel("hi");
    await scenario.run({
      name: "description",
      description: "a customer wants a refund for a broken kettle",
      agents: [scenario.userSimulatorAgent({ model }), new Journal().agent()],
      script: [scenario.user(), scenario.succeed()],
    });
    expect(systemText(callsOf(model)[0] as never)).toContain("a customer wants a refund for a broken kettle");
  });

  it("the history its model receives is role-reversed: agent replies as user, its own turns as assistant", async () => {
    const model = textModel("thanks");
    await scenario.run({
      name: "reversed",
      description: "d",
      agents: [scenario.userSimulatorAgent({ model }), new Journal().agent("A", () => "your order ships today")],
      script: [scenario.user("where is my order"), scenario.agent(), scenario.user(), scenario.succeed()],
    });
    const seen = conversation(callsOf(model)[0] as never);
    expect(seen).toContain("assistant:where is my order");
    expect(seen).toContain("user:your order ships today");
    expect(seen.indexOf("assistant:where is my order")).toBeLessThan(seen.indexOf("user:your order ships today"));
    // the model is asked to answer the agent's last reply
    expect(seen.at(-1)).toBe("user:your order ships today");
  });

  it("a custom systemPrompt replaces the default one", async () => {
    const model = textModel("hi");
    await scenario.run({
      name: "custom prompt",
      description: "a description the prompt leaves out",
      agents: [scenario.userSimulatorAgent({ model, systemPrompt: "You are Bob, a grumpy pirate." }), new Journal().agent()],
      script: [scenario.user(), scenario.succeed()],
    });
    expect(systemText(callsOf(model)[0] as never)).toBe("You are Bob, a grumpy pirate.");
  });

  it("a persona reaches its model's system prompt", async () => {
    const model = textModel("hi");
    await scenario.run({
      name: "persona",
      description: "d",
      agents: [scenario.userSimulatorAgent({ model, persona: "an impatient retired sailor" }), new Journal().agent()],
      script: [scenario.user(), scenario.succeed()],
    });
    expect(systemText(callsOf(model)[0] as never)).toContain("an impatient retired sailor");
  });

  it("temperature and maxTokens reach the model call", async () => {
    const model = textModel("hi");
    await scenario.run({
      name: "settings",
      description: "d",
      agents: [scenario.userSimulatorAgent({ model, temperature: 0.3, maxTokens: 77 }), new Journal().agent()],
      script: [scenario.user(), scenario.succeed()],
    });
    const call = callsOf(model)[0];
    expect(call?.temperature).toBe(0.3);
    expect(call?.maxOutputTokens).toBe(77);
  });

  it("a scripted user('text') does not call its model", async () => {
    const model = textModel("never said");
    const result = await scenario.run({
      name: "scripted",
      description: "d",
      agents: [scenario.userSimulatorAgent({ model }), new Journal().agent()],
      script: [scenario.user("hello"), scenario.agent(), scenario.succeed()],
    });
    expect(callsOf(model)).toHaveLength(0);
    expect(transcript(result.messages)).toEqual(["user:hello", "assistant:a1"]);
  });

  it("drives proceed(n): each simulated turn is a new model call answering the agent", async () => {
    const journal = new Journal();
    const model = scriptedModel((_options, n) => `question ${n}`);
    const result = await scenario.run({
      name: "proceed",
      description: "d",
      agents: [scenario.userSimulatorAgent({ model }), journal.agent()],
      script: [scenario.proceed(2), scenario.succeed()],
    });
    // (the reference's proceed(2) stops after the second user turn; Rehearse plays it whole)
    expect(transcript(result.messages).slice(0, 3)).toEqual(["user:question 1", "assistant:a1", "user:question 2"]);
    expect(callsOf(model)).toHaveLength(2);
    expect(conversation(callsOf(model)[1] as never)).toContain("user:a1");
  });

  it("the factory is exported by name too and builds a User-role adapter", () => {
    const agent = userSimulatorAgent({ model: textModel("hi") });
    expect(scenario.userSimulatorAgent).toBe(userSimulatorAgent);
    expect(agent).toBeInstanceOf(scenario.UserSimulatorAgentAdapter);
    expect(agent.role).toBe(scenario.AgentRole.USER);
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed("0011-judge-semantics", "empty completion", "an empty completion is retried once", async () => {
    const model = textModel("", "hi");
    const result = await scenario.run({
      name: "empty then hi",
      description: "d",
      agents: [scenario.userSimulatorAgent({ model }), new Journal().agent()],
      script: [scenario.user(), scenario.agent(), scenario.succeed()],
    });
    // the reference throws "No response content from LLM" and the run rejects
    expect(callsOf(model)).toHaveLength(2);
    expect(transcript(result.messages)).toEqual(["user:hi", "assistant:a1"]);
  });
});
