import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { ModelMessage } from "../../domain/messages.js";
import { AgentRole } from "../../domain/roles.js";
import { agent, judge, proceed, user } from "../../script/steps.js";
import { isolated } from "../../test-support/harness.js";
import { MockLanguageModelV3, textResult, toolCallResult } from "../../testing/mock-models.js";
import { echoAgent, scriptedUser } from "../../testing/scripted-agents.js";
import { toolCalled } from "./checks.js";
import { criterionParamNames, criterionToParamName } from "./criterion-names.js";
import { judgeAgent } from "./judge-agent.js";

type Reply = LanguageModelV3GenerateResult | ((options: LanguageModelV3CallOptions) => LanguageModelV3GenerateResult);

/** A judge model answering from a list; records every call. */
function judgeModel(replies: Reply[]) {
  let index = 0;
  return new MockLanguageModelV3({
    provider: "test",
    modelId: "judge",
    doGenerate: async (options) => {
      const reply = replies[Math.min(index++, replies.length - 1)] as Reply;
      return typeof reply === "function" ? reply(options) : reply;
    },
  });
}
const finish = (criteria: Record<string, string>, verdict = "success", reasoning = "because") =>
  toolCallResult("finish_test", { criteria, reasoning, verdict });
const proceedOn = () => toolCallResult("continue_test", {});
const toolNames = (options: LanguageModelV3CallOptions) => (options.tools ?? []).map((tool) => tool.name);
const promptText = (options: LanguageModelV3CallOptions) => JSON.stringify(options.prompt);

/** The input of a direct judge call with a requested verdict. */
function judgeInput(messages: ModelMessage[]) {
  return {
    threadId: "t",
    messages,
    newMessages: [],
    requestedRole: AgentRole.JUDGE,
    judgmentRequest: { reason: "script" as const },
    scenarioConfig: { name: "n", description: "d", agents: [] },
    scenarioState: { currentTurn: 1 } as never,
  };
}

const GREETS = "Agent greets the user";
const POLITE = "Agent is polite";

function scenario(judgeConfig: Parameters<typeof judgeAgent>[0], script = [proceed()], maxTurns = 5) {
  return {
    name: "judge test",
    description: "A user says hello to an echo agent.",
    agents: [echoAgent(), scriptedUser(["hello", "again", "more", "still", "last", "extra"]), judgeAgent(judgeConfig)],
    script,
    maxTurns,
  };
}

