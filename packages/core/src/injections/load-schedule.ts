import type { ConcurrencyInjection } from "../domain/declarative.js";
import { RehearseError } from "../domain/errors.js";

/** Most operations one burst may make on an environment tool unless `max_operations` says otherwise. */
export const MAX_BURST_OPERATIONS = 200_000;
/**
 * Most calls of the agent under test one burst may make unless `max_operations`
 * says otherwise: each may be a model call that costs money, so a burst that
 * plans more is rejected before the first call rather than run silently.
 */
export const DEFAULT_MAX_AGENT_OPERATIONS = 100;

/** One operation of the simulated schedule. */
export interface PlannedOperation {
  readonly lane: number;
  /** Virtual seconds from the start of the burst when the operation starts. */
  readonly at: number;
  /** Virtual seconds it takes on the simulated schedule (system conditions included). */
  readonly latency: number;
  /** Seed of the operation's own random stream (its fault draws). */
  readonly seed: number;
}

/**
 * How long a load operation takes in virtual time under the run's system
 * conditions: `seconds` without them, `at` the virtual seconds since the run
 * started.
 */
export type LoadLatency = (target: string, at: number, seconds: number) => number;

/** The most operations `injection` may plan: `max_operations`, else the default of its kind of operation. */
export function operationLimit(injection: ConcurrencyInjection): number {
  return injection.max_operations ?? (injection.operation === "agent" ? DEFAULT_MAX_AGENT_OPERATIONS : MAX_BURST_OPERATIONS);
}

/**
 * The simulated schedule of a burst, drawn before anything runs: each of
 * `num_concurrent` lanes runs operations back to back until `duration_seconds`
 * of virtual time are used. An operation takes the target's latency × a seeded
 * factor in [0.5, 1.5), then whatever the system conditions active at its
 * start add (`high_latency`) or impose (`timeout`). The same seed and
 * conditions give the same schedule. Throws a `RehearseError` (`invalid_config`)
 * when the plan exceeds the limit, before any operation runs.
 */
export function scheduleBurst(
  injection: ConcurrencyInjection,
  options: { random: () => number; latency: number; startedAt: number; loadLatency: LoadLatency },
): PlannedOperation[][] {
  const base = options.latency > 0 ? options.latency : 0.001;
  const limit = operationLimit(injection);
  const lanes: PlannedOperation[][] = [];
  let total = 0;
  for (let lane = 0; lane < injection.num_concurrent; lane++) {
    const operations: PlannedOperation[] = [];
    for (let elapsed = 0; elapsed < injection.duration_seconds; ) {
      const drawn = base * (0.5 + options.random());
      const took = Math.max(options.loadLatency(injection.operation, options.startedAt + elapsed, drawn), 0.001);
      operations.push({ lane, at: elapsed, latency: took, seed: Math.floor(options.random() * 0x1_0000_0000) });
      elapsed += took;
      if (++total > limit) throw tooMany(injection, base, limit);
    }
    lanes.push(operations);
  }
  return lanes;
}

/** The largest value a `random()` in [0, 1) returns: every factor at its top, the slowest schedule. */
const HIGHEST_DRAW = 1 - Number.EPSILON / 2;

/**
 * Throws the error `scheduleBurst` raises when the run starts, if `injection`
 * plans more operations than its limit whatever the seed: the schedule is
 * drawn with every factor at its top (the fewest operations any seed plans)
 * and without system conditions. For builders, which know neither the seed
 * nor the run's conditions; a plan that only some seeds (or a condition) push
 * over the limit is still rejected when the run starts.
 */
export function checkBurstPlan(injection: ConcurrencyInjection, latency: number): void {
  scheduleBurst(injection, {
    random: () => HIGHEST_DRAW,
    latency,
    startedAt: 0,
    loadLatency: (_target, _at, seconds) => seconds,
  });
}

function tooMany(injection: ConcurrencyInjection, base: number, limit: number): RehearseError {
  const what = injection.operation === "agent" ? "calls of the agent under test" : `calls of ${injection.operation}`;
  const fix =
    injection.max_operations === undefined
      ? `set max_operations to allow more (default ${limit} for ${injection.operation === "agent" ? "the agent" : "a tool"})`
      : "raise max_operations";
  return new RehearseError(
    "invalid_config",
    `concurrency injection: ${injection.num_concurrent} lanes × ${injection.duration_seconds}s at about ${base}s per operation plans more than ${limit} ${what}; ${fix}, lower num_concurrent or shorten duration_seconds`,
  );
}
