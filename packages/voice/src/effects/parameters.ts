import { describeValue } from "./effect.js";

/**
 * A numeric effect parameter, checked at factory time: a non-number is a
 * TypeError, a number outside `accepts` (described by `expected`, e.g.
 * "in [0, 1]") a RangeError, both naming the effect and the parameter.
 */
export function checkNumber(
  effectName: string,
  parameter: string,
  value: unknown,
  expected: string,
  accepts: (value: number) => boolean,
): number {
  if (typeof value !== "number" || Number.isNaN(value))
    throw new TypeError(`${effectName}: ${parameter} must be a number ${expected}, got ${describeValue(value)}`);
  if (!Number.isFinite(value) || !accepts(value))
    throw new RangeError(`${effectName}: ${parameter} must be a number ${expected}, got ${value}`);
  return value;
}

/** The `seed` option of a random effect: any finite number, 0 by default. */
export function checkSeed(effectName: string, seed: unknown): number {
  return checkNumber(effectName, "seed", seed ?? 0, "(any finite number)", () => true);
}

/** Options every random effect accepts. */
export interface SeedOptions {
  /** Seeds the effect's generator when it is called without a context (default 0). A context's generator wins. */
  seed?: number;
}