describe("judgeAgent", () => {
  it("passes when finish_test says success with every criterion true", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true", agent_is_polite: "true" })]);
    const result = await isolated().run(scenario({ model, criteria: [GREETS, POLITE] }));
    expect(result).toMatchObject({ status: "pass", metCriteria: [GREETS, POLITE], unmetCriteria: [] });
  });

  it("maps verdicts back by criterion name, whatever order the model lists them in", async () => {
    const model = judgeModel([finish({ agent_is_polite: "false", agent_greets_the_user: "true" }, "failure")]);
    const result = await isolated().run(scenario({ model, criteria: [GREETS, POLITE] }));
    expect(result).toMatchObject({ status: "fail", metCriteria: [GREETS], unmetCriteria: [POLITE] });
  });

  it("shares one system prompt and one set of verdict tools across its calls", async () => {
    const model = judgeModel([proceedOn(), proceedOn(), finish({ agent_greets_the_user: "true" })]);
    const result = await isolated().run(scenario({ model, criteria: [GREETS] }));
    expect(result.status).toBe("pass");
    const [first, second, third] = model.doGenerateCalls as LanguageModelV3CallOptions[];
    expect(third).toBeDefined();
    expect(second?.tools).toBe(first?.tools);
    expect(third?.tools).toBe(first?.tools);
    expect(second?.prompt[0]).toEqual(first?.prompt[0]);
  });

  it("judges of different runs grading the same criteria share one prompt and one set of verdict tools", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" }), finish({ agent_greets_the_user: "true" })]);
    const rehearse = isolated();
    // two runs, each with its own judgeAgent (as a suite builds them); a third grades other criteria
    await rehearse.run(scenario({ model, criteria: [GREETS] }));
    await rehearse.run(scenario({ model, criteria: [GREETS] }));
    const other = judgeModel([finish({ agent_is_polite: "true" })]);
    await rehearse.run(scenario({ model: other, criteria: [POLITE] }));
    const [first, second] = model.doGenerateCalls as LanguageModelV3CallOptions[];
    expect(second?.tools).toBe(first?.tools);
    expect(second?.prompt[0]).toEqual(first?.prompt[0]);
    const polite = other.doGenerateCalls[0] as LanguageModelV3CallOptions;
    expect(polite.tools).not.toBe(first?.tools);
    expect(JSON.stringify(polite.tools)).toContain("agent_is_polite");
    expect(JSON.stringify(polite.tools)).not.toContain("agent_greets_the_user");
  });

  it("continue_test lets the conversation go on", async () => {
    const model = judgeModel([proceedOn(), proceedOn(), finish({ agent_greets_the_user: "true" })]);
    const result = await isolated().run(scenario({ model, criteria: [GREETS] }));
    expect(result.status).toBe("pass");
    expect(result.messages.filter((message) => message.role === "assistant")).toHaveLength(3);
  });

  it("an inconclusive verdict continues unless forced; forced, inconclusive counts as unmet", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "inconclusive" }, "inconclusive")]);
    const result = await isolated().run(scenario({ model, criteria: [GREETS] }, [proceed()], 3));
    // turns 0 and 1 continue; turn 2 is the last allowed one: forced, and still inconclusive
    expect(model.doGenerateCalls).toHaveLength(3);
    expect(result).toMatchObject({ status: "fail", unmetCriteria: [GREETS] });
    const last = model.doGenerateCalls[2] as LanguageModelV3CallOptions;
    expect(last.toolChoice).toEqual({ type: "tool", toolName: "finish_test" });
    expect(toolNames(last)).toEqual(["finish_test"]);
  });

  it("offers both tools with a required choice on an ordinary turn", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" })]);
    await isolated().run(scenario({ model, criteria: [GREETS] }));
    const first = model.doGenerateCalls[0] as LanguageModelV3CallOptions;
    expect(first.toolChoice).toEqual({ type: "required" });
    expect(toolNames(first).sort()).toEqual(["continue_test", "finish_test"]);
  });

  it("an explicit judge() forces finish_test", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" })]);
    const result = await isolated().run(scenario({ model, criteria: [GREETS] }, [user("hi"), agent(), judge()]));
    expect(result.status).toBe("pass");
    expect((model.doGenerateCalls[0] as LanguageModelV3CallOptions).toolChoice).toEqual({
      type: "tool",
      toolName: "finish_test",
    });
  });

  it("inline judge({ criteria }) criteria are what the judge grades", async () => {
    const model = judgeModel([finish({ the_agent_echoes: "true" })]);
    const result = await isolated().run(
      scenario({ model, criteria: [GREETS] }, [user("hi"), agent(), judge({ criteria: ["The agent echoes"] })]),
    );
    expect(result).toMatchObject({ status: "pass", metCriteria: ["The agent echoes"] });
    const options = model.doGenerateCalls[0] as LanguageModelV3CallOptions;
    expect(promptText(options)).toContain("The agent echoes");
    expect(promptText(options)).not.toContain(GREETS);
  });

  it("the prompt holds the description as context, the criteria and the conversation", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" })]);
    await isolated().run(scenario({ model, criteria: [GREETS] }, [user("hi there"), agent(), judge()]));
    const text = promptText(model.doGenerateCalls[0] as LanguageModelV3CallOptions);
    expect(text).toContain("A user says hello to an echo agent.");
    expect(text).toContain(GREETS);
    expect(text).toContain("You said: hi there");
  });

  it("minTurns: no model call, and no verdict, before the floor", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "false" }, "failure")]);
    const result = await isolated().run(scenario({ model, criteria: [GREETS], minTurns: 3 }));
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(result.messages.filter((message) => message.role === "assistant")).toHaveLength(3);
    expect(result.status).toBe("fail");
  });

  it("judge() with no criteria anywhere fails clearly without a model call", async () => {
    const model = judgeModel([finish({})]);
    const result = await isolated().run(scenario({ model }, [user("hi"), agent(), judge()]));
    expect(result.status).toBe("fail");
    expect(result.reasoning).toMatch(/no criteria/);
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("retries unusable output, then ends with error rather than fail", async () => {
    const retried = judgeModel([textResult("I think it passed"), finish({ agent_greets_the_user: "true" })]);
    const ok = await isolated().run(scenario({ model: retried, criteria: [GREETS] }, [user("hi"), agent(), judge()]));
    expect(ok.status).toBe("pass");
    const secondPrompt = promptText(retried.doGenerateCalls[1] as LanguageModelV3CallOptions);
    expect(secondPrompt).toContain("could not be used");

    const broken = judgeModel([toolCallResult("finish_test", { verdict: "success" })]);
    const batch = await isolated().runMany([scenario({ model: broken, criteria: [GREETS] }, [user("hi"), agent(), judge()])]);
    expect(batch.results[0]).toMatchObject({ status: "error", errorCode: "invalid_model_output" });
    expect(broken.doGenerateCalls).toHaveLength(3);
  });

  it("without a model: natural-language criteria are skipped naming the setting; checks still decide", async () => {
    const skipped = await isolated().run(scenario({ criteria: [GREETS] }, [user("hi"), agent(), judge()]));
    expect(skipped.status).toBe("skipped");
    expect(skipped.reasoning).toMatch(/defaultModel/);

    const failed = await isolated().run(scenario({ criteria: [GREETS, toolCalled("refund")] }, [user("hi"), agent(), judge()]));
    expect(failed).toMatchObject({ status: "fail", unmetCriteria: ['Agent called tool "refund"'] });
  });

  it("mixes checks and natural-language criteria in one verdict", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" })]);
    const result = await isolated().run(
      scenario({ model, criteria: [GREETS, toolCalled("refund")] }, [user("hi"), agent(), judge()]),
    );
    expect(result).toMatchObject({ status: "fail", metCriteria: [GREETS], unmetCriteria: ['Agent called tool "refund"'] });
  });

  it("the max-turns request forces a verdict", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" })]);
    const judgeInstance = judgeAgent({ model, criteria: [GREETS] });
    const verdict = await judgeInstance.call({
      threadId: "t",
      messages: [{ role: "user", content: "hi" }],
      newMessages: [],
      requestedRole: AgentRole.JUDGE,
      judgmentRequest: { reason: "max-turns" },
      scenarioConfig: { name: "n", description: "d", agents: [], maxTurns: 10 },
      scenarioState: { currentTurn: 10 } as never,
    });
    expect(verdict).toMatchObject({ success: true, metCriteria: [GREETS] });
    const options = model.doGenerateCalls[0] as LanguageModelV3CallOptions;
    expect(options.toolChoice).toEqual({ type: "tool", toolName: "finish_test" });
    expect(promptText(options)).toContain("maximum number of turns");
  });

  it("a long conversation gets an outline and expand/grep tools; the prompt stays bounded", async () => {
    const long: ModelMessage[] = Array.from({ length: 400 }, (_, index) => ({
      role: index % 2 === 0 ? "user" : "assistant",
      content: `message ${index} ${"lorem ipsum ".repeat(40)}${index === 313 ? "SECRET-CODE-7" : ""}`,
    }));
    const prompts: number[] = [];
    const model = judgeModel([
      (options) => {
        prompts.push(promptText(options).length);
        return toolCallResult("grep_transcript", { pattern: "SECRET-CODE" });
      },
      (options) => {
        prompts.push(promptText(options).length);
        expect(promptText(options)).toContain("SECRET-CODE-7");
        return finish({ agent_greets_the_user: "true" });
      },
    ]);
    const verdict = await judgeAgent({ model, criteria: [GREETS] }).call(judgeInput(long));
    expect(verdict).toMatchObject({ success: true });
    const first = model.doGenerateCalls[0] as LanguageModelV3CallOptions;
    expect(toolNames(first)).toEqual(expect.arrayContaining(["expand_transcript", "grep_transcript", "finish_test"]));
    expect(JSON.stringify(long).length).toBeGreaterThan(150_000);
    for (const length of prompts) expect(length).toBeLessThan(8192 * 4);
  });

  it("runs out of discovery steps, then asks for the verdict with the discovery tools removed", async () => {
    const long: ModelMessage[] = Array.from({ length: 200 }, (_, index) => ({
      role: index % 2 === 0 ? "user" : "assistant",
      content: `message ${index} ${"words ".repeat(60)}`,
    }));
    const model = judgeModel([
      toolCallResult("expand_transcript", { entries: [1] }),
      toolCallResult("expand_transcript", { entries: [2] }),
      finish({ agent_greets_the_user: "false" }, "failure"),
    ]);
    const verdict = await judgeAgent({ model, criteria: [GREETS], maxDiscoverySteps: 2 }).call(judgeInput(long));
    expect(verdict).toMatchObject({ success: false, unmetCriteria: [GREETS] });
    const last = model.doGenerateCalls[2] as LanguageModelV3CallOptions;
    expect(toolNames(last)).toEqual(["finish_test"]);
    expect(last.toolChoice).toEqual({ type: "tool", toolName: "finish_test" });
    // no tool-call parts refer to tools that are no longer offered
    expect(JSON.stringify(last.prompt)).not.toContain('"type":"tool-call"');
  });
});

