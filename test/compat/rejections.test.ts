// When run() rejects: the cases of the reference's error-handling examples and of its
// validation, each against the outcome table (README "Outcomes"): an agent or a step that
// breaks, or an invalid scenario, rejects run(); a verdict, even a failing one, resolves.
import scenario from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal } from "./helpers.js";
import { continueTest, scriptedModel, textModel } from "./mock-llm.js";

/** The rejection of `run`, or undefined when it resolved. */
async function rejectionOf(
  run: Promise<unknown>,
): Promise<(Error & { cause?: unknown; result?: { status?: string } }) | undefined> {
  return run.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
}

/** True when `error` is `original` or carries it as its cause. */
const carries = (error: { cause?: unknown } | undefined, original: unknown): boolean =>
  error === original || error?.cause === original;

const failingAgent = () => ({
  role: scenario.AgentRole.AGENT,
  call: async () => {
    throw new Error("Simulated agent failure");
  },
});

describe("rejections", () => {
  it("an agent that throws during automatic turns, with a model-backed simulator and judge, rejects with its message", async () => {
    const judgeModel = scriptedModel(() => continueTest);
    await expect(
      scenario.run({
        name: "error scenario",
        description: "The agent under test fails on its first call.",
        agents: [
          failingAgent(),
          scenario.userSimulatorAgent({ model: textModel("hello there") }),
          scenario.judgeAgent({ model: judgeModel, criteria: ["Agent should not throw errors"] }),
        ],
        setId: "errors",
      }),
    ).rejects.toThrow("Simulated agent failure");
    // the judge is never reached: the run stopped at the agent
    expect(judgeModel.doGenerateCalls).toHaveLength(0);
  });

  it("an agent that throws inside proceed() rejects; later steps do not run", async () => {
    const journal = new Journal();
    let after = false;
    const error = await rejectionOf(
      scenario.run({
        name: "proceed error",
        description: "d",
        agents: [journal.user(), failingAgent()],
        script: [
          scenario.proceed(2),
          () => {
            after = true;
          },
        ],
      }),
    );
    expect(error?.message).toContain("Simulated agent failure");
    expect(journal.order).toEqual(["U@0"]);
    expect(after).toBe(false);
  });

  it("an agent whose call() throws synchronously, or throws a string, rejects with what it threw", async () => {
    const journal = new Journal();
    const sync = {
      role: scenario.AgentRole.AGENT,
      call: (() => {
        throw new Error("sync failure");
      }) as never,
    };
    const text = { role: scenario.AgentRole.AGENT, call: async () => Promise.reject("plain string failure") };
    for (const [agent, message] of [
      [sync, "sync failure"],
      [text, "plain string failure"],
    ] as const) {
      const run = scenario.run({
        name: "throws",
        description: "d",
        agents: [journal.user(), agent],
        script: [scenario.user("hi"), scenario.agent()],
      });
      await expect(run).rejects.toThrow(message);
    }
  });

  it("a judge that throws when asked for a verdict rejects with its message", async () => {
    const journal = new Journal();
    const judge = journal.judge("J", () => {
      throw new Error("judge unavailable");
    });
    const run = scenario.run({
      name: "judge throws",
      description: "d",
      agents: [journal.user(), journal.agent(), judge],
      script: [scenario.user("hi"), scenario.agent(), scenario.judge()],
    });
    await expect(run).rejects.toThrow("judge unavailable");
  });

  it("a user simulator that throws rejects with its message; the agent is not called", async () => {
    const journal = new Journal();
    const user = journal.user("U", () => {
      throw new Error("simulator unavailable");
    });
    const run = scenario.run({
      name: "user throws",
      description: "d",
      agents: [user, journal.agent()],
      script: [scenario.user(), scenario.agent()],
    });
    await expect(run).rejects.toThrow("simulator unavailable");
    expect(journal.order).toEqual(["U@0"]);
  });

  it("an async step that rejects rejects run(); the original is the rejection or its cause", async () => {
    const journal = new Journal();
    const original = new Error("lookup service down");
    const error = await rejectionOf(
      scenario.run({
        name: "async step",
        description: "d",
        agents: [journal.user(), journal.agent()],
        script: [
          scenario.user("hi"),
          async () => {
            await Promise.resolve();
            throw original;
          },
        ],
      }),
    );
    expect(error?.message).toContain("lookup service down");
    expect(carries(error, original)).toBe(true);
  });

  it("an onTurn callback of proceed() that throws (not an assertion) rejects run()", async () => {
    const journal = new Journal();
    const original = new Error("metrics sink down");
    const error = await rejectionOf(
      scenario.run({
        name: "onTurn throws",
        description: "d",
        agents: [journal.user(), journal.agent()],
        script: [
          scenario.proceed(2, () => {
            throw original;
          }),
        ],
      }),
    );
    expect(carries(error, original)).toBe(true);
    expect(journal.order).toEqual(["U@0", "A@0"]);
  });

  it("a failing verdict does not reject: fail() resolves with success false", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "fail resolves",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("hi"), scenario.agent(), scenario.fail("the agent was rude")],
    });
    expect(result.success).toBe(false);
    expect(result.reasoning).toBe("the agent was rude");
  });

  it("steps after the run concluded do not run, so their errors do not reject", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "after succeed",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.succeed(),
        () => {
          throw new Error("never reached");
        },
      ],
    });
    expect(result.success).toBe(true);
  });

  describe("invalid scenarios", () => {
    const run = (config: unknown) => scenario.run(config as never);

    it("an agent without call() rejects, naming call", async () => {
      const journal = new Journal();
      const config = {
        name: "n",
        description: "d",
        agents: [{ role: scenario.AgentRole.AGENT }, journal.user()],
        script: [scenario.user("hi"), scenario.agent()],
      };
      await expect(run(config)).rejects.toThrow(/call/);
    });

    it("a maxTurns below 1 rejects, naming it", async () => {
      const journal = new Journal();
      await expect(run({ name: "n", description: "d", agents: [journal.agent(), journal.user()], maxTurns: -1 })).rejects.toThrow(
        /max ?turns/i,
      );
      expect(journal.calls).toHaveLength(0);
    });

    it("a script that is not a list of step functions rejects, naming the script", async () => {
      const journal = new Journal();
      const agents = [journal.agent(), journal.user()];
      await expect(run({ name: "n", description: "d", agents, script: [scenario.user("hi"), 42] })).rejects.toThrow(
        /step|script/i,
      );
      await expect(run({ name: "n", description: "d", agents, script: "user, agent" })).rejects.toThrow(/script/i);
      expect(journal.calls).toHaveLength(0);
    });

    it("no scenario at all, no agents list, or a missing agent in the list rejects", async () => {
      const journal = new Journal();
      await expect(run(undefined)).rejects.toThrow();
      await expect(run({ name: "n", description: "d" })).rejects.toThrow();
      await expect(run({ name: "n", description: "d", agents: [journal.agent(), null] })).rejects.toThrow();
      expect(journal.calls).toHaveLength(0);
    });
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed(
    "0002-outcomes",
    "rejections",
    "a throwing agent's rejection carries the result: status error, the conversation so far",
    async () => {
      const journal = new Journal();
      const error = (await rejectionOf(
        scenario.run({
          name: "result attached",
          description: "d",
          agents: [journal.user(), failingAgent()],
          script: [scenario.user("hi"), scenario.agent()],
        }),
      )) as (Error & { result?: { status: string; success: boolean; messages: unknown[] } }) | undefined;
      // the reference rejects with an Error that carries no result
      expect(error?.result).toMatchObject({ status: "error", success: false });
      expect(error?.result?.messages).toHaveLength(1);
    },
  );

  itFixed(
    "0011-judge-semantics",
    "without a model",
    "a simulated user turn with no model anywhere ends the run skipped instead of rejecting",
    async () => {
      const agent = failingAgent();
      const result = (await rejectionOf(
        scenario.run({
          name: "no model",
          description: "No model is configured for the simulator or the judge.",
          agents: [agent, scenario.userSimulatorAgent(), scenario.judgeAgent({ criteria: ["Agent should not throw errors"] })],
        }),
      ).then((error) => error ?? "resolved")) as unknown;
      // the reference rejects: "A model is required. Configure it in scenario.config.js defaultModel …"
      expect(result).toBe("resolved");
    },
  );
});
