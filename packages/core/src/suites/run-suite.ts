import { ConfigError } from "../domain/errors.js";
import type { ScenarioResult } from "../domain/result.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import type { BatchResult, Rehearse } from "../runner/rehearse.js";
import { scenarioSlug } from "../runner/scenario-slug.js";
import { compileFilter, describeFilter, type SuiteFilter } from "./filter-scenarios.js";
import { type SeedPlan, suiteSeeds } from "./suite-seeds.js";
import { type ScenarioStats, suiteStats } from "./suite-stats.js";

/** One planned run, with the scenario it belongs to. */
export interface SuiteRun extends SeedPlan {
  readonly name: string;
  /** As on the result: the scenario's `id`, else a slug of its name. */
  readonly scenarioId: string;
}

/** Options of `runSuite`: a filter, seeds, repetitions and how to run. */
export interface SuiteOptions extends SuiteFilter {
  /** A label for reports (U-OR-14: it selects nothing). Default: a description of the filter, e.g. `adversarial tags=pii`. */
  name?: string;
  /** One seed (or null) per selected scenario, by index; see `suiteSeeds`. */
  seeds?: ReadonlyArray<number | null | undefined>;
  /** Base seed for derived seeds; see `suiteSeeds`. */
  seed?: number;
  /** Runs per scenario, an integer ≥ 1 (default 1). */
  repeat?: number;
  /** The `k` of pass^k, from 1 to `repeat` (default `repeat`). */
  k?: number;
  /** At most this many runs in flight (default: the context's `concurrency`). */
  concurrency?: number;
  /** Called as each run finishes, with the run it was. */
  onResult?: (result: ScenarioResult, run: SuiteRun) => void | Promise<void>;
  /** Stops the suite: runs in flight end `error` (aborted), runs not started are counted in `not_run`. */
  signal?: AbortSignal;
}

/** Options of `runBatch`: the scenarios are run as given (no filter, one run each). */
export type BatchOptions = Pick<SuiteOptions, "name" | "seeds" | "seed" | "concurrency" | "onResult" | "signal">;

/** Counts and pass^k of one scenario of a suite. */
export interface SuiteScenarioStats extends ScenarioStats {
  readonly name: string;
  readonly scenarioIndex: number;
  /** It both passed and failed or errored across its runs. */
  readonly flaky: boolean;
}

/** What a suite or batch run returns (the seed's suite dict, U-OR-14, plus the runs). */
export interface SuiteResult {
  readonly name: string;
  readonly total_scenarios: number;
  /** Planned runs: scenarios × repeat. */
  readonly total_runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly errored: number;
  readonly skipped: number;
  /** Planned runs that never started because `signal` stopped the suite. */
  readonly not_run: number;
  readonly summary: {
    /** Passed over runs that were not skipped, a fraction 0..1 (0 when every run was skipped). */
    readonly pass_rate: number;
    /** Mean pass^k over the scenarios with at least `k` non-skipped runs; null when none has. */
    readonly pass_hat_k: number | null;
    readonly k: number;
  };
  /** One entry per selected scenario, in order. */
  readonly scenarios: readonly SuiteScenarioStats[];
  /** Names of the flaky scenarios. */
  readonly flaky: readonly string[];
  /** Every planned run with its seed, in the order of `batch.results`. */
  readonly seeds: readonly SuiteRun[];
  /** The results of the runs that happened, in plan order. */
  readonly results: readonly ScenarioResult[];
  readonly batch: BatchResult;
}

const SOURCE = "runSuite";

/**
 * Runs the scenarios that pass the filter (active ones only, unless
 * `includeInactive`), each `repeat` times with planned seeds, through one
 * `runMany` call, and aggregates pass rate, pass^k and flaky scenarios. Each
 * run gets a copy of its config with the planned `seed` set, so
 * `result.seed` is exactly the plan's. An empty selection, a bad filter or
 * bad options throw `ConfigError` before anything runs.
 *
 * @example
 * ```ts
 * const suite = await runSuite(createRehearse(), scenarios, { scenarioType: "adversarial", repeat: 4, seed: 7 });
 * suite.summary.pass_hat_k; // consistency over 4 runs of each scenario
 * suite.flaky; // ["Red Team - Prompt Injection"]
 * ```
 */
export async function runSuite(
  context: Pick<Rehearse, "runMany">,
  scenarios: readonly ScenarioConfig[],
  options: SuiteOptions = {},
): Promise<SuiteResult> {
  if (!Array.isArray(scenarios)) throw new ConfigError(`${SOURCE}: scenarios must be an array`, { source: SOURCE });
  const selected = scenarios.filter(compileFilter(options, SOURCE));
  const name = options.name ?? describeFilter(options);
  if (selected.length === 0) {
    const inactive = options.includeInactive ? 0 : scenarios.filter((scenario) => scenario.isActive === false).length;
    const filterField = (["scenarioType", "tags", "grep"] as const).find((field) => options[field] !== undefined);
    throw new ConfigError(
      `${SOURCE} "${name}": no scenario matches the filter (${describeFilter(options)}) among ${scenarios.length} scenario${scenarios.length === 1 ? "" : "s"}${inactive > 0 ? ` (${inactive} inactive left out)` : ""}`,
      { source: SOURCE, ...(filterField ? { path: filterField } : {}) },
    );
  }
  return runPlanned(context, selected, name, options);
}

