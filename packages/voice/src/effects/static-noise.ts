import { SeededRandom } from "../audio/seeded-random.js";
import { defineEffect, type NamedEffectFn } from "./effect.js";
import { checkNumber, checkSeed, type SeedOptions } from "./parameters.js";
import { clampSample, readSamples, writeSamples } from "./samples.js";

const TABLE_BITS = 14;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

/**
 * 16 384 standard normal values (Box–Muller from a fixed seed), picked by
 * random index, two 14-bit indices per 32-bit draw, instead of a logarithm,
 * a root and a cosine per sample. The picks are independent and identically
 * distributed, so the result is white Gaussian noise all the same. A cache:
 * built on first use (64 kB), never changed.
 */
let gaussianTable: Float32Array | undefined;

function gaussians(): Float32Array {
  if (!gaussianTable) {
    const random = new SeededRandom("rehearse.effects.gaussian-table");
    gaussianTable = Float32Array.from({ length: TABLE_MASK + 1 }, () => random.gaussian());
  }
  return gaussianTable;
}

/**
 * Line static: Gaussian white noise with a standard deviation of
 * `intensity` × full scale (default 0.05, about −26 dBFS), added and clipped.
 * Exported in the `effects` namespace as `static`, its name in the reference.
 *
 * @example
 * const hiss = staticNoise(0.02);
 */
export function staticNoise(intensity = 0.05, options: SeedOptions = {}): NamedEffectFn {
  checkNumber("staticNoise", "intensity", intensity, "≥ 0", (value) => value >= 0);
  const scale = 32767 * intensity;
  return defineEffect(
    "staticNoise",
    { intensity },
    (data, random) => {
      const table = gaussians();
      const samples = readSamples(data);
      // one draw seeds a xorshift32 stream for this call: the stream is as seeded as the draw, at a fraction
      // of the cost of a SeededRandom draw per pair of samples
      let state = (random.next() * 4294967296) >>> 0 || 1;
      for (let index = 0; index < samples.length; index += 2) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const bits = state >>> 0;
        samples[index] = clampSample((samples[index] as number) + scale * (table[bits & TABLE_MASK] as number));
        if (index + 1 < samples.length)
          samples[index + 1] = clampSample(
            (samples[index + 1] as number) + scale * (table[bits >>> (32 - TABLE_BITS)] as number),
          );
      }
      return writeSamples(samples);
    },
    checkSeed("staticNoise", options.seed),
  );
}

/** The reference's name for {@link staticNoise} (`static` is a reserved word for a function). */
export const static_ = staticNoise;
