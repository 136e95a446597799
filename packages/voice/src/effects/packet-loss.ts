import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import type { SeededRandom } from "../audio/seeded-random.js";
import { defineEffect, type NamedEffectFn } from "./effect.js";
import { checkNumber, checkSeed, type SeedOptions } from "./parameters.js";

/**
 * A copy of `data` with each window of `windowSamples` zeroed with
 * `probability`. One draw per window, whatever the probability, so the same
 * seed drops the same windows at any loss rate that would drop them.
 */
function zeroWindows(data: Uint8Array, windowSamples: number, probability: number, random: SeededRandom): Uint8Array {
  const out = data.slice();
  const windowBytes = windowSamples * 2;
  for (let start = 0; start < out.length; start += windowBytes)
    if (random.next() < probability) out.fill(0, start, Math.min(out.length, start + windowBytes));
  return out;
}

/**
 * Lost network packets with no concealment: each `chunkMs` window (default
 * 20 ms, a VoIP packet) is zeroed with `probability` (default 0.05; in
 * [0, 1]). See `telephonyChannel` for loss with concealment.
 *
 * @example
 * const lossy = packetLoss(0.1);
 */
export function packetLoss(probability = 0.05, chunkMs = 20, options: SeedOptions = {}): NamedEffectFn {
  checkNumber("packetLoss", "probability", probability, "in [0, 1]", (value) => value >= 0 && value <= 1);
  checkNumber("packetLoss", "chunkMs", chunkMs, "> 0 (milliseconds)", (value) => value > 0);
  const windowSamples = Math.max(1, Math.round((chunkMs / 1000) * PCM16_SAMPLE_RATE));
  return defineEffect(
    "packetLoss",
    { probability, chunkMs },
    (data, random) => zeroWindows(data, windowSamples, probability, random),
    checkSeed("packetLoss", options.seed),
  );
}

/**
 * A connection breaking up: 100 ms windows dropped to silence with
 * probability 0.2, words vanishing mid-sentence.
 *
 * @example
 * const tunnel = breakingUp();
 */
export function breakingUp(options: SeedOptions = {}): NamedEffectFn {
  const windowSamples = Math.round(0.1 * PCM16_SAMPLE_RATE);
  return defineEffect(
    "breakingUp",
    { probability: 0.2, windowMs: 100 },
    (data, random) => zeroWindows(data, windowSamples, 0.2, random),
    checkSeed("breakingUp", options.seed),
  );
}
