import type { LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { agent, judge, user } from "../../script/steps.js";
import { runRecorded } from "../../test-support/harness.js";
import { MockLanguageModelV3, toolCallResult } from "../../testing/mock-models.js";
import { echoAgent } from "../../testing/scripted-agents.js";
import { judgeAgent } from "./judge-agent.js";
import { judgeTranscript } from "./judge-transcript.js";
import { judgeVersion } from "./judge-version.js";

const GREETS = "Agent greets the user";

function judgeModel(reply: LanguageModelV3GenerateResult, modelId = "judge") {
  return new MockLanguageModelV3({ provider: "test", modelId, doGenerate: async () => reply });
}
const finish = (criteria: Record<string, string>, verdict = "success") =>
  toolCallResult("finish_test", { criteria, reasoning: "because", verdict });

async function judgmentOf(config: Parameters<typeof judgeAgent>[0]) {
  const { events } = await runRecorded({
    name: "greeting",
    description: "A user says hello.",
    agents: [echoAgent(), judgeAgent(config)],
    script: [user("hello"), agent(), judge()],
  });
  return events.find((event) => event.type === "judgment") as Record<string, unknown> | undefined;
}

describe("judge version", () => {
  it("every model judgment names the judge version and model that made it", async () => {
    const model = judgeModel(finish({ agent_greets_the_user: "true" }));
    const judgment = await judgmentOf({ model, criteria: [GREETS] });
    expect(judgment).toMatchObject({
      verdict: "pass",
      judgeVersion: judgeVersion({ modelKey: "test:judge" }),
      judgeModel: "test:judge",
    });
    expect(judgment?.judgeVersion).toMatch(/^j-[0-9a-f]{8}$/);
  });

  it("is one version across scenarios and criteria, and a new one for another prompt or model", () => {
    const builtIn = judgeVersion({ modelKey: "openai:gpt-4.1-mini" });
    expect(judgeVersion({ modelKey: "openai:gpt-4.1-mini" })).toBe(builtIn);
    expect(judgeVersion({ modelKey: "openai:gpt-4.1" })).not.toBe(builtIn);
    expect(judgeVersion({ modelKey: "openai:gpt-4.1-mini", systemPrompt: "Be strict." })).not.toBe(builtIn);
  });

  it("a custom system prompt changes the version the run reports", async () => {
    const reply = finish({ agent_greets_the_user: "true" });
    const plain = await judgmentOf({ model: judgeModel(reply), criteria: [GREETS] });
    const custom = await judgmentOf({ model: judgeModel(reply), criteria: [GREETS], systemPrompt: "Grade strictly." });
    expect(custom?.judgeVersion).toBe(judgeVersion({ modelKey: "test:judge", systemPrompt: "Grade strictly." }));
    expect(custom?.judgeVersion).not.toBe(plain?.judgeVersion);
  });

  it("checks-only verdicts carry no judge version", async () => {
    const judgment = await judgmentOf({ criteria: [] });
    expect(judgment).toBeDefined();
    expect(judgment).not.toHaveProperty("judgeVersion");
  });
});

describe("judgeTranscript", () => {
  it("grades a finished conversation per criterion with the candidate prompt", async () => {
    const model = judgeModel(finish({ agent_greets_the_user: "false", agent_is_polite: "true" }, "failure"));
    const judged = await judgeTranscript({
      model,
      modelKey: "test:judge",
      systemPrompt: "Candidate prompt",
      description: "A user says hello.",
      criteria: [GREETS, "Agent is polite"],
      messages: [
        { role: "user", content: "hello" },
        { role: "assistant", content: "what?" },
      ],
    });
    expect([...judged.answers]).toEqual([
      [GREETS, "unmet"],
      ["Agent is polite", "met"],
    ]);
    expect(judged.judgeVersion).toBe(judgeVersion({ modelKey: "test:judge", systemPrompt: "Candidate prompt" }));
    expect(JSON.stringify(model.doGenerateCalls[0]?.prompt)).toContain("Candidate prompt");
  });

  it("unusable output is an error, never a verdict", async () => {
    const model = judgeModel(toolCallResult("finish_test", { reasoning: "no criteria" }));
    const judging = judgeTranscript({
      model,
      modelKey: "test:judge",
      description: "d",
      criteria: [GREETS],
      messages: [{ role: "user", content: "hi" }],
      invalidOutputRetries: 0,
    });
    await expect(judging).rejects.toMatchObject({ code: "invalid_model_output" });
  });
});
