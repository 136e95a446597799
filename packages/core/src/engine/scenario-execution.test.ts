import { describe, expect, it } from "vitest";
import type { AgentInput } from "../domain/agent.js";
import { messageText } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import { agent, fail, judge, message, proceed, succeed, user } from "../script/steps.js";
import { isolated, runRecorded } from "../test-support/harness.js";
import { echoAgent, scriptedAgent, scriptedJudge, scriptedUser, verdict } from "../testing/scripted-agents.js";

const base = { name: "trace", description: "engine trace" };

function roleLog() {
  const calls: string[] = [];
  const make = (role: AgentRole, label: string, reply: (input: AgentInput) => unknown = () => `${label} says hi`) => ({
    name: label,
    role,
    call: async (input: AgentInput) => {
      calls.push(`${label}@${input.scenarioState.currentTurn}`);
      return reply(input) as string;
    },
  });
  return { calls, make };
}

describe("turn loop (seed-others §2.19)", () => {
  it("T1: runs user → agent → judge in role order whatever the list order, turn 0 first", async () => {
    const { calls, make } = roleLog();
    const judgeAgent = make(AgentRole.JUDGE, "J", (input) =>
      input.scenarioState.currentTurn === 1 ? verdict(true, ["c"]) : null,
    );
    const { result } = await runRecorded({
      ...base,
      agents: [make(AgentRole.AGENT, "A"), make(AgentRole.USER, "U"), judgeAgent],
    });
    expect(calls).toEqual(["U@0", "A@0", "J@0", "U@1", "A@1", "J@1"]);
    expect(result.status).toBe("pass");
    expect(result.metCriteria).toEqual(["c"]);
  });

  it("T1: a judge that never concludes ends at maxTurns (default 10) with fail and says so", async () => {
    const { calls, make } = roleLog();
    const { result } = await runRecorded({
      ...base,
      agents: [make(AgentRole.AGENT, "A"), make(AgentRole.USER, "U"), make(AgentRole.JUDGE, "J", () => null)],
    });
    expect(calls.filter((call) => call.startsWith("U"))).toHaveLength(10);
    expect(calls.at(-2)).toBe("J@9");
    // the max-turns hook asks the judge once more, at turn 10
    expect(calls.at(-1)).toBe("J@10");
    expect(result.status).toBe("fail");
    expect(result.reasoning).toContain("Reached maximum turns (10) without conclusion");
  });

  it("T2: with no judge, turns are user then agent until max turns", async () => {
    const { calls, make } = roleLog();
    const { result } = await runRecorded({
      ...base,
      maxTurns: 2,
      agents: [make(AgentRole.AGENT, "A"), make(AgentRole.USER, "U")],
    });
    expect(calls).toEqual(["U@0", "A@0", "U@1", "A@1"]);
    expect(result.status).toBe("fail");
    expect(result.reasoning).toBe("Reached maximum turns (2) without conclusion");
  });

  it("T3: scripted steps, a passing checkpoint and succeed()", async () => {
    const theAgent = echoAgent();
    const simulator = scriptedUser(["generated user line"]);
    const theJudge = scriptedJudge([verdict(true, ["c1"])]);
    const { result, events } = await runRecorded({
      ...base,
      agents: [theAgent, simulator, theJudge],
      script: [user("hi"), agent(), judge({ criteria: ["c1"] }), user(), agent(), succeed()],
    });
    expect(theAgent.calls[0]?.newMessages).toEqual([{ role: "user", content: "hi" }]);
    expect(theJudge.calls[0]?.judgmentRequest).toMatchObject({ criteria: ["c1"], reason: "script" });
    // the judge received the scripted "hi" and the agent's reply
    expect(theJudge.calls[0]?.newMessages.map(messageText)).toEqual(["hi", "You said: hi"]);
    expect(simulator.calls[0]?.scenarioState.currentTurn).toBe(1);
    expect(theAgent.calls[1]?.newMessages.map(messageText)).toEqual(["generated user line"]);
    expect(result.status).toBe("pass");
    expect(result.metCriteria).toEqual(["c1"]);
    expect(result.reasoning).toBe("Scenario marked as successful with Scenario.succeed()");
    expect(events.filter((event) => event.type === "SCENARIO_MESSAGE_SNAPSHOT")).toHaveLength(4);
  });

  it("T4: a failing checkpoint ends the run with the accumulated criteria", async () => {
    const theJudge = scriptedJudge([verdict(true, ["c0"]), verdict(false, ["c1"], ["c2"])]);
    const after = scriptedAgent(["first", "never"]);
    const { result, events } = await runRecorded({
      ...base,
      agents: [after, theJudge],
      script: [user("a"), agent(), judge({ criteria: ["c0"] }), judge({ criteria: ["c1", "c2"] }), agent()],
    });
    expect(result.status).toBe("fail");
    expect(result.metCriteria).toEqual(["c0", "c1"]);
    expect(result.unmetCriteria).toEqual(["c2"]);
    expect(after.calls).toHaveLength(1);
    const finished = events.at(-1);
    expect(finished).toMatchObject({ type: "SCENARIO_RUN_FINISHED", status: "FAILED" });
  });

  it("T5: a failing inline assertion rejects with the assertion and finishes as fail", async () => {
    const events: string[] = [];
    const rehearse = isolated();
    const failing = rehearse.run(
      {
        ...base,
        agents: [echoAgent()],
        script: [user("hi"), agent(), (state) => expect(messageText(state.lastAgentMessage())).toBe("something else")],
      },
      { onEvent: (event) => events.push(event.type === "SCENARIO_RUN_FINISHED" ? `${event.type}:${event.status}` : event.type) },
    );
    await expect(failing).rejects.toMatchObject({ name: "AssertionError" });
    expect(events.at(-1)).toBe("SCENARIO_RUN_FINISHED:FAILED");
  });

  it("T6: proceed(2) after user('hi') finishes turn 0 and plays turn 1, then the script continues", async () => {
    const { calls, make } = roleLog();
    const { result } = await runRecorded({
      ...base,
      agents: [make(AgentRole.AGENT, "A"), make(AgentRole.USER, "U"), make(AgentRole.JUDGE, "J", () => null)],
      script: [user("hi"), proceed(2), succeed()],
    });
    expect(calls).toEqual(["A@0", "J@0", "U@1", "A@1", "J@1"]);
    expect(result.status).toBe("pass");
  });

  it("T7: a second user() opens a new turn, without checking maxTurns", async () => {
    const turns: number[] = [];
    const line = (text: string) => (input: AgentInput) => {
      turns.push(input.scenarioState.currentTurn);
      return text;
    };
    const simulator = scriptedUser([line("one"), line("two"), line("three")]);
    const { result } = await runRecorded({
      ...base,
      maxTurns: 1,
      agents: [echoAgent(), simulator],
      script: [user(), user(), user(), succeed()],
    });
    expect(turns).toEqual([0, 1, 2]);
    expect(simulator.calls).toHaveLength(3);
    expect(result.status).toBe("pass");
  });

  it("proceed(n) after a complete turn plays n more full turns", async () => {
    const { calls, make } = roleLog();
    const onlyProceed = await runRecorded({
      ...base,
      agents: [make(AgentRole.AGENT, "A2"), make(AgentRole.USER, "U2"), make(AgentRole.JUDGE, "J2", () => null)],
      script: [proceed(1), proceed(1), succeed()],
    });
    expect(calls.filter((call) => /2@/.test(call))).toEqual(["U2@0", "A2@0", "J2@0", "U2@1", "A2@1", "J2@1"]);
    expect(onlyProceed.result.status).toBe("pass");
  });

  it("several agents of one role all act in list order within the turn", async () => {
    const { calls, make } = roleLog();
    await runRecorded({
      ...base,
      maxTurns: 1,
      agents: [make(AgentRole.AGENT, "A1"), make(AgentRole.USER, "U"), make(AgentRole.AGENT, "A2")],
    });
    expect(calls).toEqual(["U@0", "A1@0", "A2@0"]);
  });

  it("onTurn fires as each new turn starts (not for turn 0); onStep after each agent call", async () => {
    const seen: string[] = [];
    await runRecorded({
      ...base,
      agents: [echoAgent(), scriptedUser(["a", "b"])],
      script: [
        proceed(
          2,
          (state) => {
            seen.push(`turn ${state.currentTurn}`);
          },
          (state) => {
            seen.push(`step ${state.messages.length}`);
          },
        ),
        succeed(),
      ],
    });
    expect(seen).toEqual(["step 1", "step 2", "turn 1", "step 3", "step 4"]);
  });
});

