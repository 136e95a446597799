import { SeededRandom } from "../audio/seeded-random.js";

/**
 * Where an effect draws its randomness. The run passes a generator derived
 * from its seed, so noise offsets, dropped packets and jitter replay sample
 * for sample when the run is repeated.
 */
export interface EffectContext {
  random: SeededRandom;
}

/**
 * An audio effect: PCM16 little-endian, mono, 24 kHz bytes in, the same format
 * out. Effects never mutate their input. Any function of this shape works in
 * `applyEffects`; the factories of this module also set `effectName` so reports
 * can say which effects a turn went through.
 */
export type EffectFn = ((data: Uint8Array, context?: EffectContext) => Uint8Array) & {
  readonly effectName?: string;
};

/** An effect built by one of this module's factories: named, with the parameters it was built with. */
export type NamedEffectFn = ((data: Uint8Array, context?: EffectContext) => Uint8Array) & {
  /** The factory's name, e.g. `"backgroundNoise"`: stable, so it also labels the effect's random stream. */
  readonly effectName: string;
  /** The resolved parameters, for reports (e.g. `{ preset: "cafe", volume: 0.3 }`). */
  readonly effectOptions: Readonly<Record<string, unknown>>;
};

/** The fixed part of the seed an effect uses when it is called without a context. */
export const EFFECT_SEED_PREFIX = "rehearse.effects";

/**
 * The generator an effect uses when called without a context: seeded from a
 * fixed string, the effect's name and its `seed` option, so a bare call is
 * deterministic too (the same call twice gives the same bytes).
 */
export function defaultEffectRandom(effectName: string, seed = 0): SeededRandom {
  return new SeededRandom(`${EFFECT_SEED_PREFIX}:${effectName}:${seed}`);
}

/**
 * Builds a named effect around `process`, which sees only non-empty,
 * even-length input and a generator (the context's, or the default one). The
 * checks live here so every effect refuses half a sample the same way.
 */
export function defineEffect(
  effectName: string,
  effectOptions: Record<string, unknown>,
  process: (data: Uint8Array, random: SeededRandom) => Uint8Array,
  seed = 0,
): NamedEffectFn {
  const run = (data: Uint8Array, context?: EffectContext): Uint8Array => {
    checkPcm(effectName, "input", data);
    if (data.length === 0) return data;
    return process(data, context?.random ?? defaultEffectRandom(effectName, seed));
  };
  return Object.assign(run, { effectName, effectOptions: Object.freeze({ ...effectOptions }) });
}

/**
 * Applies `effects` in order. Each effect gets its own fork of `random`
 * (`effect:<index>:<name>`), taken in list order before the effect runs, so an
 * effect appended to the list, or one that draws more, leaves the others'
 * draws unchanged.
 *
 * @example
 * const heard = applyEffects(pcm, [backgroundNoise("cafe"), phoneQuality()], new SeededRandom(runSeed));
 */
export function applyEffects(
  data: Uint8Array,
  effects: readonly EffectFn[],
  random: SeededRandom = new SeededRandom(EFFECT_SEED_PREFIX),
): Uint8Array {
  checkPcm("applyEffects", "input", data);
  let current = data;
  effects.forEach((effect, index) => {
    if (typeof effect !== "function")
      throw new TypeError(
        `applyEffects: effect ${index} is ${describeValue(effect)}, not a function; ` +
          "use a factory of `effects` or wrap your function with custom(fn)",
      );
    const name = effectNameOf(effect);
    const result = effect(current, { random: random.fork(`effect:${index}:${name}`) });
    checkPcm(`applyEffects: effect ${index} (${name})`, "result", result);
    current = result;
  });
  return current;
}

/** The name reports show for `effect`: its `effectName`, else its function name, else `"anonymous"`. */
export function effectNameOf(effect: EffectFn): string {
  return effect.effectName ?? (effect.name || "anonymous");
}

/** Throws unless `data` is a Uint8Array holding whole PCM16 samples. */
export function checkPcm(owner: string, what: string, data: unknown): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array))
    throw new TypeError(`${owner}: the ${what} must be a Uint8Array of PCM16 LE bytes, got ${describeValue(data)}`);
  if (data.length % 2 !== 0)
    throw new RangeError(
      `${owner}: the ${what} has ${data.length} bytes, not a multiple of 2, so it is not PCM16 ` +
        "(half a sample; keep whole 2-byte samples together)",
    );
}

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === "object") return `an object (${value.constructor?.name ?? "Object"})`;
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