/**
 * Runs the given scenarios once each, as given (no filter: inactive ones run
 * too, since they were named), with `seeds` lined up by index: the seed's
 * `run_scenario_batch`. Same result shape as `runSuite`, with `k = 1`.
 *
 * @example
 * ```ts
 * const batch = await runBatch(createRehearse(), [refund, greeting], { seeds: [42, null] });
 * batch.seeds[1]; // { scenarioIndex: 1, repeat: 0, seed: …, derived: true, name: "greeting", … }
 * ```
 */
export async function runBatch(
  context: Pick<Rehearse, "runMany">,
  scenarios: readonly ScenarioConfig[],
  options: BatchOptions = {},
): Promise<SuiteResult> {
  if (!Array.isArray(scenarios) || scenarios.length === 0) {
    throw new ConfigError("runBatch: give at least one scenario", { source: "runBatch", path: "scenarios" });
  }
  return runPlanned(context, scenarios, options.name ?? "batch", { ...options, repeat: 1, k: 1 });
}

async function runPlanned(
  context: Pick<Rehearse, "runMany">,
  selected: readonly ScenarioConfig[],
  name: string,
  options: SuiteOptions,
): Promise<SuiteResult> {
  const repeat = options.repeat ?? 1;
  const plan = suiteSeeds(selected, { repeat, ...pick(options, "seeds", "seed") });
  const k = options.k ?? repeat;
  if (!Number.isInteger(k) || k < 1 || k > repeat) {
    throw new ConfigError(`${SOURCE}: k must be an integer from 1 to repeat (${repeat}), got ${String(k)}`, {
      source: SOURCE,
      path: "k",
    });
  }
  const { concurrency } = options;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new ConfigError(`${SOURCE}: concurrency must be an integer ≥ 1, got ${String(concurrency)}`, {
      source: SOURCE,
      path: "concurrency",
    });
  }
  const runs: SuiteRun[] = plan.map((entry) => {
    const scenario = selected[entry.scenarioIndex] as ScenarioConfig;
    return { ...entry, name: scenario.name, scenarioId: scenario.id ?? scenarioSlug(scenario.name) };
  });
  const configs = plan.map((entry) => ({ ...(selected[entry.scenarioIndex] as ScenarioConfig), seed: entry.seed }));
  const { onResult } = options;
  const batch = await context.runMany(configs, {
    collect: true,
    ...pick(options, "concurrency", "signal"),
    ...(onResult ? { onResult: (result: ScenarioResult, index: number) => onResult(result, runs[index] as SuiteRun) } : {}),
  });
  return summarise(name, selected, runs, batch, k);
}

function summarise(
  name: string,
  selected: readonly ScenarioConfig[],
  runs: readonly SuiteRun[],
  batch: BatchResult,
  k: number,
): SuiteResult {
  // keyed by position: two scenarios sharing a name still get their own statistics
  const done = runs.flatMap((run, index) => {
    const result = batch.results[index];
    return result ? [{ run, result }] : [];
  });
  const stats = suiteStats(
    done.map(({ run, result }) => ({ scenarioId: String(run.scenarioIndex), status: result.status })),
    { k },
  );
  const flakyIndexes = new Set(stats.flaky);
  const byIndex = new Map(stats.scenarios.map((entry) => [entry.scenarioId, entry]));
  const scenarios = selected.map((scenario, scenarioIndex): SuiteScenarioStats => {
    const entry = byIndex.get(String(scenarioIndex));
    return {
      scenarioId: scenario.id ?? scenarioSlug(scenario.name),
      name: scenario.name,
      scenarioIndex,
      trials: entry?.trials ?? 0,
      successes: entry?.successes ?? 0,
      failures: entry?.failures ?? 0,
      errors: entry?.errors ?? 0,
      skipped: entry?.skipped ?? 0,
      passHatK: entry?.passHatK,
      flaky: flakyIndexes.has(String(scenarioIndex)),
    };
  });
  const { totals } = stats;
  return {
    name,
    total_scenarios: selected.length,
    total_runs: runs.length,
    passed: totals.passed,
    failed: totals.failed,
    errored: totals.errors,
    skipped: totals.skipped,
    not_run: runs.length - done.length,
    summary: { pass_rate: totals.pass_rate, pass_hat_k: stats.passHatK ?? null, k },
    scenarios,
    flaky: scenarios.filter((scenario) => scenario.flaky).map((scenario) => scenario.name),
    seeds: runs,
    results: done.map(({ result }) => result),
    batch,
  };
}

/** The listed keys of `options` that are set (so absent ones stay absent under `exactOptionalPropertyTypes`). */
function pick<Options extends object, Key extends keyof Options>(options: Options, ...keys: Key[]): Partial<Pick<Options, Key>> {
  const picked: Partial<Pick<Options, Key>> = {};
  for (const key of keys) if (options[key] !== undefined) picked[key] = options[key];
  return picked;
}
