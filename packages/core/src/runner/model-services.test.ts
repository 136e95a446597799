import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import type { AgentInput } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { scriptedModel } from "../testing/mock-models.js";

describe("models resolved through input.models", () => {
  it("count as usage of the role that resolved them, and pass through the run's middleware", async () => {
    const own = scriptedModel(["your refund is on its way"], "support-model");
    const supportAgent = {
      role: AgentRole.AGENT,
      async call(input: AgentInput) {
        const resolved = await input.models?.resolve(own, { role: AgentRole.AGENT, agent: "support" });
        if (!resolved) throw new Error("no model");
        const { text } = await generateText({ model: resolved.model, messages: input.messages, ...resolved.callOptions });
        return text;
      },
    };
    const result = await isolated().run({
      name: "own model",
      description: "d",
      agents: [supportAgent],
      script: [user("refund please"), agent(), succeed()],
    });
    expect(result.messages.at(-1)).toEqual({ role: "assistant", content: "your refund is on its way" });
    expect(result.usage?.byRole.Agent).toMatchObject({ calls: 1, inputTokens: 1, outputTokens: 1 });
    expect(result.usage?.byModel["rehearse-testing:support-model"]).toMatchObject({ calls: 1, cost: null });
    expect(result.usage?.byRole.User).toBeUndefined();
  });

  it("an id with no default model and no key fails clearly, naming the variable", async () => {
    const batch = await isolated().runMany([
      {
        name: "missing key",
        description: "d",
        agents: [
          {
            role: AgentRole.AGENT,
            call: async (input) => {
              await input.models?.resolve("openai:gpt-4.1-mini", { role: AgentRole.AGENT, agent: "support" });
              return "unreachable";
            },
          },
        ],
        script: [user("hi"), agent(), succeed()],
      },
    ]);
    expect(batch.results[0]).toMatchObject({ status: "error", errorCode: "invalid_config" });
    expect(batch.results[0]?.error).toMatch(/OPENAI_API_KEY/);
  });

  it("a model object of another specification fails as a config error naming the agent, before any call", async () => {
    const older = { ...scriptedModel([]), specificationVersion: "v2" };
    const batch = await isolated().runMany([
      {
        name: "old model",
        description: "d",
        agents: [
          {
            role: AgentRole.AGENT,
            call: async (input) => {
              await input.models?.resolve(older as never, { role: AgentRole.AGENT, agent: "support" });
              return "unreachable";
            },
          },
        ],
        script: [user("hi"), agent(), succeed()],
      },
    ]);
    expect(batch.results[0]).toMatchObject({ status: "error", errorCode: "invalid_config" });
    expect(batch.results[0]?.error).toContain(
      "support: model: is an AI SDK language model of specification v2; Rehearse needs specification v3",
    );
    expect(older.doGenerateCalls).toHaveLength(0);
  });
});
