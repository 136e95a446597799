import scenario, { JudgeAgent, judgeAgent } from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal, transcript } from "./helpers.js";
import {
  type CallOptions,
  callsOf,
  continueTest,
  criteriaParameters,
  finishTest,
  forcedFinish,
  promptText,
  scriptedModel,
  systemText,
  textModel,
  toolNames,
} from "./mock-llm.js";

/** A judge model that continues until its `finishOn`-th call, then finishes with `grades`. */
const judgeModel = (grades: Record<string, string>, finishOn = 1, verdict = "success") =>
  scriptedModel((_options, n) => (n >= finishOn ? finishTest(grades, verdict) : continueTest));

/** An agent, as `scenario.run` takes them. */
type ScenarioAgent = Parameters<typeof scenario.run>[0]["agents"][number];

/** A run of a simulated user, a recording agent and `judge`, with `script` if given. */
const runWith = (judge: ScenarioAgent, extra: Record<string, unknown> = {}, journal = new Journal()) =>
  scenario.run({
    name: "judge",
    description: "a customer asks for help",
    agents: [journal.user(), journal.agent(), judge],
    ...extra,
  });

const firstCall = (model: Parameters<typeof callsOf>[0]): CallOptions => callsOf(model)[0] as CallOptions;

describe("judgeAgent", () => {
  it("offers its model the tools continue_test and finish_test", async () => {
    const model = judgeModel({ greets: "true" });
    await runWith(judgeAgent({ model, criteria: ["greets"] }));
    expect(toolNames(firstCall(model)).sort()).toEqual(["continue_test", "finish_test"]);
  });

  it("names finish_test's criteria parameters after the criteria: lowercase, non-alphanumerics as _, quotes dropped", async () => {
    const criteria = ["Agent says hello!", 'Uses the word "please"', "Is polite"];
    const model = judgeModel({ agent_says_hello_: "true", uses_the_word_please: "true", is_polite: "true" });
    await runWith(judgeAgent({ model, criteria }));
    expect(criteriaParameters(firstCall(model))).toEqual(["agent_says_hello_", "uses_the_word_please", "is_polite"]);
  });

  it("cuts a long criterion's parameter name at 70 characters", async () => {
    const criterion = `The agent ${"really ".repeat(12)}answers`;
    const expected = criterion
      .replace(/[^a-zA-Z0-9]/g, "_")
      .toLowerCase()
      .slice(0, 70);
    const model = judgeModel({ [expected]: "true" });
    await runWith(judgeAgent({ model, criteria: [criterion] }));
    expect(criteriaParameters(firstCall(model))).toEqual([expected]);
  });

  it("finish_test with a success verdict and every criterion true makes the run a success, listing the criteria met", async () => {
    const model = judgeModel({ greets_the_user: "true", offers_help: "true" });
    const result = await runWith(judgeAgent({ model, criteria: ["Greets the user", "Offers help"] }));
    expect(result.success).toBe(true);
    expect(result.metCriteria).toEqual(["Greets the user", "Offers help"]);
    expect(result.unmetCriteria).toEqual([]);
    expect(result.reasoning).toBe("the mock judge decided");
  });

  it("a criterion graded false fails the run and is listed unmet", async () => {
    const model = judgeModel({ greets_the_user: "true", offers_help: "false" }, 1, "failure");
    const result = await runWith(judgeAgent({ model, criteria: ["Greets the user", "Offers help"] }));
    expect(result.success).toBe(false);
    expect(result.metCriteria).toEqual(["Greets the user"]);
    expect(result.unmetCriteria).toEqual(["Offers help"]);
  });

  it("verdicts are matched to the criteria whatever order the model lists them in", async () => {
    // the model lists the criteria in reverse order, the second one false
    const model = judgeModel({ offers_help: "false", greets_the_user: "true" }, 1, "failure");
    const result = await runWith(judgeAgent({ model, criteria: ["Greets the user", "Offers help"] }));
    expect(result.metCriteria).toEqual(["Greets the user"]);
    expect(result.unmetCriteria).toEqual(["Offers help"]);
  });

  it("continue_test lets the conversation go on: another user/agent exchange happens before the verdict", async () => {
    const journal = new Journal();
    const model = judgeModel({ greets: "true" }, 2);
    const result = await runWith(judgeAgent({ model, criteria: ["greets"] }), {}, journal);
    expect(callsOf(model)).toHaveLength(2);
    expect(transcript(result.messages)).toEqual(["user:u1", "assistant:a1", "user:u2", "assistant:a2"]);
    expect(result.success).toBe(true);
  });

  it("while the run goes on, the tool choice is required, not forced", async () => {
    const model = judgeModel({ greets: "true" }, 2);
    await runWith(judgeAgent({ model, criteria: ["greets"] }));
    expect(firstCall(model).toolChoice).toEqual({ type: "required" });
  });

  it("an explicit judge() step forces the tool choice to finish_test", async () => {
    const model = judgeModel({ greets: "true" });
    const result = await runWith(judgeAgent({ model, criteria: ["greets"] }), {
      script: [scenario.user("hi"), scenario.agent(), scenario.judge()],
    });
    expect(callsOf(model)).toHaveLength(1);
    expect(firstCall(model).toolChoice).toEqual(forcedFinish);
    expect(result.success).toBe(true);
  });

  it("on the last allowed turn the tool choice is forced to finish_test", async () => {
    const model = scriptedModel((options) =>
      options.toolChoice?.type === "tool" ? finishTest({ greets: "true" }) : continueTest,
    );
    const result = await runWith(judgeAgent({ model, criteria: ["greets"] }), { maxTurns: 2 });
    expect(callsOf(model).map((call) => call.toolChoice)).toEqual([{ type: "required" }, forcedFinish]);
    expect(result.success).toBe(true);
    expect(result.messages).toHaveLength(4);
  });

  it("judge({ criteria }) grades the inline criteria instead of the judge's own", async () => {
    const model = judgeModel({ answers_in_french: "false" }, 1, "failure");
    const result = await runWith(judgeAgent({ model, criteria: ["own criterion"] }), {
      script: [scenario.user("hi"), scenario.agent(), scenario.judge({ criteria: ["Answers in French"] })],
    });
    expect(criteriaParameters(firstCall(model))).toEqual(["answers_in_french"]);
    expect(promptText(firstCall(model))).toContain("Answers in French");
    expect(promptText(firstCall(model))).not.toContain("own criterion");
    expect(result.success).toBe(false);
    expect(result.unmetCriteria).toEqual(["Answers in French"]);
  });

  it("its model receives the conversation, the agent's replies included, and the scenario description", async () => {
    const model = judgeModel({ greets: "true" });
    await runWith(judgeAgent({ model, criteria: ["greets"] }), {
      script: [scenario.user("what is the capital of France"), scenario.agent("The capital is Paris."), scenario.judge()],
    });
    const prompt = promptText(firstCall(model));
    expect(prompt).toContain("what is the capital of France");
    expect(prompt).toContain("The capital is Paris.");
    expect(prompt).toContain("a customer asks for help");
  });

  it("a custom systemPrompt replaces the default one", async () => {
    const model = judgeModel({ greets: "true" });
    await runWith(judgeAgent({ model, criteria: ["greets"], systemPrompt: "You grade pirates." }));
    expect(systemText(firstCall(model))).toBe("You grade pirates.");
  });

  it("temperature and maxTokens reach the model call", async () => {
    const model = judgeModel({ greets: "true" });
    await runWith(judgeAgent({ model, criteria: ["greets"], temperature: 0.2, maxTokens: 321 }));
    expect(firstCall(model).temperature).toBe(0.2);
    expect(firstCall(model).maxOutputTokens).toBe(321);
  });

  it("judge() with no criteria anywhere does not call the model and the run does not succeed", async () => {
    const model = judgeModel({});
    const outcome = await runWith(judgeAgent({ model }), {
      script: [scenario.user("hi"), scenario.agent(), scenario.judge()],
    }).then(
      (result) => (result.success ? "success" : "not success"),
      () => "rejected",
    );
    // (the reference fails the run: "No criteria was provided to be judged against")
    expect(outcome).not.toBe("success");
    expect(callsOf(model)).toHaveLength(0);
  });

  it("the factory is exported by name too and builds a JudgeAgent holding its criteria", () => {
    const judge = judgeAgent({ model: textModel("unused"), criteria: ["greets"] });
    expect(scenario.judgeAgent).toBe(judgeAgent);
    expect(judge).toBeInstanceOf(JudgeAgent);
    expect(judge).toBeInstanceOf(scenario.JudgeAgentAdapter);
    expect(judge.role).toBe(scenario.AgentRole.JUDGE);
    expect(judge.criteria).toEqual(["greets"]);
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed("0011-judge-semantics", "criteria names", "criteria whose parameter names collide are graded separately", async () => {
    // both criteria turn into "is_polite_"; the model grades every parameter it is offered
    const model = scriptedModel((options) =>
      finishTest(Object.fromEntries(criteriaParameters(options).map((name) => [name, "true"]))),
    );
    const result = await runWith(judgeAgent({ model, criteria: ["Is polite.", "Is polite!"] }));
    // the reference offers one parameter and reports "Is polite!" unmet (yet success: true)
    expect(new Set(criteriaParameters(firstCall(model))).size).toBe(2);
    expect(result.metCriteria).toEqual(["Is polite.", "Is polite!"]);
    expect(result.unmetCriteria).toEqual([]);
    expect(result.success).toBe(true);
  });

  itFixed(
    "0011-judge-semantics",
    "inconclusive continues",
    "an inconclusive finish_test when not forced lets the conversation go on",
    async () => {
      const model = scriptedModel((_options, n) =>
        n === 1 ? finishTest({ greets: "inconclusive" }, "inconclusive") : finishTest({ greets: "true" }),
      );
      const result = await runWith(judgeAgent({ model, criteria: ["greets"] }));
      // the reference ends the run at the first call, as a failure
      expect(callsOf(model)).toHaveLength(2);
      expect(result.messages).toHaveLength(4);
      expect(result.success).toBe(true);
    },
  );

  itFixed(
    "0011-judge-semantics",
    "max-turns verdict",
    "at maxTurns the judge's own criteria are graded by a forced call",
    async () => {
      // a checkpoint grades "c1" in the only allowed turn; then proceed() hits maxTurns
      const model = scriptedModel((options) =>
        criteriaParameters(options).includes("c1")
          ? finishTest({ c1: "true" })
          : finishTest({ greets: "true", helps: "false" }, "failure"),
      );
      const script = [scenario.user("hi"), scenario.agent(), scenario.judge({ criteria: ["c1"] }), scenario.proceed()];
      const result = await runWith(judgeAgent({ model, criteria: ["greets", "helps"] }), { maxTurns: 1, script });
      // the reference never asks about its own criteria: met [], unmet ["greets", "helps"]
      const last = callsOf(model).at(-1);
      expect(criteriaParameters(last as CallOptions)).toEqual(["greets", "helps"]);
      expect(last?.toolChoice).toEqual(forcedFinish);
      expect(result.success).toBe(false);
      expect(result.metCriteria).toContain("greets");
      expect(result.unmetCriteria).toEqual(["helps"]);
    },
  );
});
