import { existsSync, readFileSync, statSync } from "node:fs";
import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { downmix, resample } from "../audio/resample.js";
import type { SeededRandom } from "../audio/seeded-random.js";
import { decodeWav } from "../audio/wav.js";
import { defineEffect, describeValue, type NamedEffectFn } from "./effect.js";
import { isNoisePreset, NOISE_PRESETS, type NoisePreset, sharedNoisePreset } from "./noise-presets.js";
import { checkNumber, checkSeed, type SeedOptions } from "./parameters.js";
import { clampSample, readSamples, writeSamples } from "./samples.js";

/** Where background noise comes from: a built-in preset, a WAV file's path, or 24 kHz PCM16 samples. */
export type NoiseSource = NoisePreset | (string & {}) | Int16Array;

/** Options of `backgroundNoise` and `multipleVoices`. */
export interface BackgroundNoiseOptions extends SeedOptions {
  /** Gain applied to the noise before it is added (default 0.3; ≥ 0). */
  volume?: number;
}

/**
 * The 24 kHz samples of `source` and a label for reports. A path is read now,
 * at factory time, so a missing or unreadable file fails when the scenario is
 * built rather than mid-run.
 */
export function resolveNoise(owner: string, source: unknown): { samples: Int16Array; label: string } {
  if (source instanceof Int16Array) {
    if (source.length === 0) throw new RangeError(`${owner}: the noise samples are empty; pass at least one sample`);
    return { samples: source.slice(), label: `${source.length} samples` };
  }
  if (typeof source !== "string")
    throw new TypeError(
      `${owner}: the noise must be a preset name (${NOISE_PRESETS.join(", ")}), a WAV file path or an Int16Array, ` +
        `got ${describeValue(source)}`,
    );
  if (isNoisePreset(source)) return { samples: sharedNoisePreset(source), label: source };
  if (!existsSync(source) || !statSync(source).isFile())
    throw new RangeError(
      `${owner}: "${source}" is neither a preset (${NOISE_PRESETS.join(", ")}) nor an existing WAV file; ` +
        "pick a preset or give the path of a WAV file",
    );
  return { samples: readNoiseFile(owner, source), label: source };
}

function readNoiseFile(owner: string, path: string): Int16Array {
  let decoded: ReturnType<typeof decodeWav>;
  try {
    decoded = decodeWav(new Uint8Array(readFileSync(path)));
  } catch (error) {
    throw new Error(`${owner}: could not read "${path}" as a WAV file: ${(error as Error).message}`, { cause: error });
  }
  const samples = resample(downmix(decoded.samples, decoded.channels), decoded.sampleRate, PCM16_SAMPLE_RATE);
  if (samples.length === 0) throw new RangeError(`${owner}: "${path}" holds no audio; give a WAV file with samples in it`);
  return samples;
}

/**
 * Adds `noise` × `volume` into `signal` in place, clipped to int16. The noise
 * is tiled from a random offset, so two turns with the same preset do not
 * start on the same clatter.
 */
export function mixNoise(signal: Int16Array, noise: Int16Array, volume: number, random: SeededRandom): Int16Array {
  let position = random.integer(noise.length);
  // in runs up to the end of the noise, so the inner loop has no wrap-around test
  for (let index = 0; index < signal.length; position = 0) {
    const run = Math.min(signal.length - index, noise.length - position);
    for (let step = 0; step < run; step++) {
      const value = (signal[index + step] as number) + volume * (noise[position + step] as number);
      signal[index + step] = clampSample(value);
    }
    index += run;
  }
  return signal;
}

function noiseEffect(
  effectName: string,
  source: unknown,
  volumeOrOptions: number | BackgroundNoiseOptions | undefined,
): NamedEffectFn {
  const options = typeof volumeOrOptions === "number" ? { volume: volumeOrOptions } : (volumeOrOptions ?? {});
  const volume = checkNumber(effectName, "volume", options.volume ?? 0.3, "≥ 0", (value) => value >= 0);
  const seed = checkSeed(effectName, options.seed);
  const { samples, label } = resolveNoise(effectName, source);
  return defineEffect(
    effectName,
    { source: label, volume },
    (data, random) => writeSamples(mixNoise(readSamples(data), samples, volume, random)),
    seed,
  );
}

/**
 * Ambient noise under the voice: a preset (`"cafe"`, `"street"`, `"office"`,
 * `"airport"`, `"babble"`), a WAV file (any rate and channel count; read now,
 * down-mixed and resampled to 24 kHz) or 24 kHz samples, tiled from a random
 * offset and added × volume. The second argument is the volume, or options
 * with `volume` and `seed`.
 *
 * @example
 * userSimulatorAgent({ voice: { effects: [backgroundNoise("cafe", { volume: 0.2 })] } });
 */
export function backgroundNoise(source: NoiseSource, volumeOrOptions?: number | BackgroundNoiseOptions): NamedEffectFn {
  return noiseEffect("backgroundNoise", source, volumeOrOptions);
}

/**
 * Other people talking nearby: the `babble` preset (or your own source)
 * mixed in × 0.3 by default.
 *
 * @example
 * const crowded = multipleVoices();
 */
export function multipleVoices(source: NoiseSource = "babble", volumeOrOptions?: number | BackgroundNoiseOptions): NamedEffectFn {
  return noiseEffect("multipleVoices", source, volumeOrOptions);
}
