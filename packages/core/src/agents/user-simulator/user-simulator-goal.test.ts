import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { AgentInput } from "../../domain/agent.js";
import { proceed, succeed } from "../../script/steps.js";
import { isolated, runRecorded } from "../../test-support/harness.js";
import { scriptedModel } from "../../testing/mock-models.js";
import { echoAgent, scriptedJudge, verdict } from "../../testing/scripted-agents.js";
import type { UserSimulatorReport } from "./simulation-record.js";
import { userSimulatorAgent } from "./user-simulator-agent.js";

const reportOf = (result: { reports?: Record<string, unknown> }) =>
  (result.reports?.UserSimulatorAgent ?? {}) as UserSimulatorReport;

/** A structured simulator reply, as the model writes it. */
const says = (message: string, goal: "pursuing" | "met" | "gave_up", progress = true, why = `${goal} because`) =>
  JSON.stringify({ message, goal, progress, why });

const goal = "Get a refund for order 42";

/** A judge that decides only when asked for a final verdict, recording why it was asked. */
function finalJudge(success: boolean) {
  const reasons: Array<string | undefined> = [];
  const judge = scriptedJudge([
    (input: AgentInput) => {
      if (!input.judgmentRequest) return null;
      reasons.push(input.judgmentRequest.reason);
      return verdict(success, success ? ["refund confirmed"] : [], success ? [] : ["refund confirmed"]);
    },
  ]);
  return { judge, reasons };
}

describe("userSimulatorAgent with a goal", () => {
  it("ends the run early when the goal is met: the judge gives its final verdict and the agent is not called again", async () => {
    const model = scriptedModel([
      says("i want a refund", "pursuing", false),
      says("great, thats all", "met", true, "refund confirmed"),
    ]);
    const agent = echoAgent();
    const { judge, reasons } = finalJudge(true);
    const { result, events } = await runRecorded({
      name: "refund",
      description: "A customer wants a refund.",
      agents: [agent, userSimulatorAgent({ model, goal }), judge],
      maxTurns: 10,
    });
    expect(result.status).toBe("pass");
    expect(result.messages.map((message) => [message.role, message.content])).toEqual([
      ["user", "i want a refund"],
      ["assistant", "You said: i want a refund"],
      ["user", "great, thats all"],
    ]);
    expect(agent.calls).toHaveLength(1);
    expect(reasons).toEqual(["conversation-ended"]);
    const report = reportOf(result);
    expect(report.goal).toEqual({ status: "met", why: "refund confirmed", turn: 1 });
    expect(report.turns.map((turn) => turn.goal?.status)).toEqual(["pursuing", "met"]);
    expect(
      events.filter((event) => event.type === "user_goal_status").map((event) => (event as { status: string }).status),
    ).toEqual(["pursuing", "met"]);
    // the goal never reaches the agent, and the simulator was told to answer in JSON
    expect(JSON.stringify(result.messages)).not.toContain(goal);
    const system = (model.doGenerateCalls[0] as LanguageModelV3CallOptions).prompt[0];
    expect(JSON.stringify(system)).toContain('\\"goal\\": \\"pursuing\\" | \\"met\\" | \\"gave_up\\"');
  });

  it("ends when the user gives up, and the judge's verdict decides the run", async () => {
    const model = scriptedModel([says("refund please", "pursuing", false), says("forget it", "gave_up", false, "no help")]);
    const { judge, reasons } = finalJudge(false);
    const { result, events } = await runRecorded({
      name: "refund",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model, goal }), judge],
      maxTurns: 10,
    });
    expect(result.status).toBe("fail");
    expect(result.unmetCriteria).toEqual(["refund confirmed"]);
    expect(reasons).toEqual(["conversation-ended"]);
    expect(reportOf(result).goal).toMatchObject({ status: "gave_up", why: "no help" });
    expect(events.some((event) => event.type === "user_simulator_report")).toBe(true);
  });

  it("gives up when its patience runs out, whatever the model says", async () => {
    const model = scriptedModel([
      says("hi", "pursuing", false),
      says("hello?", "pursuing", false),
      says("anyone?", "pursuing", false),
    ]);
    const { judge } = finalJudge(false);
    const result = await isolated().run({
      name: "patience",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model, goal, patience: 2 }), judge],
      maxTurns: 10,
    });
    // the first message answers no one; the next two replies without progress spend a patience of 2
    expect(model.doGenerateCalls).toHaveLength(3);
    const report = reportOf(result);
    expect(report.goal?.status).toBe("gave_up");
    expect(report.goal?.why).toMatch(/^patience ran out: 2 replies in a row did not move the goal forward/);
    expect(result.status).toBe("fail");
  });

  it("without a judge, automatic turns stop and the script's next step decides", async () => {
    const model = scriptedModel([says("refund please", "pursuing"), says("", "met", true, "done")]);
    let ended: string | undefined;
    const result = await isolated().run({
      name: "no judge",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model, goal })],
      script: [
        proceed(),
        (state) => {
          ended = state.conversationEnded;
        },
        succeed("the user is done"),
      ],
    });
    expect(result.status).toBe("pass");
    expect(ended).toBe("the user's goal was met: done");
    // an empty closing message adds nothing to the conversation
    expect(result.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
  });

  it("asks again once when the reply is not the JSON asked for", async () => {
    const model = scriptedModel(["sure, here is my message", says("refund please", "pursuing")]);
    const result = await isolated().run({
      name: "retry",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model, goal })],
      script: [proceed(1), succeed()],
    });
    expect(result.messages[0]).toEqual({ role: "user", content: "refund please" });
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("ends the run with error, naming the bad field, when the reply is wrong twice", async () => {
    const model = scriptedModel(["no json here", JSON.stringify({ message: "hi", goal: "done", progress: true, why: "x" })]);
    const batch = await isolated().runMany([
      {
        name: "bad",
        description: "d",
        agents: [echoAgent(), userSimulatorAgent({ model, goal })],
        script: [proceed(1), succeed()],
      },
    ]);
    expect(batch.results[0]).toMatchObject({ status: "error", errorCode: "invalid_model_output" });
    expect(batch.results[0]?.error).toMatch(/did not answer with the goal reply JSON .* twice; last answer: `goal`/);
  });

  it("without a goal, plain text as before, and the report still carries the prompt version", async () => {
    const model = scriptedModel(["hi", "thanks, bye"]);
    const result = await isolated().run({
      name: "plain",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent({ model, cooperativeness: "low" })],
      script: [proceed(2), succeed()],
    });
    expect(result.messages.filter((message) => message.role === "user")).toHaveLength(2);
    const report = reportOf(result);
    expect(report.promptVersion).toMatch(/^r\d+-[0-9a-f]{8}$/);
    expect(report.goal).toBeUndefined();
    expect(report.turns).toEqual([{ turn: 0 }, { turn: 1 }]);
  });

  it("two runs with different controls show different prompt versions", async () => {
    const versionOf = async (cooperativeness: "low" | "high") => {
      const result = await isolated().run({
        name: "v",
        description: "d",
        agents: [echoAgent(), userSimulatorAgent({ model: scriptedModel(["hi"]), cooperativeness })],
        script: [proceed(1), succeed()],
      });
      return reportOf(result).promptVersion;
    };
    const low = await versionOf("low");
    expect(await versionOf("low")).toBe(low);
    expect(await versionOf("high")).not.toBe(low);
  });
});
