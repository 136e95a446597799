import scenario from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal, verdict } from "./helpers.js";

describe("verdicts", () => {
  it("succeed() ends the run as a success; its default reasoning names succeed()", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "succeed",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.succeed()],
    });
    expect(result.success).toBe(true);
    // (the reference writes "Scenario.succeed()", Rehearse "scenario.succeed()")
    expect(result.reasoning).toMatch(/marked as successful with scenario\.succeed\(\)/i);
    expect(result.metCriteria).toEqual([]);
    expect(result.unmetCriteria).toEqual([]);
  });

  it("fail() ends the run as a failure; its default reasoning names fail()", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "fail",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.fail()],
    });
    expect(result.success).toBe(false);
    expect(result.reasoning).toMatch(/marked as failed with scenario\.fail\(\)/i);
  });

  it("succeed(reasoning) and fail(reasoning) keep the given reasoning", async () => {
    const journal = new Journal();
    const agents = [journal.user(), journal.agent()];
    const passed = await scenario.run({ name: "s", description: "d", agents, script: [scenario.succeed("all good")] });
    const failed = await scenario.run({ name: "f", description: "d", agents, script: [scenario.fail("went wrong")] });
    expect([passed.success, passed.reasoning]).toEqual([true, "all good"]);
    expect([failed.success, failed.reasoning]).toEqual([false, "went wrong"]);
  });

  it("steps after a verdict do not run", async () => {
    const journal = new Journal();
    let ran = false;
    const result = await scenario.run({
      name: "stops",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.succeed("first"),
        scenario.user("x"),
        scenario.agent(),
        () => {
          ran = true;
        },
        scenario.fail("second"),
      ],
    });
    expect(result.reasoning).toBe("first");
    expect(journal.calls).toHaveLength(0);
    expect(ran).toBe(false);
    expect(result.messages).toHaveLength(0);
  });

  it("judge() asks the judge for its final verdict and ends the run with it", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "final verdict",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge("J", () => verdict(false, ["greets"], ["helps"], "half"))],
      script: [scenario.user("hi"), scenario.agent(), scenario.judge(), scenario.succeed()],
    });
    expect(result.success).toBe(false);
    expect(result.reasoning).toBe("half");
    expect(result.metCriteria).toEqual(["greets"]);
    expect(result.unmetCriteria).toEqual(["helps"]);
    const asked = journal.callsOf("J")[0];
    expect(asked?.judgmentRequest).toBeDefined();
    expect(asked?.judgmentRequest?.criteria).toBeUndefined();
    expect(asked?.newMessages).toEqual(["hi", "a1"]);
  });

  it("judge({ criteria, additionalContext }) hands both to the judge", async () => {
    const journal = new Journal();
    await scenario.run({
      name: "criteria",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.gradingJudge(() => true)],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        scenario.judge({ criteria: ["greets", "is brief"], additionalContext: "the shop is closed" }),
        scenario.succeed(),
      ],
    });
    expect(journal.callsOf("J")[0]?.judgmentRequest).toMatchObject({
      criteria: ["greets", "is brief"],
      additionalContext: "the shop is closed",
    });
  });

  it("met checkpoints let the script go on; at its end the run passes with every checkpoint's criteria", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "checkpoints pass",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.gradingJudge(() => true)],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        scenario.judge({ criteria: ["c1"] }),
        scenario.user("more"),
        scenario.agent(),
        scenario.judge({ criteria: ["c2"] }),
      ],
    });
    expect(journal.order).toEqual(["A@0", "J@0", "A@1", "J@1"]);
    expect(result.success).toBe(true);
    expect(result.reasoning).toBe("All inline criteria checkpoints passed");
    expect(result.metCriteria).toEqual(["c1", "c2"]);
    expect(result.unmetCriteria).toEqual([]);
  });

  it("an unmet checkpoint ends the run as failed with the judge's reasoning; later steps do not run", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "checkpoint fails",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.gradingJudge((criterion) => criterion !== "c2")],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        scenario.judge({ criteria: ["c2", "c3"] }),
        scenario.user("more"),
        scenario.agent(),
        scenario.succeed(),
      ],
    });
    expect(result.success).toBe(false);
    expect(result.reasoning).toBe("unmet: c2");
    expect(result.unmetCriteria).toEqual(["c2"]);
    expect(result.metCriteria).toContain("c3");
    expect(journal.order).toEqual(["A@0", "J@0"]);
  });

  it("a checkpoint verdict of failure ends the run even when it lists no unmet criterion", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "bare failure",
      description: "d",
      agents: [
        journal.user(),
        journal.agent(),
        journal.judge("J", (input) => (input.judgmentRequest ? verdict(false, ["c1"], [], "nope") : null)),
      ],
      script: [scenario.user("hi"), scenario.agent(), scenario.judge({ criteria: ["c1"] }), scenario.succeed()],
    });
    expect(result.success).toBe(false);
    expect(result.reasoning).toBe("nope");
  });

  it("criteria met at a checkpoint are in the result of a later succeed()", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "checkpoint then succeed",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.gradingJudge(() => true)],
      script: [scenario.user("hi"), scenario.agent(), scenario.judge({ criteria: ["c1"] }), scenario.succeed()],
    });
    expect(result.success).toBe(true);
    expect(result.metCriteria).toEqual(["c1"]);
  });

  it("a custom judge returning null during proceed() lets the run go on", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "judge continues",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge("J", (_input, n) => (n < 3 ? null : verdict(true)))],
    });
    expect(result.success).toBe(true);
    expect(journal.callsOf("J").map((call) => call.turn)).toEqual([0, 1, 2]);
    expect(result.messages).toHaveLength(6);
  });

  it("a script that ends without a verdict fails, advising judge() or succeed()/fail()", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "no verdict",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("hi"), scenario.agent()],
    });
    expect(result.success).toBe(false);
    expect(result.reasoning).toMatch(/end of (the )?script/i);
    expect(result.reasoning).toMatch(/judge\(\)/);
    expect(result.reasoning).toMatch(/succeed\(\)/);
    expect(result.messages).toHaveLength(2);
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed("0003-executor-semantics", "difference 8", "judge() whose judge returns null rejects the run", async () => {
    const journal = new Journal();
    const run = scenario.run({
      name: "silent judge",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge("Mute")],
      script: [scenario.user("hi"), scenario.agent(), scenario.judge(), scenario.succeed("carried on")],
    });
    // the reference carries on to succeed()
    await expect(run).rejects.toThrow(/Mute/);
  });

  itFixed("0003-executor-semantics", "difference 8", "a checkpoint whose judge returns null rejects the run", async () => {
    const journal = new Journal();
    const run = scenario.run({
      name: "silent checkpoint",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge("Mute")],
      script: [scenario.user("hi"), scenario.agent(), scenario.judge({ criteria: ["c1"] }), scenario.succeed("carried on")],
    });
    await expect(run).rejects.toThrow(/Mute/);
  });

  itFixed(
    "0003-executor-semantics",
    "seed quirk 3",
    "a checkpoint's criteria are listed once when a final verdict follows",
    async () => {
      const journal = new Journal();
      const result = await scenario.run({
        name: "checkpoint then verdict",
        description: "d",
        agents: [journal.user(), journal.agent(), journal.gradingJudge(() => true, ["own"])],
        script: [scenario.user("hi"), scenario.agent(), scenario.judge({ criteria: ["c1"] }), scenario.judge()],
      });
      // the reference gives ["c1", "c1", "own"]
      expect(result.metCriteria).toEqual(["c1", "own"]);
    },
  );

  itFixed("0003-executor-semantics", "seed quirk 3", "a failed checkpoint lists each met criterion once", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "checkpoint fails after one passed",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.gradingJudge((criterion) => criterion !== "c2")],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        scenario.judge({ criteria: ["c1"] }),
        scenario.user("more"),
        scenario.agent(),
        scenario.judge({ criteria: ["c2", "c3"] }),
      ],
    });
    // the reference gives ["c1", "c3", "c1", "c3"]
    expect(result.metCriteria).toEqual(["c1", "c3"]);
    expect(result.unmetCriteria).toEqual(["c2"]);
  });

  itFixed("0003-executor-semantics", "seed quirk 3", "a criterion met at two checkpoints is listed once", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "same criterion twice",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.gradingJudge(() => true)],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        scenario.judge({ criteria: ["polite"] }),
        scenario.user("more"),
        scenario.agent(),
        scenario.judge({ criteria: ["polite"] }),
      ],
    });
    expect(result.success).toBe(true);
    expect(result.metCriteria).toEqual(["polite"]);
  });

  itFixed("0003-executor-semantics", "difference 13", "judge({ criteria: [] }) rejects the run: nothing to grade", async () => {
    const journal = new Journal();
    const run = scenario.run({
      name: "empty checkpoint",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.gradingJudge(() => true)],
      script: [scenario.user("hi"), scenario.agent(), scenario.judge({ criteria: [] }), scenario.succeed()],
    });
    // the reference records an empty checkpoint and carries on
    await expect(run).rejects.toThrow(/criteria/);
  });

  itFixed(
    "0003-executor-semantics",
    "difference 12",
    "a verdict of success that lists unmet criteria fails the run",
    async () => {
      const journal = new Journal();
      const result = await scenario.run({
        name: "contradictory verdict",
        description: "d",
        agents: [journal.user(), journal.agent(), journal.judge("J", () => verdict(true, ["greets"], ["helps"]))],
        script: [scenario.user("hi"), scenario.agent(), scenario.judge()],
      });
      // the reference reports success: true
      expect(result.success).toBe(false);
      expect(result.unmetCriteria).toEqual(["helps"]);
    },
  );
});
