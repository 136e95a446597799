import scenario from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { assertionError, Journal, transcript } from "./helpers.js";

describe("errors", () => {
  it("a failing inline expect() step rejects run() with that AssertionError; later steps do not run", async () => {
    const journal = new Journal();
    let after = false;
    const run = scenario.run({
      name: "inline expect",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        (state) => expect(state.lastAgentMessage().content).toBe("something else"),
        () => {
          after = true;
        },
        scenario.succeed(),
      ],
    });
    const error = await run.then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.name).toBe("AssertionError");
    expect(error?.message).toContain("something else");
    expect(after).toBe(false);
  });

  it("a passing inline expect() step lets the script go on", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "inline expect passes",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        (state) => expect(state.lastAgentMessage().content).toBe("a1"),
        scenario.succeed(),
      ],
    });
    expect(result.success).toBe(true);
  });

  it("an AssertionError thrown in proceed()'s onStep rejects run() with it", async () => {
    const journal = new Journal();
    const failure = assertionError("no tool calls allowed");
    const run = scenario.run({
      name: "onStep assertion",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.proceed(2, undefined, (state) => {
          if (state.messages.length === 3) throw failure;
        }),
        scenario.succeed(),
      ],
    });
    await expect(run).rejects.toBe(failure);
    expect(journal.order).toEqual(["U@0", "A@0", "U@1"]);
  });

  it("an agent that throws rejects run() with an Error naming the agent and carrying the original message", async () => {
    const journal = new Journal();
    const run = scenario.run({
      name: "agent throws",
      description: "d",
      agents: [
        journal.user(),
        journal.agent("Flaky", () => {
          throw new Error("upstream timed out");
        }),
      ],
      script: [scenario.user("hi"), scenario.agent(), scenario.succeed()],
    });
    const error = await run.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("upstream timed out");
    expect((error as Error).message).toContain("Flaky");
  });

  it("a script step that throws rejects run(); the original error is the rejection or its cause", async () => {
    const journal = new Journal();
    const original = new Error("database unavailable");
    const run = scenario.run({
      name: "step throws",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        () => {
          throw original;
        },
        scenario.succeed(),
      ],
    });
    const error = (await run.then(
      () => undefined,
      (thrown: unknown) => thrown,
    )) as Error | undefined;
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toContain("database unavailable");
    expect(error === original || error?.cause === original).toBe(true);
  });

  it("run() rejects without an agent of role Agent, calling nobody", async () => {
    const journal = new Journal();
    await expect(
      scenario.run({
        name: "no agent under test",
        description: "d",
        agents: [journal.user(), journal.judge()],
        script: [scenario.user(), scenario.succeed()],
      }),
    ).rejects.toThrow();
    expect(journal.calls).toHaveLength(0);
  });

  it("run() rejects an empty name, an empty description, no agents and an unknown role", async () => {
    const journal = new Journal();
    const agents = [journal.user(), journal.agent()];
    await expect(scenario.run({ name: "", description: "d", agents })).rejects.toThrow(/name/i);
    await expect(scenario.run({ name: "n", description: "", agents })).rejects.toThrow(/description/i);
    await expect(scenario.run({ name: "n", description: "d", agents: [] })).rejects.toThrow();
    const stranger = { role: "Bystander" as never, call: async () => "hi" };
    await expect(scenario.run({ name: "n", description: "d", agents: [...agents, stranger] })).rejects.toThrow(/Bystander/);
    expect(journal.calls).toHaveLength(0);
  });

  it("user() without content and without a user simulator rejects run()", async () => {
    const journal = new Journal();
    await expect(
      scenario.run({
        name: "no simulator",
        description: "d",
        agents: [journal.agent()],
        script: [scenario.user(), scenario.agent(), scenario.succeed()],
      }),
    ).rejects.toThrow(/User/);
    expect(journal.calls).toHaveLength(0);
  });

  it("judge() without a judge agent rejects run()", async () => {
    const journal = new Journal();
    await expect(
      scenario.run({
        name: "no judge",
        description: "d",
        agents: [journal.user(), journal.agent()],
        script: [scenario.user("hi"), scenario.agent(), scenario.judge(), scenario.succeed()],
      }),
    ).rejects.toThrow(/Judge/);
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed("0003-executor-semantics", "difference 1", "scripted user('…') steps work with no user simulator", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "README quick start",
      description: "d",
      agents: [journal.agent()],
      script: [scenario.user("hi"), scenario.agent(), scenario.user("bye"), scenario.agent(), scenario.succeed()],
    });
    // the reference throws: "please add a scenario.userSimulatorAgent()"
    expect(result.success).toBe(true);
    expect(journal.order).toEqual(["A@0", "A@1"]);
    expect(transcript(result.messages)).toEqual(["user:hi", "assistant:a1", "user:bye", "assistant:a2"]);
  });

  itFixed(
    "0003-executor-semantics",
    "difference 1",
    "a step that needs a role nobody plays is rejected before any agent is called",
    async () => {
      const journal = new Journal();
      const run = scenario.run({
        name: "validated first",
        description: "d",
        agents: [journal.user(), journal.agent()],
        script: [scenario.user("hi"), scenario.agent(), scenario.judge(), scenario.succeed()],
      });
      await expect(run).rejects.toThrow(/Judge/);
      // the reference calls the agent, then fails at judge()
      expect(journal.calls).toHaveLength(0);
    },
  );

  itFixed(
    "0002-outcomes",
    "rejections",
    "a step's error is wrapped: the original is the cause, the result is attached",
    async () => {
      const journal = new Journal();
      const original = new Error("database unavailable");
      const error = (await scenario
        .run({
          name: "wrapped",
          description: "d",
          agents: [journal.user(), journal.agent()],
          script: [
            scenario.user("hi"),
            () => {
              throw original;
            },
          ],
        })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )) as (Error & { result?: { success: boolean; messages: unknown[] } }) | undefined;
      // the reference rejects with the original error itself
      expect(error).not.toBe(original);
      expect(error?.cause).toBe(original);
      expect(error?.result?.success).toBe(false);
      expect(error?.result?.messages).toHaveLength(1);
    },
  );
});
