import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { modelAgent } from "../agents/model/model-agent.js";
import { AgentRole } from "../domain/roles.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { scriptedModel, textResult, toolCallResult } from "../testing/mock-models.js";
import { defineGraph } from "./define-graph.js";
import { type GraphRunRecord, graphAgent } from "./graph-agent.js";

const support = (router: ReturnType<typeof modelAgent>) =>
  defineGraph({
    name: "support",
    entry: "router",
    nodes: {
      router: { agent: router, contract: { handoffs: ["refunds"] } },
      refunds: { run: ({ payload }) => `Refund started (${(payload as { reason?: string })?.reason ?? "no reason"}).` },
    },
    edges: [{ from: "router", to: "refunds", tool: true }],
  });

const customer = { role: AgentRole.USER, call: async () => "" };

describe("a model-backed node", () => {
  it("hands off by calling its handoff tool; the next node gets the tool's input", async () => {
    const model = scriptedModel([toolCallResult("handoff_to_refunds", { reason: "broken kettle" }), textResult("One moment.")]);
    const router = modelAgent({ model, systemPrompt: "Route refund requests to refunds.", name: "router" });
    const result = await isolated().run({
      name: "model router",
      description: "a refund through a model-backed router",
      agents: [graphAgent(support(router)), customer],
      script: [user("my kettle is broken, I want my money back"), agent(), succeed()],
    });
    expect(result.status).toBe("pass");
    expect(result.messages.at(-1)?.content).toBe("Refund started (broken kettle).");
    const record = result.reports?.support as GraphRunRecord;
    expect(record.hops.map((hop) => [hop.node, hop.handoff?.to, hop.handoff?.by])).toEqual([
      ["router", "refunds", "tool"],
      ["refunds", undefined, undefined],
    ]);
    // the model saw its instructions, the conversation and the handoff tool
    const first = model.doGenerateCalls[0] as LanguageModelV3CallOptions;
    expect(JSON.stringify(first.prompt)).toContain("Route refund requests to refunds.");
    expect(JSON.stringify(first.prompt)).toContain("my kettle is broken");
    expect((first.tools ?? []).map((tool) => tool.name)).toEqual(["handoff_to_refunds"]);
  });

  it("a model-backed node without a model says which setting to add, and the run does not pass", async () => {
    const router = modelAgent({ systemPrompt: "Route refund requests to refunds.", name: "router" });
    const outcome = await isolated()
      .run({
        name: "no model",
        description: "a model-backed router without a model",
        agents: [graphAgent(support(router)), customer],
        script: [user("refund please"), agent()],
      })
      .catch((error: Error & { result?: { status: string } }) => error);
    const status = "status" in outcome ? outcome.status : outcome.result?.status;
    expect(status).not.toBe("pass");
    expect(String("message" in outcome ? outcome.message : JSON.stringify(outcome))).toMatch(
      /router is model-backed and has no model: .*modelAgent\(\{ model \}\)/,
    );
  });
});
