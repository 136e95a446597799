import assert from "node:assert";
import { describe, expect, it } from "vitest";
import { RehearseError } from "../domain/errors.js";
import type { ScenarioEvent } from "../domain/event.js";
import { combineStatuses, outcomes } from "../domain/outcome.js";
import { AgentRole } from "../domain/roles.js";
import { agent, judge, proceed, succeed, user } from "../script/steps.js";
import { isolated, runRecorded } from "../test-support/harness.js";
import { echoAgent, scriptedAgent, scriptedJudge } from "../testing/scripted-agents.js";

const base = { name: "outcomes", description: "outcome rules" };

describe("outcome table", () => {
  it("orders statuses error > fail > skipped > pass", () => {
    expect(combineStatuses("pass", "skipped")).toBe("skipped");
    expect(combineStatuses("skipped", "fail")).toBe("fail");
    expect(combineStatuses("fail", "error", "pass")).toBe("error");
    expect(combineStatuses()).toBe("pass");
  });

  it("maps each status to the wire names", () => {
    expect(Object.fromEntries(Object.entries(outcomes).map(([status, row]) => [status, row.wireStatus]))).toEqual({
      pass: "SUCCESS",
      fail: "FAILED",
      error: "ERROR",
      skipped: "SKIPPED",
    });
    expect(outcomes.pass.success).toBe(true);
    expect([outcomes.fail, outcomes.error, outcomes.skipped].every((row) => !row.success)).toBe(true);
  });
});

describe("errors and rejections", () => {
  it("an agent that throws ends as error; run() rejects with the original as cause, after FINISHED", async () => {
    const boom = new TypeError("socket hang up");
    const events: ScenarioEvent[] = [];
    const run = isolated().run(
      { ...base, agents: [scriptedAgent([() => Promise.reject(boom)])], script: [user("hi"), agent(), succeed()] },
      { onEvent: (event) => events.push(event) },
    );
    const error = await run.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(RehearseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "agent_failed", cause: boom, result: { status: "error", success: false } });
    expect((error as Error).message).toContain("socket hang up");
    expect(events.at(-1)).toMatchObject({ type: "SCENARIO_RUN_FINISHED", status: "ERROR", outcome: "error" });
  });

  it("node:assert failures count as failed assertions (fail) and reject with the assertion", async () => {
    const statuses: string[] = [];
    const run = isolated().run(
      { ...base, agents: [echoAgent()], script: [user("x"), agent(), () => assert.strictEqual(1, 2)] },
      { onEvent: (event) => event.type === "SCENARIO_RUN_FINISHED" && statuses.push(event.outcome) },
    );
    await expect(run).rejects.toBeInstanceOf(assert.AssertionError);
    expect(statuses).toEqual(["fail"]);
  });

  it("an error thrown by a custom step is an error with the original as cause", async () => {
    const original = new Error("fixture missing");
    const run = isolated().run({
      ...base,
      agents: [echoAgent()],
      script: [
        () => {
          throw original;
        },
      ],
    });
    await expect(run).rejects.toMatchObject({ code: "step_failed", cause: original });
  });

  it("an agent returning something that is not a message is an error naming the agent", async () => {
    const run = isolated().run({
      ...base,
      agents: [{ name: "Weird", role: AgentRole.AGENT, call: async () => 42 as unknown as string }],
      script: [user("x"), agent()],
    });
    await expect(run).rejects.toThrow(/\[Weird\] returned a number/);
  });

  it("rejects before running when there is no agent under test", async () => {
    const user = scriptedAgent(["hi"]);
    user.role = AgentRole.USER;
    await expect(isolated().run({ ...base, agents: [user] })).rejects.toMatchObject({ code: "missing_agent" });
  });

  it("rejects a script that is not a list as an invalid scenario, naming the field", async () => {
    const theAgent = echoAgent();
    const run = isolated().run({ ...base, agents: [theAgent], script: "user, agent" as never });
    await expect(run).rejects.toMatchObject({
      code: "invalid_scenario",
      message: expect.stringContaining("`script` must be a list"),
    });
    expect(theAgent.calls).toHaveLength(0);
  });

  it("rejects before running when a step needs a role nobody plays", async () => {
    const theAgent = echoAgent();
    await expect(isolated().run({ ...base, agents: [theAgent], script: [user(), agent()] })).rejects.toMatchObject({
      code: "missing_role",
    });
    await expect(isolated().run({ ...base, agents: [theAgent], script: [judge()] })).rejects.toThrow(/role Judge/);
    expect(theAgent.calls).toHaveLength(0);
  });

  it("a failing verdict resolves (no rejection) with status fail", async () => {
    const { result } = await runRecorded({
      ...base,
      agents: [echoAgent(), scriptedJudge([{ success: false, reasoning: "rude", metCriteria: [], unmetCriteria: ["polite"] }])],
      script: [user("x"), agent(), judge()],
    });
    expect(result).toMatchObject({ status: "fail", success: false, unmetCriteria: ["polite"], reasoning: "rude" });
  });

  it("a skipped verdict resolves with status skipped", async () => {
    const skipping = scriptedJudge([
      { success: false, status: "skipped", reasoning: "no judge model: set defaultModel", metCriteria: [], unmetCriteria: [] },
    ]);
    const { result } = await runRecorded({ ...base, agents: [echoAgent(), skipping], script: [user("x"), agent(), judge()] });
    expect(result.status).toBe("skipped");
    expect(result.success).toBe(false);
  });
});