describe("reference quirks (docs/decisions/0003)", () => {
  it("onStep does not fire for the step that concludes the run", async () => {
    const steps: number[] = [];
    const theJudge = scriptedJudge([null, verdict(true, ["done"])]);
    const { result } = await runRecorded({
      ...base,
      agents: [echoAgent(), scriptedUser(["a", "b"]), theJudge],
      script: [proceed(undefined, undefined, (state) => void steps.push(state.messages.length))],
    });
    expect(result.status).toBe("pass");
    // user, agent, judge(continue), user, agent — not the concluding judge call
    expect(steps).toEqual([1, 2, 2, 3, 4]);
  });

  it("running the same scenario object twice gives both runs their full event stream", async () => {
    const scenario = { ...base, agents: [echoAgent()], script: [user("a"), agent(), succeed()] };
    const first = await runRecorded(scenario);
    const second = await runRecorded(scenario);
    for (const run of [first, second]) {
      expect(run.events[0]?.type).toBe("SCENARIO_RUN_STARTED");
      expect(run.events.at(-1)?.type).toBe("SCENARIO_RUN_FINISHED");
    }
  });

  it("judgment events score met ÷ (met + unmet)", async () => {
    const { events } = await runRecorded({
      ...base,
      agents: [echoAgent(), scriptedJudge([verdict(false, ["a", "b", "c"], ["d"])])],
      script: [user("x"), agent(), judge()],
    });
    expect(events.find((event) => event.type === "judgment")).toMatchObject({ score: 0.75, verdict: "fail" });
  });
});

