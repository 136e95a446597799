import { checkPcm, defineEffect, describeValue, type EffectContext, type NamedEffectFn } from "./effect.js";
import { checkSeed, type SeedOptions } from "./parameters.js";

/** A user's effect function: it gets the PCM16 bytes and a seeded generator, and returns PCM16 bytes. */
export type CustomEffectFunction = (data: Uint8Array, context: EffectContext) => Uint8Array;

/**
 * Wraps your own effect so it runs like the built-ins: empty input passes
 * through untouched, a seeded generator is always provided (the run's, or a
 * fixed one), and a result that is not a Uint8Array (TypeError) or holds half
 * a sample (RangeError) is refused where it happens rather than downstream.
 *
 * @example
 * const inverted = custom((data) => fromSamples(toSamples(data).map((sample) => -sample)));
 */
export function custom(fn: CustomEffectFunction, options: SeedOptions = {}): NamedEffectFn {
  if (typeof fn !== "function")
    throw new TypeError(`custom: expected a function (data: Uint8Array) => Uint8Array, got ${describeValue(fn)}`);
  const label = fn.name || "anonymous";
  return defineEffect(
    "custom",
    { function: label },
    (data, random) => {
      // a copy, so a function that edits in place cannot reach the caller's audio (a TTS cache entry, say)
      const result: unknown = fn(data.slice(), { random });
      checkPcm(`custom (${label})`, "result", result);
      return result;
    },
    checkSeed("custom", options.seed),
  );
}
