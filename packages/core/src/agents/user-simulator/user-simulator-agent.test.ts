import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { AgentInput } from "../../domain/agent.js";
import type { ModelMessage } from "../../domain/messages.js";
import { AgentRole } from "../../domain/roles.js";
import { agent, succeed, user } from "../../script/steps.js";
import { isolated } from "../../test-support/harness.js";
import { scriptedModel } from "../../testing/mock-models.js";
import { echoAgent } from "../../testing/scripted-agents.js";
import { userSimulatorAgent } from "./user-simulator-agent.js";

const promptOf = (options: LanguageModelV3CallOptions) => options.prompt;
const systemOf = (options: LanguageModelV3CallOptions) =>
  options.prompt.find((message) => message.role === "system")?.content as string;
const turnsOf = (options: LanguageModelV3CallOptions) =>
  promptOf(options)
    .filter((message) => message.role !== "system")
    .map((message) => ({
      role: message.role,
      text: (message.content as Array<{ type: string; text?: string }>).map((part) => part.text ?? "").join(""),
    }));

describe("userSimulatorAgent", () => {
  it("writes the user's message from the description and persona, as the assistant side of a reversed conversation", async () => {
    const model = scriptedModel(["i want a refund for order 42", "yes please"]);
    const result = await isolated().run({
      name: "refund",
      description: "A customer wants a refund for a broken kettle.",
      agents: [echoAgent(), userSimulatorAgent({ model, persona: "terse and impatient" })],
      script: [user(), agent(), user(), agent(), succeed()],
    });
    expect(result.messages.map((message) => [message.role, message.content])).toEqual([
      ["user", "i want a refund for order 42"],
      ["assistant", "You said: i want a refund for order 42"],
      ["user", "yes please"],
      ["assistant", "You said: yes please"],
    ]);
    const [first, second] = model.doGenerateCalls as [LanguageModelV3CallOptions, LanguageModelV3CallOptions];
    expect(systemOf(first)).toContain("A customer wants a refund for a broken kettle.");
    expect(systemOf(first)).toContain("terse and impatient");
    // the agent's side speaks as `user`, the simulated user's own turns are `assistant`
    expect(turnsOf(first)).toEqual([{ role: "user", text: "Hi! How can I help you today?" }]);
    expect(turnsOf(second)).toEqual([
      { role: "user", text: "Hi! How can I help you today?" },
      { role: "assistant", text: "i want a refund for order 42" },
      { role: "user", text: "You said: i want a refund for order 42" },
    ]);
  });

  it("tells the simulator which tool the agent used and what it returned", async () => {
    const model = scriptedModel(["thanks"]);
    const toolUser = {
      role: AgentRole.AGENT,
      call: async (): Promise<ModelMessage[]> => [
        { role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "lookup_order", input: { id: 42 } }] },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "lookup_order",
              output: { type: "json", value: { status: "shipped" } },
            },
          ],
        },
        { role: "assistant", content: "Your order has shipped." },
      ],
    };
    await isolated().run({
      name: "tools",
      description: "Order status.",
      agents: [toolUser, userSimulatorAgent({ model })],
      script: [user("where is my order"), agent(), user(), succeed()],
    });
    const text = JSON.stringify(promptOf(model.doGenerateCalls[0] as LanguageModelV3CallOptions));
    expect(text).toContain('called the tool lookup_order with {\\"id\\":42}');
    expect(text).toContain('Tool lookup_order returned {\\"status\\":\\"shipped\\"}');
    expect(text).toContain("Your order has shipped.");
  });

  it("passes temperature, maxTokens and a custom system prompt to the model", async () => {
    const model = scriptedModel(["hello"]);
    await isolated().run({
      name: "settings",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model, temperature: 0.3, maxTokens: 50, systemPrompt: "You are Bob." })],
      script: [user(), succeed()],
    });
    const options = model.doGenerateCalls[0] as LanguageModelV3CallOptions;
    expect(options.temperature).toBe(0.3);
    expect(options.maxOutputTokens).toBe(50);
    expect(systemOf(options)).toBe("You are Bob.");
  });

  it("retries an empty completion once", async () => {
    const model = scriptedModel(["", "second try"]);
    const result = await isolated().run({
      name: "empty",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model })],
      script: [user(), succeed()],
    });
    expect(result.messages[0]).toEqual({ role: "user", content: "second try" });
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("ends the run with error, not fail, when the model answers empty twice", async () => {
    const model = scriptedModel(["", "  "]);
    const batch = await isolated().runMany([
      { name: "empty", description: "d", agents: [echoAgent(), userSimulatorAgent({ model })], script: [user(), succeed()] },
    ]);
    expect(batch.results[0]).toMatchObject({ status: "error", errorCode: "invalid_model_output" });
    expect(batch.results[0]?.error).toMatch(/empty message twice/);
  });

  it("without any model, an unscripted user turn ends the run skipped, naming the setting to add", async () => {
    const result = await isolated().run({
      name: "no model",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent()],
      script: [user(), agent(), succeed()],
    });
    expect(result.status).toBe("skipped");
    expect(result.reasoning).toMatch(/defaultModel/);
  });

  it("is usable outside a run with a model object", async () => {
    const model = scriptedModel(["standalone"]);
    const simulator = userSimulatorAgent({ model });
    const input = {
      threadId: "t",
      messages: [],
      newMessages: [],
      requestedRole: AgentRole.USER,
      scenarioConfig: { name: "n", description: "d", agents: [] },
      scenarioState: {} as AgentInput["scenarioState"],
    } satisfies AgentInput;
    expect(await simulator.call(input)).toBe("standalone");
  });
});
