import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { proceed, succeed } from "../../script/steps.js";
import { isolated, runRecorded } from "../../test-support/harness.js";
import { scriptedModel } from "../../testing/mock-models.js";
import { echoAgent } from "../../testing/scripted-agents.js";
import type { UserSimulatorReport } from "./simulation-record.js";
import { userSimulatorAgent } from "./user-simulator-agent.js";

const grades = (planHidden = true) =>
  JSON.stringify({
    stays_in_persona: { pass: true, why: "sounds like a terse customer" },
    keeps_plan_hidden: { pass: planHidden, why: planHidden ? "only asks for the refund" : "lists every step of its plan" },
    does_not_solve_task: { pass: true, why: "leaves the refund to the agent" },
  });

const reportOf = (result: { reports?: Record<string, unknown> }) =>
  (result.reports?.UserSimulatorAgent ?? {}) as UserSimulatorReport;

describe("realism checks", () => {
  it("grades every simulated turn in one call and reports per turn, as a summary and as events", async () => {
    const grader = scriptedModel([grades(true), grades(false)], "grader");
    const { result, events } = await runRecorded({
      name: "realism",
      description: "A customer wants a refund.",
      agents: [
        echoAgent(),
        userSimulatorAgent({
          model: scriptedModel(["refund pls", "step 1 ask, step 2 give order"]),
          persona: "terse",
          realismChecks: { model: grader },
        }),
      ],
      script: [proceed(2), succeed()],
    });
    expect(result.status).toBe("pass");
    expect(grader.doGenerateCalls).toHaveLength(2);
    const request = JSON.stringify((grader.doGenerateCalls[1] as LanguageModelV3CallOptions).prompt);
    expect(request).toContain("step 1 ask, step 2 give order");
    expect(request).toContain("terse");
    const report = reportOf(result);
    expect(report.turns.map((turn) => turn.realism?.status)).toEqual(["pass", "fail"]);
    expect(report.turns[1]?.realism?.grades).toContainEqual({
      check: "keeps_plan_hidden",
      pass: false,
      why: "lists every step of its plan",
    });
    expect(report.realism).toMatchObject({
      status: "fail",
      turns: 2,
      passed: 1,
      failed: 1,
      errors: 0,
      failures: { stays_in_persona: 0, keeps_plan_hidden: 1, does_not_solve_task: 0 },
    });
    const checks = events.filter((event) => event.type === "user_realism_check");
    expect(checks.map((event) => (event as { status: string }).status)).toEqual(["pass", "fail"]);
    expect(checks[0]).toMatchObject({ promptVersion: report.promptVersion });
  });

  it("without a model for them, reports the checks skipped, naming the setting to add", async () => {
    const result = await isolated().run({
      name: "no grader",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model: scriptedModel(["hi"]), realismChecks: true })],
      script: [proceed(1), succeed()],
    });
    expect(result.status).toBe("pass");
    const realism = reportOf(result).realism;
    expect(realism).toMatchObject({ status: "skipped", skipped: 1 });
    expect(realism?.reason).toMatch(/defaultModel/);
    expect(realism?.reason).toContain("userSimulatorAgent({ realismChecks: { model } })");
  });

  it("a grader answer that is not the JSON asked for, twice, is an error on that turn, never a pass", async () => {
    const grader = scriptedModel(["looks realistic to me", "{}"], "grader");
    const result = await isolated().run({
      name: "bad grader",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model: scriptedModel(["hi"]), realismChecks: { model: grader } })],
      script: [proceed(1), succeed()],
    });
    const realism = reportOf(result).realism;
    expect(realism).toMatchObject({ status: "error", errors: 1, passed: 0 });
    expect(realism?.reason).toMatch(
      /the realism grader \(.*grader\) gave an answer that is not the JSON of the three checks twice/,
    );
  });

  it("are off by default: no grader call, no realism in the report", async () => {
    const model = scriptedModel(["hi"]);
    const result = await isolated().run({
      name: "off",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model })],
      script: [proceed(1), succeed()],
    });
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(reportOf(result).realism).toBeUndefined();
  });
});
