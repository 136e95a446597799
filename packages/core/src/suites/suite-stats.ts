import { passHatK } from "./pass-hat-k.js";

/** Outcome of one run, as it counts towards suite statistics. */
export type SuiteRunStatus = "pass" | "fail" | "error" | "skipped";

/** One run of one scenario within a suite of repeated runs. */
export interface SuiteRunResult {
  readonly scenarioId: string;
  readonly status: SuiteRunStatus;
}

/** Counts and pass^k of one scenario across its runs. */
export interface ScenarioStats {
  readonly scenarioId: string;
  /** Runs that were not skipped: a skipped run says nothing about the agent. */
  readonly trials: number;
  /** Runs with status `pass`. */
  readonly successes: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
  /** pass^k, or `undefined` when the scenario has fewer than `k` trials (e.g. every run skipped). */
  readonly passHatK: number | undefined;
}

/** Suite totals over every run; field names follow the suite result of the seed (`pass_rate`). */
export interface SuiteTotals {
  /** All runs, skipped ones included. */
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
  /** `passed` over non-skipped runs, a fraction 0..1; 0 when every run was skipped. */
  readonly pass_rate: number;
}

/** Statistics of a suite of repeated runs. */
export interface SuiteStats {
  /** The `k` used for pass^k. */
  readonly k: number;
  /** One entry per scenario, in order of first appearance. */
  readonly scenarios: readonly ScenarioStats[];
  /** Mean pass^k over the scenarios that have one; `undefined` when none does. */
  readonly passHatK: number | undefined;
  /** Scenarios left out of `passHatK` for having fewer than `k` trials, so a reader sees the gap. */
  readonly unmeasured: readonly string[];
  /** Scenarios that both passed and failed or errored: their outcome depends on chance. */
  readonly flaky: readonly string[];
  readonly totals: SuiteTotals;
}

/**
 * Aggregates repeated runs into per-scenario counts, pass^k (per scenario and
 * for the suite), flaky scenarios and suite totals. Skipped runs count in
 * `totals` but not as trials; a scenario with fewer than `k` trials gets no
 * pass^k and is listed in `unmeasured` instead of being guessed.
 *
 * @example
 * const stats = suiteStats(
 *   [
 *     { scenarioId: "refund", status: "pass" },
 *     { scenarioId: "refund", status: "fail" },
 *   ],
 *   { k: 2 },
 * );
 * stats.flaky; // ["refund"]
 * stats.totals.pass_rate; // 0.5
 */
export function suiteStats(results: readonly SuiteRunResult[], options: { k?: number } = {}): SuiteStats {
  const k = options.k ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`suiteStats: k must be an integer ≥ 1, got ${k}`);
  const scenarios = [...countByScenario(results).values()].map((counts) => withPassHatK(counts, k));
  const measured = scenarios.filter((scenario) => scenario.passHatK !== undefined);
  return {
    k,
    scenarios,
    passHatK: measured.length === 0 ? undefined : passHatK(measured, k),
    unmeasured: scenarios.filter((scenario) => scenario.passHatK === undefined).map((scenario) => scenario.scenarioId),
    flaky: scenarios
      .filter((scenario) => scenario.successes > 0 && scenario.failures + scenario.errors > 0)
      .map((scenario) => scenario.scenarioId),
    totals: totalsOf(scenarios),
  };
}

interface Counts {
  scenarioId: string;
  successes: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countByScenario(results: readonly SuiteRunResult[]): Map<string, Counts> {
  const byScenario = new Map<string, Counts>();
  for (const { scenarioId, status } of results) {
    let counts = byScenario.get(scenarioId);
    if (!counts) {
      counts = { scenarioId, successes: 0, failures: 0, errors: 0, skipped: 0 };
      byScenario.set(scenarioId, counts);
    }
    switch (status) {
      case "pass":
        counts.successes++;
        break;
      case "fail":
        counts.failures++;
        break;
      case "error":
        counts.errors++;
        break;
      case "skipped":
        counts.skipped++;
        break;
      default:
        throw new RangeError(`suiteStats: unknown status ${JSON.stringify(status satisfies never)} for ${scenarioId}`);
    }
  }
  return byScenario;
}

function withPassHatK(counts: Counts, k: number): ScenarioStats {
  const trials = counts.successes + counts.failures + counts.errors;
  const task = { trials, successes: counts.successes };
  return { ...counts, trials, passHatK: trials < k ? undefined : passHatK([task], k) };
}

function totalsOf(scenarios: readonly ScenarioStats[]): SuiteTotals {
  const sum = (pick: (scenario: ScenarioStats) => number) => scenarios.reduce((total, scenario) => total + pick(scenario), 0);
  const passed = sum((scenario) => scenario.successes);
  const skipped = sum((scenario) => scenario.skipped);
  const trials = sum((scenario) => scenario.trials);
  return {
    total: trials + skipped,
    passed,
    failed: sum((scenario) => scenario.failures),
    errors: sum((scenario) => scenario.errors),
    skipped,
    pass_rate: trials === 0 ? 0 : passed / trials,
  };
}
