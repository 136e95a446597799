import scenario from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal, verdict } from "./helpers.js";

describe("turns", () => {
  it("a turn calls user, then agent, then judge, whatever the order of `agents` (T1)", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "role order",
      description: "agents listed judge-first",
      agents: [journal.judge("J", (_input, n) => (n === 2 ? verdict(true) : null)), journal.agent(), journal.user()],
    });
    expect(journal.order).toEqual(["U@0", "A@0", "J@0", "U@1", "A@1", "J@1"]);
    expect(result.success).toBe(true);
  });

  it("a role with no agent is skipped and the run fails at maxTurns, saying so (T2)", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "no judge",
      description: "nobody concludes",
      agents: [journal.agent(), journal.user()],
      maxTurns: 3,
    });
    expect(journal.order).toEqual(["U@0", "A@0", "U@1", "A@1", "U@2", "A@2"]);
    expect(result.success).toBe(false);
    expect(result.reasoning).toMatch(/maximum turns \(3\)/i);
  });

  it("maxTurns defaults to 10: turns 0 to 9 run, then the run fails", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "default max",
      description: "never ends",
      agents: [journal.user(), journal.agent()],
    });
    const turns = journal.callsOf("A").map((call) => call.turn);
    expect(turns).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(journal.callsOf("U")).toHaveLength(10);
    expect(result.success).toBe(false);
    expect(result.reasoning).toMatch(/maximum turns \(10\)/i);
    expect(result.messages).toHaveLength(20);
  });

  it("currentTurn is 0-based, the same for every agent of a turn, and seen by script steps", async () => {
    const journal = new Journal();
    const seen: number[] = [];
    await scenario.run({
      name: "turn numbers",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge()],
      script: [
        (state) => {
          seen.push(state.currentTurn);
        },
        scenario.proceed(2),
        (state) => {
          seen.push(state.currentTurn);
        },
        scenario.succeed(),
      ],
    });
    expect(journal.calls.slice(0, 3).map((call) => call.turn)).toEqual([0, 0, 0]);
    expect(journal.calls[3]?.turn).toBe(1);
    expect(seen).toEqual([0, 1]);
  });

  it("several agents of one role act in list order within a turn, the second seeing the first's reply", async () => {
    const journal = new Journal();
    await scenario.run({
      name: "two agents",
      description: "d",
      agents: [journal.agent("A1"), journal.user(), journal.agent("A2")],
      maxTurns: 2,
    });
    expect(journal.order).toEqual(["U@0", "A1@0", "A2@0", "U@1", "A1@1", "A2@1"]);
    expect(journal.callsOf("A2")[0]?.newMessages).toEqual(["u1", "a11"]);
  });

  it("proceed(2) after user('hi'): the agent answers in turn 0, then turn 1 starts with the user simulator (T6)", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "T6",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge()],
      script: [scenario.user("hi"), scenario.proceed(2), scenario.succeed()],
    });
    expect(journal.order.slice(0, 4)).toEqual(["A@0", "J@0", "U@1", "A@1"]);
    expect(journal.callsOf("A")[0]?.newMessages).toEqual(["hi"]);
    expect(result.success).toBe(true);
  });

  it("proceed() runs until the judge gives a verdict, which ends the run", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "autopilot",
      description: "d",
      agents: [
        journal.user(),
        journal.agent(),
        journal.judge("J", (_input, n) => (n === 3 ? verdict(true, ["c"], [], "done") : null)),
      ],
      script: [scenario.proceed(), scenario.fail("not reached")],
    });
    expect(result.success).toBe(true);
    expect(result.reasoning).toBe("done");
    expect(result.metCriteria).toEqual(["c"]);
    expect(result.messages).toHaveLength(6);
    expect(journal.order.at(-1)).toBe("J@2");
  });

  it("a failing verdict during proceed() ends the run with the judge's reasoning and unmet criteria", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "judge says no",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge("J", () => verdict(false, [], ["polite"], "rude"))],
    });
    expect(result.success).toBe(false);
    expect(result.reasoning).toBe("rude");
    expect(result.unmetCriteria).toEqual(["polite"]);
    expect(journal.order).toEqual(["U@0", "A@0", "J@0"]);
  });

  it("two user() steps in a row: the second opens a new turn (T7)", async () => {
    const journal = new Journal();
    let turn = -1;
    await scenario.run({
      name: "T7",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user("a"),
        scenario.user("b"),
        scenario.agent(),
        (state) => {
          turn = state.currentTurn;
        },
        scenario.succeed(),
      ],
    });
    expect(journal.order).toEqual(["A@1"]);
    expect(journal.calls[0]?.newMessages).toEqual(["a", "b"]);
    expect(turn).toBe(1);
  });

  it("two agent() steps in a row: the second runs in a new turn with nothing new", async () => {
    const journal = new Journal();
    await scenario.run({
      name: "agent twice",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("a"), scenario.agent(), scenario.agent(), scenario.succeed()],
    });
    expect(journal.order).toEqual(["A@0", "A@1"]);
    expect(journal.calls[1]?.newMessages).toEqual([]);
  });

  it("scripted turns are not limited by maxTurns", async () => {
    const journal = new Journal();
    const script = [1, 2, 3].flatMap((n) => [scenario.user(`q${n}`), scenario.agent()]);
    const result = await scenario.run({
      name: "scripted past max",
      description: "d",
      agents: [journal.user(), journal.agent()],
      maxTurns: 1,
      script: [...script, scenario.succeed()],
    });
    expect(journal.order).toEqual(["A@0", "A@1", "A@2"]);
    expect(result.success).toBe(true);
  });

  it("proceed() after scripted turns beyond maxTurns fails at once on maximum turns", async () => {
    const journal = new Journal();
    const script = [1, 2, 3].flatMap((n) => [scenario.user(`q${n}`), scenario.agent()]);
    const result = await scenario.run({
      name: "proceed past max",
      description: "d",
      agents: [journal.user(), journal.agent()],
      maxTurns: 2,
      script: [...script, scenario.proceed()],
    });
    expect(journal.order).toEqual(["A@0", "A@1", "A@2"]);
    expect(result.success).toBe(false);
    expect(result.reasoning).toMatch(/maximum turns \(2\)/i);
  });

  it("proceed(turns, onTurn, onStep): onTurn as turns 1 and 2 start (not turn 0), onStep after every agent call", async () => {
    const journal = new Journal();
    const events: string[] = [];
    await scenario.run({
      name: "callbacks",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.proceed(
          3,
          (state) => {
            events.push(`turn ${state.currentTurn}`);
          },
          (state) => {
            events.push(`step ${state.messages.length}`);
          },
        ),
        scenario.succeed(),
      ],
    });
    expect(events).toEqual(["step 1", "step 2", "turn 1", "step 3", "step 4", "turn 2", "step 5", "step 6"]);
  });

  it("onStep is not called for the step that concludes the run", async () => {
    const journal = new Journal();
    const steps: string[] = [];
    const result = await scenario.run({
      name: "no onStep at the end",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge("J", () => verdict(true))],
      script: [
        scenario.proceed(undefined, undefined, (state) => {
          steps.push(`after ${state.messages.length}`);
        }),
      ],
    });
    expect(result.success).toBe(true);
    expect(steps).toEqual(["after 1", "after 2"]);
  });

  it("at maxTurns with a JudgeAgentAdapter that never concludes, its criteria are reported unmet", async () => {
    class Undecided extends scenario.JudgeAgentAdapter {
      criteria = ["greets", "helps"];
      async call() {
        return null;
      }
    }
    const journal = new Journal();
    const result = await scenario.run({
      name: "undecided",
      description: "d",
      agents: [journal.user(), journal.agent(), new Undecided()],
      maxTurns: 2,
    });
    expect(result.success).toBe(false);
    expect(result.unmetCriteria).toEqual(["greets", "helps"]);
    expect(result.metCriteria).toEqual([]);
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed(
    "0003-executor-semantics",
    "difference 6",
    "proceed(1) at the start plays one whole turn: user, agent and judge",
    async () => {
      const journal = new Journal();
      await scenario.run({
        name: "proceed(1)",
        description: "d",
        agents: [journal.user(), journal.agent(), journal.judge()],
        script: [scenario.proceed(1), scenario.succeed()],
      });
      // the reference stops after the first agent call (U@0)
      expect(journal.order).toEqual(["U@0", "A@0", "J@0"]);
    },
  );

  itFixed(
    "0003-executor-semantics",
    "difference 6",
    "proceed(2) after user('hi') finishes turn 0 and plays all of turn 1 (T6)",
    async () => {
      const journal = new Journal();
      await scenario.run({
        name: "T6 whole",
        description: "d",
        agents: [journal.user(), journal.agent(), journal.judge()],
        script: [scenario.user("hi"), scenario.proceed(2), scenario.succeed()],
      });
      // the reference stops before the judge's turn-1 call
      expect(journal.order).toEqual(["A@0", "J@0", "U@1", "A@1", "J@1"]);
    },
  );

  itFixed("0003-executor-semantics", "difference 6", "proceed(1) after a completed turn plays one more turn", async () => {
    const journal = new Journal();
    await scenario.run({
      name: "proceed after turn",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("hi"), scenario.agent(), scenario.proceed(1), scenario.succeed()],
    });
    // the reference does nothing here
    expect(journal.order).toEqual(["A@0", "U@1", "A@1"]);
  });

  itFixed(
    "0003-executor-semantics",
    "difference 10",
    "at maxTurns the judge is asked once more, for a final verdict",
    async () => {
      const journal = new Journal();
      const result = await scenario.run({
        name: "forced verdict",
        description: "d",
        agents: [journal.user(), journal.agent(), journal.judge()],
        maxTurns: 2,
      });
      const judged = journal.callsOf("J");
      // the reference calls the judge once per turn and never with a judgment request
      expect(judged).toHaveLength(3);
      expect(judged[2]?.judgmentRequest).toBeDefined();
      expect(result.success).toBe(false);
    },
  );
});