describe("judgeAgent spans", () => {
  const input = (judgeInstance: ReturnType<typeof judgeAgent>) =>
    judgeInstance.call(judgeInput([{ role: "user", content: "hi" }]));

  it("shows the spans the user passes", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" })]);
    const spans = [{ spanId: "abcdef0123456789", name: "lookup_order", status: "error" as const, errorMessage: "timeout" }];
    await input(judgeAgent({ model, criteria: [GREETS], spans }));
    const text = promptText(model.doGenerateCalls[0] as LanguageModelV3CallOptions);
    expect(text).toContain("<traces>");
    expect(text).toContain("lookup_order");
    expect(text).toContain("timeout");
  });

  it("rejects malformed spans naming the field, before any model call", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" })]);
    await expect(input(judgeAgent({ model, criteria: [GREETS], spans: [{ name: "no id" }] as never }))).rejects.toThrow(/spanId/);
    expect(model.doGenerateCalls).toHaveLength(0);
  });
});

describe("criterion names", () => {
  it("follow the reference's rule", () => {
    expect(criterionToParamName('Agent says "hello", then asks how it can help!')).toBe(
      "agent_says_hello__then_asks_how_it_can_help_",
    );
    expect(criterionToParamName("x".repeat(100))).toHaveLength(70);
  });

  it("are made unique when two criteria share their first 70 characters", () => {
    const base = "a".repeat(80);
    const names = criterionParamNames([`${base} one`, `${base} two`, `${base} three`]);
    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(70);
  });
});

