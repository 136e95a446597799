import { describe, expect, it } from "vitest";
import { type SuiteRunResult, type SuiteRunStatus, suiteStats } from "./suite-stats.js";

function runs(scenarioId: string, ...statuses: SuiteRunStatus[]): SuiteRunResult[] {
  return statuses.map((status) => ({ scenarioId, status }));
}

describe("suiteStats", () => {
  const results = [
    ...runs("steady", "pass", "pass", "pass", "pass"),
    ...runs("shaky", "pass", "fail", "pass", "error"),
    ...runs("broken", "fail", "fail", "skipped", "fail"),
    ...runs("ignored", "skipped", "skipped"),
  ];

  it("counts each scenario's runs, leaving skipped runs out of trials", () => {
    const stats = suiteStats(results, { k: 2 });
    expect(stats.scenarios.map((scenario) => scenario.scenarioId)).toEqual(["steady", "shaky", "broken", "ignored"]);
    expect(stats.scenarios[1]).toEqual({
      scenarioId: "shaky",
      trials: 4,
      successes: 2,
      failures: 1,
      errors: 1,
      skipped: 0,
      passHatK: 1 / 6,
    });
    expect(stats.scenarios[2]).toMatchObject({ trials: 3, successes: 0, failures: 3, skipped: 1, passHatK: 0 });
    expect(stats.scenarios[3]).toMatchObject({ trials: 0, skipped: 2, passHatK: undefined });
  });

  it("averages pass^k over measured scenarios and lists the unmeasured ones", () => {
    const stats = suiteStats(results, { k: 2 });
    expect(stats.k).toBe(2);
    expect(stats.passHatK).toBeCloseTo((1 + 1 / 6 + 0) / 3, 15);
    expect(stats.unmeasured).toEqual(["ignored"]);
    // "broken" has 3 trials, so k = 4 cannot be measured for it.
    expect(suiteStats(results, { k: 4 }).unmeasured).toEqual(["broken", "ignored"]);
  });

  it("defaults k to 1, the mean success rate per scenario", () => {
    const stats = suiteStats(results);
    expect(stats.k).toBe(1);
    expect(stats.passHatK).toBeCloseTo((1 + 0.5 + 0) / 3, 15);
  });

  it("marks scenarios with both passes and fails or errors as flaky", () => {
    const stats = suiteStats([...results, ...runs("erratic", "error", "pass")]);
    expect(stats.flaky).toEqual(["shaky", "erratic"]);
  });

  it("totals all runs with pass_rate as a fraction of non-skipped runs", () => {
    expect(suiteStats(results).totals).toEqual({
      total: 14,
      passed: 6,
      failed: 4,
      errors: 1,
      skipped: 3,
      pass_rate: 6 / 11,
    });
  });

  it("handles an empty or all-skipped suite without dividing by zero", () => {
    expect(suiteStats([])).toMatchObject({ scenarios: [], passHatK: undefined, flaky: [], totals: { total: 0, pass_rate: 0 } });
    expect(suiteStats(runs("a", "skipped")).totals).toMatchObject({ total: 1, skipped: 1, pass_rate: 0 });
  });

  it("rejects a bad k and an unknown status", () => {
    expect(() => suiteStats(results, { k: 0 })).toThrow(/k must be an integer ≥ 1, got 0/);
    const bad = [{ scenarioId: "x", status: "passed" }] as unknown as SuiteRunResult[];
    expect(() => suiteStats(bad)).toThrow(/unknown status "passed" for x/);
  });
});
