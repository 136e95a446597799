import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { continueTestResult, finishTestResult, scriptedModel, toolCallResult } from "./mock-models.js";

describe("scriptedModel", () => {
  it("answers from its list through the real AI SDK and records the calls", async () => {
    const model = scriptedModel(["first", toolCallResult("lookup", { id: 7 })]);
    const first = await generateText({ model, prompt: "hello" });
    expect(first.text).toBe("first");
    const second = await generateText({ model, prompt: "again", tools: {} });
    expect(second.toolCalls[0]).toMatchObject({ toolName: "lookup" });
    expect(model.doGenerateCalls).toHaveLength(2);
    await expect(generateText({ model, prompt: "one too many" })).rejects.toThrow(/called 3 times but has 2 replies/);
  });
});

describe("judge replies", () => {
  it("finishTestResult names criteria by their field names and drives a real judge", async () => {
    const { judgeAgent } = await import("../agents/judge/judge-agent.js");
    const { isolated } = await import("../test-support/harness.js");
    const { echoAgent } = await import("./scripted-agents.js");
    const { agent, judge, user } = await import("../script/steps.js");
    const model = scriptedModel([finishTestResult({ "Agent echoes the user": "true", "Agent is polite!": "false" })]);
    const result = await isolated().run({
      name: "mock judge",
      description: "d",
      agents: [echoAgent(), judgeAgent({ model, criteria: ["Agent echoes the user", "Agent is polite!"] })],
      script: [user("hi"), agent(), judge()],
    });
    expect(result).toMatchObject({ status: "fail", metCriteria: ["Agent echoes the user"], unmetCriteria: ["Agent is polite!"] });
    expect(continueTestResult().content[0]).toMatchObject({ type: "tool-call", toolName: "continue_test" });
  });
});