describe("agent options", () => {
  it("are checked when the agent is made, naming the factory and the option", async () => {
    const { userSimulatorAgent } = await import("../user-simulator/user-simulator-agent.js");
    expect(() => judgeAgent({ criteria: [GREETS], minTurns: -1 })).toThrow(
      /judgeAgent: `minTurns` must be an integer ≥ 0, got -1/,
    );
    expect(() => judgeAgent({ temperature: 7 })).toThrow(/`temperature` must be a number from 0 to 2/);
    expect(() => judgeAgent({ criteria: "be nice" as never })).toThrow(/`criteria` must be an array/);
    expect(() => userSimulatorAgent({ maxTokens: 1.5 })).toThrow(/userSimulatorAgent: `maxTokens` must be a positive integer/);
  });

  it("includeTraces: false leaves the spans out", async () => {
    const model = judgeModel([finish({ agent_greets_the_user: "true" })]);
    const spans = [{ spanId: "abcdef0123456789", name: "lookup_order" }];
    await judgeAgent({ model, criteria: [GREETS], spans, includeTraces: false }).call(
      judgeInput([{ role: "user", content: "hi" }]),
    );
    expect(promptText(model.doGenerateCalls[0] as LanguageModelV3CallOptions)).not.toContain("lookup_order");
  });
});
