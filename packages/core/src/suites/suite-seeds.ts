import { ConfigError } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { deriveSeed, normaliseSeed } from "../engine/random.js";

/** The seed of one planned run of a suite or batch. */
export interface SeedPlan {
  /** Position of the scenario in the (filtered) list. */
  readonly scenarioIndex: number;
  /** 0-based repetition of the scenario. */
  readonly repeat: number;
  /** The run's seed (an unsigned 32-bit integer); `result.seed` equals it. */
  readonly seed: number;
  /**
   * True when Rehearse made the seed up (a hole in `seeds`, no seed anywhere,
   * or a repetition), so it must be recorded to reproduce the run; false when
   * it came from `seeds` or from the scenario's own `seed`.
   */
  readonly derived: boolean;
}

/** How the seeds of a suite or batch are chosen. */
export interface SuiteSeedOptions {
  /** One seed per scenario, by index; `null`/`undefined` entries are holes, filled as described in `suiteSeeds`. */
  seeds?: ReadonlyArray<number | null | undefined>;
  /** Base seed for the seeds Rehearse derives. */
  seed?: number;
  /** Runs per scenario, an integer ≥ 1 (default 1). */
  repeat?: number;
}

/** The base Rehearse derives from when neither `seed` nor the scenario gives one, so a suite without seeds is still reproducible. */
export const SUITE_BASE_SEED = 0;

/**
 * The seed of every (scenario, repeat) run, scenario by scenario (U-OR-15).
 * The first run of scenario `i` uses, in order of preference:
 * 1. `seeds[i]`, when present and not a hole;
 * 2. the scenario's own `seed` (as in `runMany`: a scenario that pins its seed keeps it);
 * 3. a seed derived from `seed` and the scenario's id (else name), when `seed` is given;
 * 4. a seed derived from `SUITE_BASE_SEED` and the scenario's id (else name).
 * Derivation uses the scenario's id rather than its position, so a scenario
 * keeps its seed however the suite is filtered. Repeat `r > 0` derives from
 * the first run's seed and `r`. Same inputs, same plan.
 *
 * Throws `ConfigError` (code `invalid_config`) when `seeds` and `scenarios`
 * differ in length, or for a non-finite seed or a bad `repeat`.
 *
 * @example
 * suiteSeeds([refund, greeting], { seeds: [42, null], repeat: 2 });
 * // [{ scenarioIndex: 0, repeat: 0, seed: 42, derived: false }, { scenarioIndex: 0, repeat: 1, seed: …, derived: true }, …]
 */
export function suiteSeeds(scenarios: readonly ScenarioConfig[], options: SuiteSeedOptions = {}): SeedPlan[] {
  const { seeds, seed, repeat = 1 } = options;
  if (!Number.isInteger(repeat) || repeat < 1) invalid(`repeat must be an integer ≥ 1, got ${String(repeat)}`, "repeat");
  if (seed !== undefined && !isFiniteNumber(seed)) invalid(`seed must be a finite number, got ${String(seed)}`, "seed");
  if (seeds !== undefined) checkSeeds(seeds, scenarios.length);
  const plan: SeedPlan[] = [];
  scenarios.forEach((scenario, scenarioIndex) => {
    const first = firstSeed(scenario, seeds?.[scenarioIndex], seed);
    plan.push({ scenarioIndex, repeat: 0, ...first });
    for (let index = 1; index < repeat; index++) {
      plan.push({ scenarioIndex, repeat: index, seed: deriveSeed(first.seed, `repeat:${index}`), derived: true });
    }
  });
  return plan;
}

function firstSeed(scenario: ScenarioConfig, given: number | null | undefined, base: number | undefined) {
  if (given !== undefined && given !== null) return { seed: normaliseSeed(given), derived: false };
  const label = String(scenario.id ?? scenario.name ?? "");
  if (scenario.seed !== undefined && isFiniteNumber(scenario.seed)) return { seed: normaliseSeed(scenario.seed), derived: false };
  if (base !== undefined) return { seed: deriveSeed(normaliseSeed(base), label), derived: true };
  return { seed: deriveSeed(SUITE_BASE_SEED, label), derived: true };
}

function checkSeeds(seeds: unknown, scenarios: number): void {
  if (!Array.isArray(seeds)) invalid("seeds must be an array (one seed or null per scenario)", "seeds");
  if (seeds.length !== scenarios) {
    invalid(
      `seeds has ${seeds.length} entr${seeds.length === 1 ? "y" : "ies"} but ${scenarios} scenario${scenarios === 1 ? " was" : "s were"} selected; give one seed (or null) per scenario`,
      "seeds",
    );
  }
  seeds.forEach((entry, index) => {
    if (entry !== null && entry !== undefined && !isFiniteNumber(entry)) {
      invalid(`seeds[${index}] must be a finite number or null, got ${String(entry)}`, `seeds[${index}]`);
    }
  });
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function invalid(message: string, path: string): never {
  throw new ConfigError(message, { source: "suite options", path });
}