describe("abort", () => {
  it("stops between steps with status error and code aborted", async () => {
    const controller = new AbortController();
    const theAgent = scriptedAgent([
      () => {
        controller.abort("user pressed Ctrl-C");
        return "first";
      },
      "second",
    ]);
    const run = isolated().run(
      { ...base, agents: [theAgent], script: [user("a"), agent(), user("b"), agent(), succeed()] },
      { signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ code: "aborted", result: { status: "error", errorCode: "aborted" } });
    expect(theAgent.calls).toHaveLength(1);
  });

  it("stops inside proceed() before the next agent call", async () => {
    const controller = new AbortController();
    let calls = 0;
    const theAgent = {
      role: AgentRole.AGENT,
      call: async () => {
        calls++;
        if (calls === 2) controller.abort();
        return "ok";
      },
    };
    const run = isolated().run(
      { ...base, agents: [theAgent, { role: AgentRole.USER, call: async () => "u" }], script: [proceed()] },
      { signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ code: "aborted" });
    expect(calls).toBe(2);
  });
});

describe("abort with a classified reason", () => {
  it("a reason that is already a RehearseError ends the run with that error as it is, not as `aborted`", async () => {
    const controller = new AbortController();
    const hangs = { role: AgentRole.AGENT, call: () => new Promise<string>(() => {}) };
    const run = isolated().run(
      { ...base, agents: [hangs], script: [user("a"), agent(), succeed()], timeouts: { agentCallMs: 0, scenarioMs: 0 } },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new RehearseError("run_stalled", "stalled on purpose")), 10);
    await expect(run).rejects.toMatchObject({
      code: "run_stalled",
      result: { status: "error", errorCode: "run_stalled", error: "stalled on purpose" },
    });
  });
});

describe("agents that are not async", () => {
  it("a synchronous call() works, and a synchronous throw is an agent error", async () => {
    const sync = { role: AgentRole.AGENT, call: (() => "sync reply") as never };
    const ok = await isolated().run({ ...base, agents: [sync], script: [user("x"), agent(), succeed()] });
    expect(ok.messages.at(-1)).toEqual({ role: "assistant", content: "sync reply" });
    const throwing = {
      name: "Thrower",
      role: AgentRole.AGENT,
      call: (() => {
        throw new Error("sync boom");
      }) as never,
    };
    await expect(isolated().run({ ...base, agents: [throwing], script: [user("x"), agent()] })).rejects.toMatchObject({
      code: "agent_failed",
      message: "[Thrower] sync boom",
    });
  });
});
