import type { GuardPolicy } from "@rehearse/core/guard";
import { describe, expect, it } from "vitest";
import { type BatchMeasures, evaluateGuard, type GuardContext, type PromotedBaseline } from "./guard-evaluation.js";

/** A finished batch of `pass + fail + error` runs with nothing else to say. */
function measures(overrides: Partial<BatchMeasures> = {}): BatchMeasures {
  return {
    batchId: "head",
    setId: "nightly",
    pass: 100,
    fail: 0,
    error: 0,
    skipped: 0,
    stalled: 0,
    unsettled: 0,
    durationP95Ms: 1200,
    durations: 100,
    costMeanUsd: 0.01,
    costs: 100,
    critical: { runs: 0, notPassed: 0 },
    redTeam: { graded: 0, broke: 0, ungraded: 0 },
    flakiness: { scenarios: 0, flaky: 0 },
    ...overrides,
  };
}

const noEnvironment: GuardContext = { environment: undefined, baseline: undefined };

function check(policy: GuardPolicy, measured: Partial<BatchMeasures>, context: GuardContext = noEnvironment) {
  const result = evaluateGuard({ minSampleSize: 1, ...policy }, measures(measured), context);
  const last = result.checks.at(-1);
  if (!last) throw new Error("no check");
  return { decision: result.decision, check: last, checks: result.checks };
}

describe("passRate", () => {
  it("is judged on the Wilson lower bound: 3 passes of 3 do not clear 0.95", () => {
    const { decision, check: passRate } = check({ passRate: 0.95 }, { pass: 3 });
    expect(passRate).toMatchObject({ name: "passRate", threshold: 0.95, n: 3, ok: false });
    expect(passRate.observed).toBeCloseTo(0.4385, 4);
    expect(passRate.detail).toContain("3/3 passed (100.0%)");
    expect(decision).toBe("fail");
  });

  it("passes with enough evidence and honours the confidence asked for", () => {
    expect(check({ passRate: 0.95 }, { pass: 80 })).toMatchObject({ decision: "pass", check: { ok: true, n: 80 } });
    expect(check({ passRate: { min: 0.95, confidence: 0.999 } }, { pass: 80 }).check.ok).toBe(false);
  });

  it("counts errors and stalled runs as not passed, and leaves skipped runs out", () => {
    const { check: passRate } = check({ passRate: 0.5 }, { pass: 6, fail: 1, error: 1, stalled: 2, skipped: 5 });
    expect(passRate.n).toBe(10);
    expect(passRate.detail).toContain("6/10 passed");
  });
});

describe("sample size and unfinished batches", () => {
  it("is inconclusive below the minimum sample, whatever the checks say", () => {
    const result = evaluateGuard({ minSampleSize: 30, passRate: 0.95 }, measures({ pass: 3 }), noEnvironment);
    expect(result.decision).toBe("inconclusive");
    expect(result.checks.find((item) => item.name === "sampleSize")).toMatchObject({ observed: 3, threshold: 30, ok: false });
    // the failing pass rate is still shown
    expect(result.checks.find((item) => item.name === "passRate")?.ok).toBe(false);
  });

  it("needs 10 settled runs by default", () => {
    const result = evaluateGuard({ maxErrorShare: 0.5 }, measures({ pass: 9 }), noEnvironment);
    expect(result.decision).toBe("inconclusive");
    expect(result.checks[1]?.detail).toContain("at least 10 needed (the default minSampleSize)");
    expect(evaluateGuard({ maxErrorShare: 0.5 }, measures({ pass: 10 }), noEnvironment).decision).toBe("pass");
  });

  it("is inconclusive while runs are still queued or running", () => {
    const result = evaluateGuard({ minSampleSize: 1, maxErrorShare: 0 }, measures({ pass: 50, unsettled: 2 }), noEnvironment);
    expect(result.decision).toBe("inconclusive");
    expect(result.checks[0]).toMatchObject({ name: "settled", observed: 2, ok: null });
  });
});

describe("critical runs", () => {
  it("fails when a run labelled critical did not pass", () => {
    const { decision, check: critical } = check({ criticalLabel: "critical" }, { critical: { runs: 4, notPassed: 1 } });
    expect(critical).toMatchObject({ name: "critical", observed: 1, threshold: 0, n: 4, ok: false });
    expect(critical.detail).toBe('1 of 4 runs labelled "critical" did not pass');
    expect(decision).toBe("fail");
  });

  it("holds when all passed, or when no run carries the label", () => {
    expect(check({ criticalLabel: "p0" }, { critical: { runs: 4, notPassed: 0 } }).check.ok).toBe(true);
    const none = check({ criticalLabel: "p0" }, {}).check;
    expect(none).toMatchObject({ ok: true, n: 0, detail: 'no settled run is labelled "p0"' });
  });
});

describe("error share", () => {
  it("counts errored and stalled runs against settled ones", () => {
    expect(check({ maxErrorShare: 0.02 }, { pass: 96, error: 2, stalled: 2 }).check).toMatchObject({
      observed: 0.04,
      n: 100,
      ok: false,
    });
    expect(check({ maxErrorShare: 0.05 }, { pass: 96, error: 2, stalled: 2 }).check.ok).toBe(true);
  });
});

