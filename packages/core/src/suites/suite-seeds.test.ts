import { describe, expect, it } from "vitest";
import { ConfigError, RehearseError } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { deriveSeed } from "../engine/random.js";
import { SUITE_BASE_SEED, suiteSeeds } from "./suite-seeds.js";

function scenario(name: string, extra: Partial<ScenarioConfig> = {}): ScenarioConfig {
  return { name, description: name, agents: [], ...extra };
}

const three = [scenario("refund"), scenario("greeting", { id: "greet-1" }), scenario("fixed", { seed: 99 })];

describe("suiteSeeds", () => {
  it("uses given seeds by index and derives holes, marking them derived", () => {
    const plan = suiteSeeds(three, { seeds: [42, null, undefined] });
    expect(plan).toEqual([
      { scenarioIndex: 0, repeat: 0, seed: 42, derived: false },
      { scenarioIndex: 1, repeat: 0, seed: deriveSeed(SUITE_BASE_SEED, "greet-1"), derived: true },
      // a hole falls back to the scenario's own seed
      { scenarioIndex: 2, repeat: 0, seed: 99, derived: false },
    ]);
  });

  it("keeps a scenario's own seed, else derives from `seed` by id (else name), so filtering keeps a scenario's seed", () => {
    const plan = suiteSeeds(three, { seed: 7 });
    expect(plan.map((entry) => entry.seed)).toEqual([deriveSeed(7, "refund"), deriveSeed(7, "greet-1"), 99]);
    expect(plan.map((entry) => entry.derived)).toEqual([true, true, false]);
    expect(suiteSeeds([three[1] as ScenarioConfig], { seed: 7 })[0]?.seed).toBe(plan[1]?.seed);
    expect(new Set(plan.map((entry) => entry.seed)).size).toBe(3);
  });

  it("without any seed, derives from the fixed base so the plan is reproducible", () => {
    const plan = suiteSeeds(three);
    expect(plan.map((entry) => [entry.seed, entry.derived])).toEqual([
      [deriveSeed(SUITE_BASE_SEED, "refund"), true],
      [deriveSeed(SUITE_BASE_SEED, "greet-1"), true],
      [99, false],
    ]);
  });

  it("normalises given seeds to unsigned 32-bit integers", () => {
    expect(suiteSeeds([scenario("a")], { seeds: [-12.7] })[0]?.seed).toBe(12);
  });

  it("repeats derive from the first run's seed and differ from each other", () => {
    const plan = suiteSeeds(three, { seeds: [42, null, 5], repeat: 4 });
    expect(plan).toHaveLength(12);
    expect(plan.slice(0, 4)).toEqual([
      { scenarioIndex: 0, repeat: 0, seed: 42, derived: false },
      { scenarioIndex: 0, repeat: 1, seed: deriveSeed(42, "repeat:1"), derived: true },
      { scenarioIndex: 0, repeat: 2, seed: deriveSeed(42, "repeat:2"), derived: true },
      { scenarioIndex: 0, repeat: 3, seed: deriveSeed(42, "repeat:3"), derived: true },
    ]);
    for (let index = 0; index < 3; index++) {
      const seeds = plan.filter((entry) => entry.scenarioIndex === index).map((entry) => entry.seed);
      expect(new Set(seeds).size).toBe(4);
    }
  });

  it("gives the same plan for the same inputs", () => {
    const options = { seeds: [1, null, null], seed: 3, repeat: 3 };
    expect(suiteSeeds(three, options)).toEqual(suiteSeeds(three, options));
    expect(suiteSeeds(three, { seed: 3 })).not.toEqual(suiteSeeds(three, { seed: 4 }));
  });

  it("rejects a seeds list that does not line up, giving both lengths", () => {
    const attempt = () => suiteSeeds(three, { seeds: [1, 2] });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow("seeds has 2 entries but 3 scenarios were selected");
    try {
      attempt();
    } catch (error) {
      expect(RehearseError.isInstance(error) && error.code).toBe("invalid_config");
      expect((error as ConfigError).path).toBe("seeds");
    }
    expect(() => suiteSeeds([scenario("a")], { seeds: [1, 2, 3] })).toThrow("seeds has 3 entries but 1 scenario was selected");
  });

  it("rejects bad seeds and repeat counts", () => {
    expect(() => suiteSeeds(three, { seeds: [1, Number.NaN, null] })).toThrow(/seeds\[1\] must be a finite number or null/);
    expect(() => suiteSeeds(three, { seed: Number.POSITIVE_INFINITY })).toThrow(/seed must be a finite number/);
    expect(() => suiteSeeds(three, { repeat: 0 })).toThrow(/repeat must be an integer ≥ 1/);
    expect(() => suiteSeeds(three, { repeat: 1.5 })).toThrow(/repeat must be an integer ≥ 1/);
  });
});
