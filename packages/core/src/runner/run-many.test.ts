import { describe, expect, it } from "vitest";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { agent, fail, judge, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { echoAgent, scriptedJudge } from "../testing/scripted-agents.js";

function slowScenario(index: number, tracker: { inFlight: number; peak: number }): ScenarioConfig {
  return {
    name: `slow ${index}`,
    description: "an agent that takes a few milliseconds",
    agents: [
      {
        role: AgentRole.AGENT,
        call: async () => {
          tracker.inFlight++;
          tracker.peak = Math.max(tracker.peak, tracker.inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          tracker.inFlight--;
          return "done";
        },
      },
    ],
    script: [user("go"), agent(), succeed()],
  };
}

describe("runMany", () => {
  it("never has more than `concurrency` scenarios in flight (default 8)", async () => {
    const tracker = { inFlight: 0, peak: 0 };
    const batch = await isolated().runMany(
      Array.from({ length: 30 }, (_, index) => slowScenario(index, tracker)),
      {
        concurrency: 3,
      },
    );
    expect(tracker.peak).toBe(3);
    expect(batch.counts.pass).toBe(30);
    const defaults = { inFlight: 0, peak: 0 };
    await isolated().runMany(Array.from({ length: 30 }, (_, index) => slowScenario(index, defaults)));
    expect(defaults.peak).toBe(8);
  });

  it("never rejects for one scenario; results keep input order with each status", async () => {
    const boom: ScenarioConfig = {
      name: "boom",
      description: "agent throws",
      agents: [{ role: AgentRole.AGENT, call: async () => Promise.reject(new Error("down")) }],
      script: [user("x"), agent()],
    };
    const invalid = { name: "invalid", description: "no agent under test", agents: [] } as unknown as ScenarioConfig;
    const skipped: ScenarioConfig = {
      name: "skipped",
      description: "judge cannot decide",
      agents: [
        echoAgent(),
        scriptedJudge([{ success: false, status: "skipped", reasoning: "no model", metCriteria: [], unmetCriteria: [] }]),
      ],
      script: [user("x"), agent(), judge()],
    };
    const batch = await isolated().runMany([
      { name: "ok", description: "passes", agents: [echoAgent()], script: [succeed()] },
      boom,
      { name: "no", description: "fails", agents: [echoAgent()], script: [fail("no")] },
      invalid,
      skipped,
    ]);
    expect(batch.results.map((result) => result.status)).toEqual(["pass", "error", "fail", "error", "skipped"]);
    expect(batch.counts).toEqual({ pass: 1, fail: 1, error: 2, skipped: 1 });
    expect(batch.results[3]?.error).toContain("no agent under test");
    expect(new Set(batch.results.map((result) => result.batchRunId)).size).toBe(1);
  });

  it("derives per-scenario seeds from the batch seed, repeatably", async () => {
    const scenarios = () =>
      [1, 2, 3].map((index) => ({ name: `s${index}`, description: "d", agents: [echoAgent()], script: [succeed()] }));
    const first = await isolated().runMany(scenarios(), { seed: 99 });
    const second = await isolated().runMany(scenarios(), { seed: 99 });
    expect(first.results.map((result) => result.seed)).toEqual(second.results.map((result) => result.seed));
    expect(new Set(first.results.map((result) => result.seed)).size).toBe(3);
  });

  it("consumes a generator lazily and can drop results as they finish", async () => {
    let made = 0;
    function* many() {
      for (let index = 0; index < 50; index++) {
        made++;
        yield { name: `g${index}`, description: "d", agents: [echoAgent()], script: [succeed()] } satisfies ScenarioConfig;
      }
    }
    const seen: number[] = [];
    const batch = await isolated().runMany(many(), {
      concurrency: 2,
      collect: false,
      onResult: (_result, index) => {
        seen.push(index);
        expect(made).toBeLessThanOrEqual(index + 3);
      },
    });
    expect(batch.results).toEqual([]);
    expect(batch.total).toBe(50);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index));
  });
});
