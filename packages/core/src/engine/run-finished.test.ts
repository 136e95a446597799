import { describe, expect, it } from "vitest";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, fail, succeed, user } from "../script/steps.js";

// Agents that hold a connection during a run (voice adapters) are told when the run has ended, before run() settles.
describe("Agent.runFinished", () => {
  const rehearse = createRehearse({ configFile: false, env: {} });

  it("is awaited once after the run, whatever ended it, and its failure changes nothing", async () => {
    const calls: string[] = [];
    const holding = {
      role: AgentRole.AGENT,
      call: async () => "hello",
      async runFinished() {
        await new Promise((resolve) => setTimeout(resolve, 10));
        calls.push("finished");
        throw new Error("close failed");
      },
    };
    const passed = await rehearse.run({
      name: "a",
      description: "d",
      agents: [holding],
      script: [user("hi"), agent(), succeed()],
    });
    expect(passed.status).toBe("pass");
    expect(calls).toEqual(["finished"]);
    const failed = await rehearse.run({ name: "b", description: "d", agents: [holding], script: [user("hi"), fail("no")] });
    expect(failed.status).toBe("fail");
    expect(calls).toEqual(["finished", "finished"]);
  });

  it("runs on an error too (run() rejects after it)", async () => {
    const calls: string[] = [];
    const broken = {
      role: AgentRole.AGENT,
      call: async () => {
        throw new Error("socket gone");
      },
      runFinished: () => {
        calls.push("finished");
      },
    };
    await expect(rehearse.run({ name: "c", description: "d", agents: [broken], script: [user("hi"), agent()] })).rejects.toThrow(
      /socket gone/,
    );
    expect(calls).toEqual(["finished"]);
  });
});