describe("messages", () => {
  it("gives each agent only what it has not seen, and the full history as a copy", async () => {
    const theAgent = scriptedAgent([
      (input) => {
        input.messages.push({ role: "user", content: "tampering" });
        return "one";
      },
      "two",
    ]);
    const { result } = await runRecorded({
      ...base,
      agents: [theAgent],
      script: [user("a"), agent(), user("b"), message({ role: "system", content: "note" }), agent(), succeed()],
    });
    expect(theAgent.calls[1]?.newMessages.map(messageText)).toEqual(["b", "note"]);
    expect(theAgent.calls[1]?.messages.map(messageText)).toEqual(["a", "one", "b", "note"]);
    expect(result.messages.map(messageText)).toEqual(["a", "one", "b", "note", "two"]);
  });

  it("scripted content needs no agent of that role and reaches every other agent", async () => {
    const theJudge = scriptedJudge([verdict(true, ["ok"])]);
    const theAgent = echoAgent();
    const { result } = await runRecorded({
      ...base,
      agents: [theAgent, theJudge],
      script: [user("hello"), agent("scripted reply"), agent(), judge()],
    });
    // the agent under test is told about the reply scripted in its name
    expect(theAgent.calls[0]?.newMessages.map(messageText)).toEqual(["hello", "scripted reply"]);
    expect(theJudge.calls[0]?.newMessages.map(messageText)).toEqual(["hello", "scripted reply", "You said: scripted reply"]);
    expect(result.status).toBe("pass");
  });

  it("never changes the caller's message objects or options object", async () => {
    const hello = { role: "user" as const, content: "hello" };
    const config = { ...base, agents: [echoAgent()], script: [message(hello), agent(), succeed()] };
    const before = structuredClone({ ...config, agents: undefined, script: undefined });
    const first = await isolated().run(config);
    const second = await isolated().run(config);
    expect(hello).toEqual({ role: "user", content: "hello" });
    expect({ ...config, agents: undefined, script: undefined }).toEqual(before);
    expect(config).not.toHaveProperty("threadId");
    expect(first.threadId).not.toBe(second.threadId);
  });

  it("keeps a given threadId", async () => {
    const theAgent = echoAgent();
    const { result } = await runRecorded({
      ...base,
      threadId: "thread-7",
      agents: [theAgent],
      script: [user("x"), agent(), succeed()],
    });
    expect(result.threadId).toBe("thread-7");
    expect(theAgent.calls[0]?.threadId).toBe("thread-7");
  });

  it("state.addMessage reaches every agent's newMessages", async () => {
    const theAgent = echoAgent();
    await runRecorded({
      ...base,
      agents: [theAgent],
      script: [(state) => state.addMessage({ role: "user", content: "added by a step" }), agent(), succeed()],
    });
    expect(theAgent.calls[0]?.newMessages.map(messageText)).toEqual(["added by a step"]);
  });

  it("hasToolCall sees tool-call parts and results; lastToolCall returns the tool message with the result", async () => {
    const call = {
      role: "assistant" as const,
      content: [{ type: "tool-call" as const, toolCallId: "t1", toolName: "refund", input: { orderId: "42" } }],
    };
    const seen: unknown[] = [];
    await runRecorded({
      ...base,
      agents: [scriptedAgent([call])],
      script: [
        user("refund 42"),
        agent(),
        (state) => {
          // a call without its result: hasToolCall sees it, lastToolCall (typed ToolModelMessage) has no tool message to return
          seen.push(state.hasToolCall("refund"), state.hasToolCall("cancel"), state.lastToolCall("refund"));
        },
        message({
          role: "tool",
          content: [{ type: "tool-result", toolCallId: "t1", toolName: "refund", output: { type: "text", value: "done" } }],
        }),
        (state) => {
          const last = state.lastToolCall("refund");
          seen.push(last.role, last.content[0]?.type);
        },
        succeed(),
      ],
    });
    expect(seen).toEqual([true, false, undefined, "tool", "tool-result"]);
  });

  it("rollbackMessagesTo removes messages and purges them from pending queues", async () => {
    const theAgent = echoAgent();
    const removed: string[] = [];
    await runRecorded({
      ...base,
      agents: [theAgent],
      script: [
        user("keep"),
        user("drop me"),
        (state) => {
          expect(() => state.rollbackMessagesTo(-1)).toThrow(RangeError);
          removed.push(...state.rollbackMessagesTo(1).map(messageText));
          expect(state.rollbackMessagesTo(99)).toEqual([]);
        },
        agent(),
        succeed(),
      ],
    });
    expect(removed).toEqual(["drop me"]);
    expect(theAgent.calls[0]?.newMessages.map(messageText)).toEqual(["keep"]);
  });
});

