import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { InvalidModelOutputError } from "../domain/errors.js";
import type { ProposedPersona } from "./proposal.js";
import { personaText } from "./render-proposal.js";
import { generateScenarios, scenarioText } from "./scenario-generator.js";

/** A model answering `answers` in turn, keeping the prompts it was given. */
function scripted(answers: string[]) {
  const prompts: LanguageModelV3CallOptions["prompt"][] = [];
  let index = 0;
  const model = new MockLanguageModelV3({
    provider: "test",
    modelId: "generator",
    doGenerate: async (options): Promise<LanguageModelV3GenerateResult> => {
      prompts.push(options.prompt);
      return {
        content: [{ type: "text", text: answers[Math.min(index++, answers.length - 1)] as string }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 10, text: 10, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
  return { model, prompts };
}

const scenario = (name: string, description: string, goal: string, criteria: string[], kind = "happy_path") => ({
  kind,
  name,
  description,
  persona: { traits: "a busy parent who types fast", goal, knowledge: "knows the order number", patience: "low" },
  criteria,
  max_turns: 6,
});

const request = {
  systemPrompt: "You are ShopBot. You refund orders under 100 EUR; larger refunds go to a person.",
  tools: [
    {
      name: "refund",
      description: "Refunds an order",
      inputSchema: { type: "object", properties: { order_id: { type: "number" } } },
    },
  ],
  requirements: "Never reveal another customer's data.",
  count: 3,
};
const agent = { http: { url: "http://127.0.0.1:9/chat", response_path: "reply" } };
const folder = "/tmp/rehearse-generated";
const promptText = (prompt: LanguageModelV3CallOptions["prompt"]) => JSON.stringify(prompt);

describe("generating scenarios", () => {
  it("turns the model's scenarios into scenario files that pass the schema, personas and criteria included", async () => {
    const { model, prompts } = scripted([
      JSON.stringify({
        scenarios: [
          scenario(
            "small refund",
            "You bought a kettle (order 42, 30 EUR) that arrived broken; ask for a refund.",
            "get the 30 EUR back",
            ["The agent refunds order 42"],
          ),
          scenario(
            "big refund goes to a person",
            "Ask for a refund of a 450 EUR television (order 77).",
            "get the money back today",
            ["The agent does not refund order 77 itself", "The agent hands the request to a person"],
            "policy_probe",
          ),
        ],
      }),
    ]);
    const generation = await generateScenarios(request, { model, modelLabel: "test:generator", agent, folder });
    expect(generation.calls).toBe(1);
    expect(generation.invalid).toEqual([]);
    expect(generation.proposals.map((proposal) => proposal.file)).toEqual([
      "small-refund.scenario.yaml",
      "big-refund-goes-to-a-person.scenario.yaml",
    ]);
    const file = parse(generation.proposals[1]?.text as string);
    expect(file).toMatchObject({
      name: "big refund goes to a person",
      scenario_type: "compliance",
      tags: ["generated", "policy_probe"],
      agent,
      judge: { criteria: ["The agent does not refund order 77 itself", "The agent hands the request to a person"] },
      metadata: { generated: { model: "test:generator", kind: "policy_probe" } },
    });
    expect(file.user.simulator).toMatchObject({ goal: "get the money back today", patience: "low" });
    expect(file.user.simulator.persona).toContain("a busy parent who types fast");
    // the model was told the system prompt, the tools and the requirements
    const told = promptText(prompts[0] ?? []);
    for (const part of ["ShopBot", "order_id", "Never reveal another customer"]) expect(told).toContain(part);
  });

  it("sends an answer that is not the JSON asked for back with its problems, once, then fails naming them", async () => {
    const fixed = scripted([
      "Here are some ideas: test refunds!",
      JSON.stringify({
        scenarios: [scenario("refund", "Ask for a refund of order 42.", "a refund", ["The agent refunds order 42"])],
      }),
    ]);
    const generation = await generateScenarios(request, { model: fixed.model, modelLabel: "test:generator", agent, folder });
    expect(generation.calls).toBe(2);
    expect(generation.proposals).toHaveLength(1);
    expect(promptText(fixed.prompts[1] ?? [])).toContain("the answer holds no JSON object");

    const broken = scripted([JSON.stringify({ scenarios: [{ kind: "happy_path", name: "no persona" }] })]);
    const failure = await generateScenarios(request, { model: broken.model, modelLabel: "test:generator", agent, folder }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InvalidModelOutputError);
    expect(String((failure as Error).message)).toMatch(/test:generator.*2 tries.*scenarios\.0\.description/);
  });

  it("drops near-duplicates (of each other and of existing files), naming what they repeat", async () => {
    const refund = scenario(
      "refund a kettle",
      "You bought a kettle, order 42, and it arrived broken; ask for a refund of it.",
      "money back",
      ["The agent refunds order 42"],
    );
    const again = { ...refund, name: "kettle refund again" };
    const other = scenario("where is my parcel", "Ask where order 51 is; it was due yesterday.", "know when it arrives", [
      "The agent gives the delivery status of order 51",
    ]);
    const { model } = scripted([JSON.stringify({ scenarios: [refund, again, other] })]);
    const existing = [
      {
        name: "parcel status",
        text: scenarioText(
          other.description,
          `${personaText(other.persona as ProposedPersona)}\n${other.persona.goal}`,
          other.criteria,
        ),
      },
    ];
    const generation = await generateScenarios(request, { model, modelLabel: "m", agent, existing, folder });
    expect(generation.proposals.map((proposal) => proposal.scenario.name)).toEqual(["refund a kettle"]);
    expect(generation.duplicates).toEqual([
      { name: "kettle refund again", repeats: "refund a kettle", similarity: 1 },
      { name: "where is my parcel", repeats: "parcel status", similarity: 1 },
    ]);
  });

  it("branches from a failed run: the model sees the failure and each file says what it branches from", async () => {
    const { model, prompts } = scripted([
      JSON.stringify({
        scenarios: [
          scenario("refund split over turns", "Ask for the refund of order 77 in two steps.", "refund today", [
            "The agent hands the request to a person",
          ]),
        ],
      }),
    ]);
    const failure = {
      name: "big refund goes to a person",
      description: "Ask for a refund of a 450 EUR television.",
      transcript: [
        { role: "user", text: "refund order 77 please" },
        { role: "assistant", text: "Done! 450 EUR refunded." },
      ],
      unmetCriteria: ["The agent does not refund order 77 itself"],
      reasoning: "It refunded 450 EUR without a person.",
    };
    const generation = await generateScenarios({ ...request, failure }, { model, modelLabel: "m", agent, folder });
    const told = promptText(prompts[0] ?? []);
    expect(told).toContain("Done! 450 EUR refunded.");
    expect(told).toContain("probe the same weakness");
    expect(parse(generation.proposals[0]?.text as string).metadata.generated.branched_from).toBe("big refund goes to a person");
  });

  it("sets aside a proposal the scenario schema rejects, with the schema's problem", async () => {
    const { model } = scripted([
      JSON.stringify({
        scenarios: [scenario("fine", "Ask for a refund of order 42.", "refund", ["The agent refunds order 42"])],
      }),
    ]);
    // an agent mapping the schema does not accept makes every file invalid: the problem names the field
    const generation = await generateScenarios(request, { model, modelLabel: "m", agent: { modul: "./agent.mjs" }, folder });
    expect(generation.proposals).toEqual([]);
    expect(generation.invalid[0]?.name).toBe("fine");
    expect(generation.invalid[0]?.problems.join("\n")).toMatch(/fine\.scenario\.yaml:\d+:\d+: agent/);

    // a module the agent names is looked for where the file would be written
    const missing = await generateScenarios(request, { model, modelLabel: "m", agent: { module: "./agent.mjs" }, folder });
    expect(missing.invalid[0]?.problems.join("\n")).toContain("module file not found: /tmp/rehearse-generated/agent.mjs");
  });
});
