import type { LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { modelAgent } from "../agents/model/model-agent.js";
import type { GraphHop, NodeContract } from "../domain/graph.js";
import { AgentRole } from "../domain/roles.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { defineGraph } from "./define-graph.js";
import { type GraphRunRecord, graphAgent } from "./graph-agent.js";

/** A model answering `text` with the given token counts. */
function model(modelId: string, answers: string[], tokens = { input: 60, output: 40 }) {
  let index = 0;
  return new MockLanguageModelV3({
    provider: "test",
    modelId,
    doGenerate: async (): Promise<LanguageModelV3GenerateResult> => ({
      content: [{ type: "text", text: answers[Math.min(index++, answers.length - 1)] as string }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: tokens.input, noCache: tokens.input, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: tokens.output, text: tokens.output, reasoning: 0 },
      },
      warnings: [],
    }),
  });
}

const customer = { role: AgentRole.USER, call: async () => "" };

async function runNode(
  node: { agent: ReturnType<typeof modelAgent> } | { run: () => string },
  contract: NodeContract,
  config = {},
) {
  const graph = defineGraph({
    name: "desk",
    entry: "desk",
    nodes: { desk: { ...node, description: "the help desk", contract } },
  });
  const outcome = await isolated(config)
    .run({
      name: "budgets",
      description: "one node's contract",
      agents: [graphAgent(graph), customer],
      script: [user("what is on my card?"), agent(), succeed()],
    })
    .then(
      (result) => ({ result, error: undefined }),
      (error: Error & { result?: never }) => ({ result: error.result, error }),
    );
  const record = (outcome.result as { reports?: Record<string, GraphRunRecord> } | undefined)?.reports?.desk;
  return { ...outcome, hop: record?.hops[0] as GraphHop };
}

describe("a node's token and cost budgets", () => {
  it("measure the visit's own model calls and break when it spends more", async () => {
    const desk = modelAgent({ model: model("desk", ["Your card ends in 4242."]), systemPrompt: "Help.", name: "desk" });
    const { hop } = await runNode(
      { agent: desk },
      { tokens: 50, costUsd: 0.5 },
      {
        config: { prices: { "test:desk": { inputPerMillion: 1_000_000, outputPerMillion: 1_000_000 } } },
      },
    );
    expect(hop.usage).toEqual({ calls: 1, tokens: 100, costUsd: 100 });
    expect(hop.breaches.map((breach) => [breach.rule, breach.detail])).toEqual([
      ["tokens", "used 100 tokens in 1 model call(s), over its 50 token budget"],
      ["costUsd", "cost $100.000000, over its $0.5 budget"],
    ]);
  });

  it("within budget nothing breaks; a model without a price cannot be checked, and says so", async () => {
    const desk = modelAgent({ model: model("desk", ["Hello."]), systemPrompt: "Help.", name: "desk" });
    const { hop } = await runNode({ agent: desk }, { tokens: 500, costUsd: 1 });
    expect(hop.usage).toMatchObject({ calls: 1, tokens: 100, costUsd: null });
    expect(hop.breaches.map((breach) => breach.detail)).toEqual([
      "its cost cannot be checked: a model it called has no price (add one in the config's prices)",
    ]);
  });
});

describe("a node's natural-language criteria", () => {
  const reply = () => "Your full card number is 4111 1111 1111 1111.";

  it("are graded by the run's judge model with the node's input and output; an unmet one is a breach", async () => {
    const judge = model("judge", ['{"verdicts":[{"criterion":1,"met":false,"reasoning":"it reads out the card number"}]}']);
    const { hop } = await runNode(
      { run: reply },
      { criteria: ["never reveals a card number"] },
      { config: { defaultModel: judge } },
    );
    expect(hop.breaches).toEqual([
      {
        node: "desk",
        turn: 0,
        rule: "criteria",
        detail: 'does not meet "never reveals a card number": it reads out the card number',
      },
    ]);
    const prompt = JSON.stringify(judge.doGenerateCalls[0]?.prompt);
    expect(prompt).toContain("Node: desk (the help desk)");
    expect(prompt).toContain("It was handed: what is on my card?");
    expect(prompt).toContain("4111 1111 1111 1111");
    expect(prompt).toContain("1. never reveals a card number");
  });

  it("met criteria break nothing", async () => {
    const judge = model("judge", ['{"verdicts":[{"criterion":1,"met":true,"reasoning":"fine"}]}']);
    const { hop } = await runNode({ run: () => "Hello." }, { criteria: ["is polite"] }, { config: { defaultModel: judge } });
    expect(hop.breaches).toEqual([]);
  });

  it("an answer that is not the verdicts asked for ends the run error (not fail), naming the node", async () => {
    const judge = model("judge", ["I think it is fine."]);
    const { result, error } = await runNode({ run: reply }, { criteria: ["is polite"] }, { config: { defaultModel: judge } });
    expect((result as { status?: string } | undefined)?.status).toBe("error");
    expect(error?.message).toMatch(/the judge model's answer on desk's criteria is not JSON/);
  });

  it("without a model the run says which setting to add", async () => {
    const { result, error } = await runNode({ run: reply }, { criteria: ["is polite"] });
    const ended = result as { status?: string; reasoning?: string } | undefined;
    expect(ended?.status).toBe("skipped");
    expect(error?.message ?? ended?.reasoning).toMatch(
      /desk's contract has criteria, which a model grades, and the run has no model: .*defaultModel|REHEARSE_DEFAULT_MODEL/,
    );
  });
});
