import { describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import { ConfigError, ModelNotConfiguredError, RehearseError } from "../domain/errors.js";
import { messageText } from "../domain/messages.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig, ScriptStep } from "../domain/scenario.js";
import { createRehearse, type Rehearse } from "../runner/rehearse.js";
import { agent, user } from "../script/steps.js";
import { runBatch, runSuite, type SuiteRun } from "./run-suite.js";
import { suiteSeeds } from "./suite-seeds.js";

/** An agent that says "ok" when `lucky(seed)` holds and "no" otherwise, counting its calls. */
function seedAgent(lucky: (seed: number) => boolean): Agent & { calls: number } {
  const counted = {
    role: AgentRole.AGENT,
    calls: 0,
    async call(input: Parameters<Agent["call"]>[0]) {
      counted.calls++;
      return lucky(input.scenarioState.seed) ? "ok" : "no";
    },
  };
  return counted;
}

const throwingAgent: Agent = {
  role: AgentRole.AGENT,
  call: async () => {
    throw new Error("backend down");
  },
};

/** Passes when the agent said "ok", fails otherwise. */
const verdict: ScriptStep = async (state, executor) => {
  const text = messageText(state.lastAgentMessage());
  await (text === "ok" ? executor.succeed("said ok") : executor.fail(`said ${text}`));
};

function scenario(name: string, agentUnderTest: Agent, extra: Partial<ScenarioConfig> = {}): ScenarioConfig {
  return {
    name,
    description: name,
    agents: [agentUnderTest],
    script: [user("hi"), agent(), verdict],
    scenarioType: "business",
    ...extra,
  };
}

function context(): Rehearse {
  return createRehearse({ configFile: false, env: {} });
}

/** Steady passes, shaky passes only on two chosen seeds, broken errors; two more are filtered out. */
function fixture() {
  const steady = seedAgent(() => true);
  const lucky = new Set<number>();
  const shaky = seedAgent((seed) => lucky.has(seed));
  const outsider = seedAgent(() => true);
  const scenarios = [
    scenario("steady", steady),
    scenario("load", outsider, { scenarioType: "stress" }),
    scenario("shaky", shaky),
    scenario("retired", outsider, { isActive: false }),
    scenario("broken", throwingAgent),
  ];
  const selected = [scenarios[0], scenarios[2], scenarios[4]] as ScenarioConfig[];
  const shakySeeds = suiteSeeds(selected, { seed: 11, repeat: 4 }).filter((entry) => entry.scenarioIndex === 1);
  lucky.add(shakySeeds[0]?.seed as number).add(shakySeeds[2]?.seed as number);
  return { scenarios, steady, shaky, outsider };
}

const statuses = (results: readonly ScenarioResult[]) => results.map((result) => [result.scenarioId, result.status, result.seed]);

describe("runSuite", () => {
  it("runs the selection repeatedly with planned seeds and reports pass rate, pass^k and flaky scenarios", async () => {
    const { scenarios, steady, outsider } = fixture();
    const suite = await runSuite(context(), scenarios, { scenarioType: "business", seed: 11, repeat: 4, k: 2 });

    expect(suite.name).toBe("business");
    expect(suite).toMatchObject({ total_scenarios: 3, total_runs: 12, passed: 6, failed: 2, errored: 4, skipped: 0, not_run: 0 });
    expect(suite.summary.pass_rate).toBe(0.5);
    expect(suite.summary.k).toBe(2);
    // pass^2: steady 1, shaky C(2,2)/C(4,2) = 1/6, broken 0
    expect(suite.summary.pass_hat_k).toBeCloseTo((1 + 1 / 6 + 0) / 3, 12);
    expect(suite.flaky).toEqual(["shaky"]);
    expect(
      suite.scenarios.map((entry) => [entry.name, entry.trials, entry.successes, entry.failures, entry.errors, entry.flaky]),
    ).toEqual([
      ["steady", 4, 4, 0, 0, false],
      ["shaky", 4, 2, 2, 0, true],
      ["broken", 4, 0, 0, 4, false],
    ]);
    expect(suite.scenarios[1]?.passHatK).toBeCloseTo(1 / 6, 12);
    expect(steady.calls).toBe(4);
    expect(outsider.calls).toBe(0);

    // every run's seed is exactly the plan's, results line up with the plan
    expect(suite.seeds).toHaveLength(12);
    expect(suite.results.map((result) => result.seed)).toEqual(suite.seeds.map((run) => run.seed));
    expect(suite.results.map((result) => result.scenarioId)).toEqual(suite.seeds.map((run) => run.scenarioId));
    expect(suite.seeds.slice(4, 8).map((run) => [run.name, run.repeat, run.derived])).toEqual([
      ["shaky", 0, true],
      ["shaky", 1, true],
      ["shaky", 2, true],
      ["shaky", 3, true],
    ]);
    expect(suite.results.slice(4, 8).map((result) => result.status)).toEqual(["pass", "fail", "pass", "fail"]);
    expect(suite.batch.results).toHaveLength(12);
  });

  it("defaults k to repeat, so a scenario passing 2 of 4 runs scores 0", async () => {
    const { scenarios } = fixture();
    const suite = await runSuite(context(), scenarios, { scenarioType: "business", seed: 11, repeat: 4 });
    expect(suite.summary.k).toBe(4);
    expect(suite.summary.pass_hat_k).toBeCloseTo(1 / 3, 12);
  });

  it("gives identical statuses and seeds when called twice, whatever the concurrency", async () => {
    const options = { scenarioType: "business" as const, seed: 11, repeat: 4 };
    const first = await runSuite(context(), fixture().scenarios, { ...options, concurrency: 1 });
    const second = await runSuite(context(), fixture().scenarios, { ...options, concurrency: 5 });
    expect(statuses(second.results)).toEqual(statuses(first.results));
    expect(second.seeds).toEqual(first.seeds);
  });

  it("makes exactly one runMany call, each config carrying its planned seed", async () => {
    const rehearse = context();
    const seen: ScenarioConfig[][] = [];
    const wrapped: Pick<Rehearse, "runMany"> = {
      runMany: async (configs, options) => {
        const list = [...(configs as Iterable<ScenarioConfig>)];
        seen.push(list);
        return rehearse.runMany(list, options);
      },
    };
    const { scenarios } = fixture();
    const reported: Array<[ScenarioResult, SuiteRun]> = [];
    const suite = await runSuite(wrapped, scenarios, {
      grep: "STEADY",
      seeds: [5],
      repeat: 2,
      onResult: (result, run) => {
        reported.push([result, run]);
      },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.map((config) => config.seed)).toEqual(suite.seeds.map((run) => run.seed));
    expect(suite.seeds[0]).toMatchObject({ seed: 5, derived: false, name: "steady", scenarioId: "steady" });
    expect(scenarios[0]?.seed).toBeUndefined();
    expect(reported).toHaveLength(2);
    for (const [result, run] of reported) expect(result.seed).toBe(run.seed);
  });

  it("leaves skipped runs out of the pass rate and pass^k", async () => {
    const needsModel: ScriptStep = () => {
      throw new ModelNotConfiguredError("No judge model: set defaultModel");
    };
    const scenarios = [
      scenario(
        "passes",
        seedAgent(() => true),
      ),
      scenario(
        "undecided",
        seedAgent(() => true),
        { script: [user("hi"), agent(), needsModel], tags: ["models"] },
      ),
    ];
    const suite = await runSuite(context(), scenarios, { repeat: 2, k: 1 });
    expect(suite).toMatchObject({ name: "all", passed: 2, skipped: 2, failed: 0, errored: 0 });
    expect(suite.summary.pass_rate).toBe(1);
    expect(suite.summary.pass_hat_k).toBe(1);
    expect(suite.scenarios[1]).toMatchObject({ trials: 0, skipped: 2, passHatK: undefined, flaky: false });

    const onlySkipped = await runSuite(context(), scenarios, { tags: ["models"], name: "model checks" });
    expect(onlySkipped.name).toBe("model checks");
    expect(onlySkipped.summary).toEqual({ pass_rate: 0, pass_hat_k: null, k: 1 });
  });

  it("counts runs a signal stopped before they started as not run", async () => {
    const { scenarios, steady } = fixture();
    const suite = await runSuite(context(), scenarios, { scenarioType: "business", signal: AbortSignal.abort() });
    expect(suite).toMatchObject({ total_runs: 3, passed: 0, not_run: 3, results: [] });
    expect(steady.calls).toBe(0);
  });

  it("rejects an empty selection, naming the filter, before running anything", async () => {
    const { scenarios, outsider } = fixture();
    const attempt = runSuite(context(), scenarios, { scenarioType: "compliance", tags: ["pii"] });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(runSuite(context(), scenarios, { scenarioType: "compliance", tags: ["pii"] })).rejects.toThrow(
      'runSuite "compliance tags=pii": no scenario matches the filter (compliance tags=pii) among 5 scenarios (1 inactive left out)',
    );
    await expect(runSuite(context(), scenarios, { grep: "retired" })).rejects.toMatchObject({
      code: "invalid_config",
      path: "grep",
    });
    expect(outsider.calls).toBe(0);
  });

  it("runs only the scenarios of the given difficulty", async () => {
    const easy = seedAgent(() => true);
    const hard = seedAgent(() => true);
    const scenarios = [
      scenario("warm-up", easy, { difficulty: "easy" }),
      scenario("gauntlet", hard, { difficulty: "hard" }),
      scenario("ungraded", easy),
    ];
    const suite = await runSuite(context(), scenarios, { difficulty: ["hard"] });
    expect(suite.name).toBe("difficulty=hard");
    expect(suite.results.map((result) => result.scenarioId)).toEqual(["gauntlet"]);
    expect([easy.calls, hard.calls]).toEqual([0, 1]);
  });

  it("rejects bad options before running anything", async () => {
    const { scenarios, steady } = fixture();
    const business = { scenarioType: "business" as const };
    await expect(runSuite(context(), scenarios, { ...business, seeds: [1, 2] })).rejects.toThrow(
      "seeds has 2 entries but 3 scenarios were selected",
    );
    await expect(runSuite(context(), scenarios, { ...business, repeat: 2, k: 3 })).rejects.toMatchObject({ path: "k" });
    await expect(runSuite(context(), scenarios, { ...business, concurrency: 0 })).rejects.toMatchObject({ path: "concurrency" });
    await expect(runSuite(context(), scenarios, { scenarioType: "advesarial" as "adversarial" })).rejects.toThrow(
      'Did you mean "adversarial"?',
    );
    expect(steady.calls).toBe(0);
  });
});

describe("runBatch", () => {
  it("runs the scenarios as given, once each, with seeds lined up by index", async () => {
    const { scenarios, outsider } = fixture();
    const batch = await runBatch(context(), [scenarios[3] as ScenarioConfig, scenarios[4] as ScenarioConfig], {
      seeds: [77, null],
    });
    expect(batch.name).toBe("batch");
    expect(batch).toMatchObject({ total_scenarios: 2, total_runs: 2, passed: 1, errored: 1 });
    expect(batch.summary).toEqual({ pass_rate: 0.5, pass_hat_k: 0.5, k: 1 });
    expect(batch.seeds.map((run) => [run.name, run.seed === 77, run.derived])).toEqual([
      ["retired", true, false],
      ["broken", false, true],
    ]);
    expect(batch.results.map((result) => result.seed)).toEqual(batch.seeds.map((run) => run.seed));
    // named explicitly, an inactive scenario runs
    expect(outsider.calls).toBe(1);
  });

  it("rejects an empty list and mismatched seeds", async () => {
    await expect(runBatch(context(), [])).rejects.toMatchObject({ code: "invalid_config", path: "scenarios" });
    const error = await runBatch(context(), fixture().scenarios, { seeds: [1] }).catch((caught: unknown) => caught);
    expect(RehearseError.isInstance(error) && error.code).toBe("invalid_config");
    expect((error as Error).message).toBe(
      "seeds has 1 entry but 5 scenarios were selected; give one seed (or null) per scenario",
    );
  });
});
