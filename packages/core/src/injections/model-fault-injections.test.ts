import { APICallError, type LanguageModelV3 } from "@ai-sdk/provider";
import { generateText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { Injection } from "../domain/declarative.js";
import { messageText } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { recordable } from "../runner/recordable.js";
import { createRehearse } from "../runner/rehearse.js";
import { userMessage } from "../script/seed-steps.js";
import { textResult } from "../testing/mock-models.js";

/** Asks its model and says what happened: the answer, or the error a provider would raise. */
function modelAgent(modelFor: (input: AgentInput) => Promise<LanguageModelV3>): Agent {
  return {
    role: AgentRole.AGENT,
    name: "model-agent",
    async call(input) {
      try {
        const { text } = await generateText({ model: await modelFor(input), messages: input.messages, maxRetries: 0 });
        return `model said: ${text}`;
      } catch (error) {
        if (!APICallError.isInstance(error)) return `other error: ${String(error)}`;
        return `provider error ${error.statusCode ?? "none"} retry-after ${error.responseHeaders?.["retry-after"] ?? "none"}: ${error.message}`;
      }
    },
  };
}

const replies = (injections: Injection[], agent: Agent, turns = 1): ScenarioConfig => ({
  name: "model faults",
  description: "the agent's own model fails",
  agents: [agent],
  injections,
  script: Array.from({ length: turns }, (_, index) => userMessage(`question ${index}`)),
});

const base = () => new MockLanguageModelV3({ doGenerate: async () => textResult("All good, the order is on its way") });
const resolved = (model: LanguageModelV3) => async (input: AgentInput) =>
  (await input.models?.resolve(model, { role: AgentRole.AGENT, agent: "model-agent" }))?.model ?? model;

async function agentReplies(config: ScenarioConfig): Promise<string[]> {
  const result = await createRehearse({ configFile: false }).run(config, { seed: 4 });
  return result.messages.filter((message) => message.role === "assistant").map((message) => messageText(message));
}

describe("target: model", () => {
  it("fails the agent's model (input.models.resolve) with a 429 carrying Retry-After, logged as an injection", async () => {
    const model = base();
    const config = replies(
      [{ type: "tool_error", target: "model", target_action: "*", error_type: "rate_limit" }],
      modelAgent(resolved(model)),
    );
    const result = await createRehearse({ configFile: false }).run(config, { seed: 4 });
    expect(messageText(result.messages[1] as never)).toBe(
      "provider error 429 retry-after 2: Rate limit exceeded, try again later",
    );
    expect(model.doGenerateCalls).toHaveLength(0);
    expect(result.scenarioRun?.injections_performed[0]).toMatchObject({
      type: "tool_error",
      fired: true,
      outcome: { model: "mock-provider:mock-model-id", fault: { kind: "http", statusCode: 429 } },
    });
  });

  it("reaches models wrapped with recordable(), with a connection error inside a system_condition window only", async () => {
    const model = recordable(base());
    const config = replies(
      [{ type: "system_condition", target: "model", condition_type: "network_error", target_timestamp: 0, duration: 1.5 }],
      modelAgent(async () => model),
      3,
    );
    // each turn of the agent takes 1 virtual second: the first two start inside the window
    expect(await agentReplies(config)).toEqual([
      "provider error none retry-after none: Cannot connect to API: The network connection failed",
      "provider error none retry-after none: Cannot connect to API: The network connection failed",
      "model said: All good, the order is on its way",
    ]);
  });

  it("gives the agent its real answer cut in half for malformed_output, and leaves other models alone", async () => {
    const config = replies(
      [{ type: "tool_error", target: "model", target_action: "mock-provider:mock-model-id", error_type: "malformed_output" }],
      modelAgent(resolved(base())),
    );
    expect(await agentReplies(config)).toEqual(["model said: All good, the or"]);
    const other = replies(
      [{ type: "tool_error", target: "model", target_action: "openai:gpt-4.1-mini", error_type: "internal_error" }],
      modelAgent(resolved(base())),
    );
    expect(await agentReplies(other)).toEqual(["model said: All good, the order is on its way"]);
  });

  it("rejects malformed_output on a tool, naming the field", async () => {
    const config = replies(
      [{ type: "tool_error", target_action: "*", error_type: "malformed_output" }],
      modelAgent(resolved(base())),
    );
    await expect(createRehearse({ configFile: false }).run(config)).rejects.toThrow(
      /error_type: malformed_output applies only to target: model/,
    );
  });
});