describe("ending", () => {
  it("a script that ends without a verdict fails and names the steps to add", async () => {
    const { result } = await runRecorded({ ...base, agents: [echoAgent()], script: [user("hi"), agent()] });
    expect(result.status).toBe("fail");
    expect(result.reasoning).toContain("judge()");
    expect(result.reasoning).toContain("succeed()");
  });

  it("checkpoints only: passes when all passed, criteria listed once", async () => {
    const theJudge = scriptedJudge([verdict(true, ["polite"]), verdict(true, ["polite", "helpful"])]);
    const { result } = await runRecorded({
      ...base,
      agents: [echoAgent(), theJudge],
      script: [
        user("a"),
        agent(),
        judge({ criteria: ["polite"] }),
        user("b"),
        agent(),
        judge({ criteria: ["polite", "helpful"] }),
      ],
    });
    expect(result.status).toBe("pass");
    expect(result.reasoning).toBe("All inline criteria checkpoints passed");
    expect(result.metCriteria).toEqual(["polite", "helpful"]);
  });

  it("a final verdict after checkpoints lists checkpoint criteria once", async () => {
    const theJudge = scriptedJudge([verdict(true, ["c1"]), verdict(true, ["final"])]);
    const { result } = await runRecorded({
      ...base,
      agents: [echoAgent(), theJudge],
      script: [user("a"), agent(), judge({ criteria: ["c1"] }), user("b"), agent(), judge()],
    });
    expect(result.metCriteria).toEqual(["c1", "final"]);
  });

  it("an unmet criterion means not pass even when the verdict says success", async () => {
    const theJudge = scriptedJudge([{ success: true, reasoning: "looks fine", metCriteria: ["a"], unmetCriteria: ["b"] }]);
    const { result } = await runRecorded({ ...base, agents: [echoAgent(), theJudge], script: [user("x"), agent(), judge()] });
    expect(result.status).toBe("fail");
    expect(result.success).toBe(false);
  });

  it("fail() ends the run as fail; steps after it do not run", async () => {
    const theAgent = echoAgent();
    const { result } = await runRecorded({ ...base, agents: [theAgent], script: [fail("nope"), user("x"), agent()] });
    expect(result).toMatchObject({ status: "fail", reasoning: "nope", success: false });
    expect(theAgent.calls).toHaveLength(0);
  });

  it("a judge that gives no verdict to judge() is an error, not a silent pass", async () => {
    const rehearse = isolated();
    const run = rehearse.run({ ...base, agents: [echoAgent(), scriptedJudge([null])], script: [user("x"), agent(), judge()] });
    await expect(run).rejects.toMatchObject({ code: "invalid_agent_return", result: { status: "error" } });
  });

  it("the max-turns hook records the judge's forced verdict", async () => {
    const theJudge = scriptedJudge([
      (input) =>
        input.judgmentRequest?.reason === "max-turns" ? verdict(true, ["greets"], ["closes the ticket"], "half done") : null,
    ]);
    const { result } = await runRecorded({ ...base, maxTurns: 2, agents: [echoAgent(), scriptedUser(["a", "b"]), theJudge] });
    expect(result.status).toBe("fail");
    expect(result.metCriteria).toEqual(["greets"]);
    expect(result.unmetCriteria).toEqual(["closes the ticket"]);
    expect(result.reasoning).toContain("half done");
  });

  it("timings are seconds from the injected clock", async () => {
    let now = 0;
    const clock = { now: () => now };
    const slow = scriptedAgent([
      () => {
        now += 1500;
        return "done";
      },
    ]);
    const { result } = await runRecorded({ ...base, agents: [slow], script: [user("x"), agent(), succeed()] }, { clock });
    expect(result.agentTime).toBe(1.5);
    expect(result.totalTime).toBe(1.5);
  });
});