describe("red-team success", () => {
  it("is the share of graded attacks that broke the defence", () => {
    const { check: success } = check({ maxRedTeamSuccess: 0.1 }, { redTeam: { graded: 10, broke: 2, ungraded: 1 } });
    expect(success).toMatchObject({ name: "redTeamSuccess", observed: 0.2, n: 10, ok: false });
    expect(success.detail).toContain("(1 errored or skipped not counted)");
    expect(check({ maxRedTeamSuccess: 0.2 }, { redTeam: { graded: 10, broke: 2, ungraded: 0 } }).check.ok).toBe(true);
  });

  it("cannot decide without a graded red-team run", () => {
    expect(check({ maxRedTeamSuccess: 0 }, {})).toMatchObject({ decision: "inconclusive", check: { ok: null, n: 0 } });
  });
});

describe("p95 duration and cost", () => {
  it("compares the measured p95 with the SLO", () => {
    expect(check({ p95DurationMs: 1000 }, { durationP95Ms: 1200.4 }).check).toMatchObject({ observed: 1200.4, ok: false });
    expect(check({ p95DurationMs: 1500 }, {}).check.ok).toBe(true);
    expect(check({ p95DurationMs: 1500 }, { durationP95Ms: null, durations: 0 })).toMatchObject({
      decision: "inconclusive",
      check: { ok: null },
    });
  });

  it("compares the mean cost of the runs that reported one with the budget", () => {
    const { check: cost } = check({ maxCostPerRunUsd: 0.005 }, { costMeanUsd: 0.01, costs: 90 });
    expect(cost).toMatchObject({ name: "costPerRunUsd", observed: 0.01, n: 90, ok: false });
    expect(cost.detail).toContain("(10 reported none)");
    expect(check({ maxCostPerRunUsd: 0.01 }, {}).check.ok).toBe(true);
    expect(check({ maxCostPerRunUsd: 1 }, { costMeanUsd: null, costs: 0 }).check.ok).toBeNull();
  });
});

describe("flaky share", () => {
  it("is the share of multi-trial scenarios with both outcomes", () => {
    expect(check({ maxFlakyShare: 0.1 }, { flakiness: { scenarios: 10, flaky: 2 } }).check).toMatchObject({
      observed: 0.2,
      n: 10,
      ok: false,
    });
    expect(check({ maxFlakyShare: 0.2 }, { flakiness: { scenarios: 10, flaky: 2 } }).check.ok).toBe(true);
  });

  it("cannot show with single trials", () => {
    expect(check({ maxFlakyShare: 0.1 }, {}).check).toMatchObject({ ok: null, n: 0 });
  });
});

describe("regression against the promoted batch", () => {
  const baseline = (pass: number, fail: number): PromotedBaseline => ({
    batchId: "promoted",
    promotedAt: new Date("2026-01-02T03:04:05Z"),
    pass,
    fail,
    error: 0,
    stalled: 0,
  });

  it("fails when the pass rate fell more points than allowed", () => {
    const { decision, check: regression } = check(
      { maxRegressionPoints: 5 },
      { pass: 85, fail: 15 },
      { environment: "production", baseline: baseline(95, 5) },
    );
    expect(regression).toMatchObject({ name: "regressionPoints", observed: 10, threshold: 5, ok: false });
    expect(regression.detail).toContain("85.0% against 95.0% of batch promoted");
    expect(regression.detail).toContain("down 10 points");
    expect(decision).toBe("fail");
  });

  it("allows exactly the points allowed (no float noise) and any improvement", () => {
    const exact = check({ maxRegressionPoints: 5 }, { pass: 85, fail: 15 }, { environment: "prod", baseline: baseline(90, 10) });
    expect(exact.check).toMatchObject({ observed: 5, ok: true });
    const better = check({ maxRegressionPoints: 0 }, { pass: 99, fail: 1 }, { environment: "prod", baseline: baseline(90, 10) });
    expect(better.check).toMatchObject({ observed: -9, ok: true });
  });

  it("holds when nothing was promoted yet, and cannot decide without an environment", () => {
    expect(check({ maxRegressionPoints: 1 }, {}, { environment: "prod", baseline: undefined }).check).toMatchObject({
      ok: true,
      observed: null,
    });
    expect(check({ maxRegressionPoints: 1 }, {})).toMatchObject({ decision: "inconclusive", check: { ok: null } });
  });
});

it("passes a batch that meets every check of a full policy", () => {
  const result = evaluateGuard(
    {
      minSampleSize: 50,
      passRate: { min: 0.9 },
      criticalLabel: "critical",
      maxErrorShare: 0.01,
      maxRedTeamSuccess: 0,
      p95DurationMs: 2000,
      maxCostPerRunUsd: 0.02,
      maxFlakyShare: 0,
      maxRegressionPoints: 2,
    },
    measures({
      critical: { runs: 5, notPassed: 0 },
      redTeam: { graded: 5, broke: 0, ungraded: 0 },
      flakiness: { scenarios: 20, flaky: 0 },
    }),
    { environment: "production", baseline: { batchId: "old", promotedAt: new Date(0), pass: 99, fail: 1, error: 0, stalled: 0 } },
  );
  expect(result.decision).toBe("pass");
  expect(result.checks.map((item) => [item.name, item.ok])).toEqual([
    ["settled", true],
    ["sampleSize", true],
    ["passRate", true],
    ["critical", true],
    ["errorShare", true],
    ["redTeamSuccess", true],
    ["p95DurationMs", true],
    ["costPerRunUsd", true],
    ["flakyShare", true],
    ["regressionPoints", true],
  ]);
});
