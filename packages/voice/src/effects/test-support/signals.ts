import { fromSamples, toSamples } from "../../audio/pcm.js";

/** Test signals and measurements for the effects' tests. */

/** The canonical rate. */
export const RATE = 24_000;

/** A sine of `frequency` Hz, `seconds` long, peak `amplitude`, as PCM16 bytes. */
export function toneBytes(frequency: number, seconds = 1, amplitude = 8000): Uint8Array {
  return fromSamples(toneSamples(frequency, seconds, amplitude));
}

/** The samples of `toneBytes`. */
export function toneSamples(frequency: number, seconds = 1, amplitude = 8000): Int16Array {
  return Int16Array.from({ length: Math.round(seconds * RATE) }, (_, index) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * frequency * index) / RATE)),
  );
}

/** `seconds` of a constant level (every sample non-zero, so zeroed windows are easy to count). */
export function constantBytes(seconds: number, level = 1000): Uint8Array {
  return fromSamples(new Int16Array(Math.round(seconds * RATE)).fill(level));
}

/** `seconds` of digital silence. */
export function silenceBytes(seconds: number): Uint8Array {
  return new Uint8Array(Math.round(seconds * RATE) * 2);
}

/** Power of `frequency` in `samples` (Goertzel), normalised by length, so halving a tone's amplitude quarters it. */
export function powerAt(samples: Int16Array, frequency: number, rate = RATE): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / rate);
  let previous = 0;
  let beforePrevious = 0;
  for (const value of samples) {
    const current = value + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return (previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious) / samples.length ** 2;
}

/** Root mean square. */
export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < samples.length; index++) sum += (samples[index] as number) ** 2;
  return Math.sqrt(sum / samples.length);
}

/** Largest magnitude. */
export function peak(samples: Int16Array): number {
  let max = 0;
  for (const value of samples) max = Math.max(max, Math.abs(value));
  return max;
}

/** Bytes → samples, skipping the first `skipSeconds` (filter start-up). */
export function samplesOf(data: Uint8Array, skipSeconds = 0): Int16Array {
  return toSamples(data).subarray(Math.round(skipSeconds * RATE));
}

/** The 0-based indices of `windowSamples` windows in which every sample is zero. */
export function zeroWindows(samples: Int16Array, windowSamples: number): number[] {
  const zeroed: number[] = [];
  for (let start = 0, window = 0; start < samples.length; start += windowSamples, window++)
    if (samples.subarray(start, start + windowSamples).every((value) => value === 0)) zeroed.push(window);
  return zeroed;
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}
