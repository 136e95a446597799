import type { SeededRandom } from "../audio/seeded-random.js";
import { biquad, filterInPlace } from "./biquad.js";

/**
 * The noise "beds" the ambient presets are made of, all drawn from a
 * SeededRandom so a preset is the same on every machine. Signals here are
 * floats with no fixed scale; presets normalise them with `scaleToRms`.
 */

/** Adds Gaussian white noise with standard deviation `scale` to `out` (Box–Muller, both values of each pair used). */
export function addGaussianNoise(out: Float32Array, random: SeededRandom, scale: number): Float32Array {
  for (let index = 0; index < out.length; index += 2) {
    const radius = scale * Math.sqrt(-2 * Math.log(1 - random.next()));
    const angle = 2 * Math.PI * random.next();
    out[index] = (out[index] as number) + radius * Math.cos(angle);
    if (index + 1 < out.length) out[index + 1] = (out[index + 1] as number) + radius * Math.sin(angle);
  }
  return out;
}

/** White noise: equal energy per hertz, the hiss of a bad line. */
export function whiteNoise(length: number, random: SeededRandom): Float32Array {
  return addGaussianNoise(new Float32Array(length), random, 1);
}

/**
 * Pink noise (energy falling 3 dB an octave, like rooms and ventilation), by
 * the Voss–McCartney method: twelve random rows, row k redrawn every 2^k
 * samples, summed with a little white noise to fill the top octave.
 */
export function pinkNoise(length: number, random: SeededRandom): Float32Array {
  const rowCount = 12;
  const rows = new Float64Array(rowCount);
  let sum = 0;
  for (let row = 0; row < rowCount; row++) {
    rows[row] = random.uniform(-1, 1);
    sum += rows[row] as number;
  }
  const out = new Float32Array(length);
  for (let index = 0; index < length; index++) {
    const counter = index + 1;
    const row = 31 - Math.clz32(counter & -counter); // trailing zeros: which row changes now
    if (row < rowCount) {
      const value = random.uniform(-1, 1);
      sum += value - (rows[row] as number);
      rows[row] = value;
    }
    out[index] = sum + random.uniform(-1, 1);
  }
  return out;
}

/** Brown noise (6 dB an octave down: rumble of traffic and engines): leaky-integrated white noise. */
export function brownNoise(length: number, random: SeededRandom): Float32Array {
  const out = new Float32Array(length);
  let level = 0;
  for (let index = 0; index < length; index++) {
    level = 0.997 * level + random.uniform(-1, 1);
    out[index] = level;
  }
  return out;
}

/**
 * Speech-shaped noise: white noise through two formant-like band-passes,
 * gated by a syllabic envelope (syllables of 3–6 per second, random
 * loudness, and pauses between words). Unintelligible, yet heard as voices.
 */
export function murmur(length: number, random: SeededRandom, sampleRate: number): Float32Array {
  const first = filterInPlace(whiteNoise(length, random), [biquad("bandPass", random.uniform(350, 700), 0.9, sampleRate)]);
  const second = filterInPlace(whiteNoise(length, random), [biquad("bandPass", random.uniform(1200, 2200), 1.4, sampleRate)]);
  const out = new Float32Array(length);
  let start = 0;
  while (start < length) {
    const syllable = Math.round(sampleRate / random.uniform(3, 6));
    const loudness = random.next() < 0.15 ? 0 : random.uniform(0.4, 1);
    const end = Math.min(length, start + syllable);
    for (let index = start; index < end; index++) {
      const shape = Math.sin((Math.PI * (index - start)) / syllable);
      out[index] = loudness * shape * shape * ((first[index] as number) + 0.5 * (second[index] as number));
    }
    start = end;
  }
  return out;
}

/** The root mean square of `signal`. */
export function rmsOf(signal: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < signal.length; index++) sum += (signal[index] as number) ** 2;
  return signal.length === 0 ? 0 : Math.sqrt(sum / signal.length);
}

/** Scales `signal` in place to root mean square `target` (a silent signal stays silent). */
export function scaleToRms(signal: Float32Array, target: number): Float32Array {
  const rms = rmsOf(signal);
  if (rms === 0) return signal;
  const gain = target / rms;
  for (let index = 0; index < signal.length; index++) signal[index] = (signal[index] as number) * gain;
  return signal;
}

/** Adds `source` × `gain` into `out`, from `offset` on, as far as `out` reaches. */
export function mixInto(out: Float32Array, source: Float32Array, gain = 1, offset = 0): Float32Array {
  const end = Math.min(out.length, offset + source.length);
  for (let index = Math.max(0, offset); index < end; index++)
    out[index] = (out[index] as number) + gain * (source[index - offset] as number);
  return out;
}

/**
 * The first `length` samples of `signal` (which must be `length + fade`
 * long), with its extra tail cross-faded into the start, so tiling the result
 * has no click at the seam.
 */
export function seamlessLoop(signal: Float32Array, length: number, fade: number): Float32Array {
  const out = signal.slice(0, length);
  for (let index = 0; index < fade; index++) {
    const weight = index / fade;
    out[index] = weight * (signal[index] as number) + (1 - weight) * (signal[length + index] as number);
  }
  return out;
}
