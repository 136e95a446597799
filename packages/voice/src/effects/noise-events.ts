import type { SeededRandom } from "../audio/seeded-random.js";
import { biquad, filterInPlace } from "./biquad.js";
import { whiteNoise } from "./noise-sources.js";

/**
 * The sound events that make an ambient preset recognisable over its noise
 * bed: keyboard clicks, cup clinks, a car horn, an announcement chime, mains
 * hum, passing cars and a hall's reverberation. Amplitudes are on the scale
 * of a bed normalised to RMS 1. Every event is added into `out` in place.
 */

/** A decaying sine partial: `amplitude` × e^(−t/decay) × sin(2πft), from `start` for `duration` seconds. */
function addPartial(
  out: Float32Array,
  sampleRate: number,
  start: number,
  frequency: number,
  amplitude: number,
  decay: number,
  duration: number,
): void {
  const end = Math.min(out.length, start + Math.round(duration * sampleRate));
  for (let index = Math.max(0, start); index < end; index++) {
    const time = (index - start) / sampleRate;
    out[index] = (out[index] as number) + amplitude * Math.exp(-time / decay) * Math.sin(2 * Math.PI * frequency * time);
  }
}

/** Mains hum of ventilation and lights: `fundamental` (50 or 60 Hz) and its next two harmonics. */
export function addHum(out: Float32Array, sampleRate: number, fundamental: number, amplitude: number): void {
  for (let index = 0; index < out.length; index++) {
    const phase = (2 * Math.PI * fundamental * index) / sampleRate;
    out[index] = (out[index] as number) + amplitude * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
  }
}

/** Typing: bursts of key clicks (short high-passed noise ticks 80–220 ms apart), with pauses between bursts. */
export function addKeyboardClicks(out: Float32Array, random: SeededRandom, sampleRate: number, amplitude: number): void {
  const tick = filterInPlace(whiteNoise(Math.round(0.006 * sampleRate), random), [biquad("highPass", 2000, 0.7, sampleRate)]);
  for (let index = 0; index < tick.length; index++)
    tick[index] = (tick[index] as number) * Math.exp(-index / (0.0012 * sampleRate));
  let time = random.uniform(0, 0.3);
  while (time < out.length / sampleRate) {
    const burstEnd = time + random.uniform(0.6, 1.5);
    for (; time < burstEnd; time += random.uniform(0.08, 0.22)) {
      const start = Math.round(time * sampleRate);
      const gain = amplitude * random.uniform(0.5, 1);
      const end = Math.min(out.length, start + tick.length);
      for (let index = start; index < end; index++) out[index] = (out[index] as number) + gain * (tick[index - start] as number);
    }
    time += random.uniform(0.3, 0.8);
  }
}

/** Cups and spoons: `count` clinks at random times, each three inharmonic partials between 2.5 and 6 kHz. */
export function addCupClinks(
  out: Float32Array,
  random: SeededRandom,
  sampleRate: number,
  count: number,
  amplitude: number,
): void {
  for (let clink = 0; clink < count; clink++) {
    const start = random.integer(Math.max(1, out.length - Math.round(0.3 * sampleRate)));
    const base = random.uniform(2500, 3800);
    const gain = amplitude * random.uniform(0.6, 1);
    for (const [ratio, share] of [
      [1, 1],
      [1.47, 0.6],
      [1.58, 0.4],
    ] as const)
      addPartial(out, sampleRate, start, base * ratio, gain * share, random.uniform(0.04, 0.09), 0.3);
  }
}

/** A car horn: a two-note buzz (odd harmonics of about 400 and 500 Hz) for a third of a second. */
export function addHorn(out: Float32Array, random: SeededRandom, sampleRate: number, amplitude: number): void {
  const duration = Math.round(random.uniform(0.25, 0.45) * sampleRate);
  const start = random.integer(Math.max(1, out.length - duration));
  const low = random.uniform(380, 420);
  const ramp = 0.02 * sampleRate;
  for (let index = 0; index < duration && start + index < out.length; index++) {
    const envelope = Math.min(1, index / ramp, (duration - index) / ramp);
    const time = index / sampleRate;
    let value = 0;
    for (const frequency of [low, low * 1.25])
      for (const harmonic of [1, 3, 5]) value += Math.sin(2 * Math.PI * frequency * harmonic * time) / harmonic;
    out[start + index] = (out[start + index] as number) + amplitude * envelope * value;
  }
}

/** An announcement chime: three rising bell notes half a second apart, starting at `startSeconds`. */
export function addChime(out: Float32Array, sampleRate: number, startSeconds: number, amplitude: number): void {
  [523.25, 659.25, 783.99].forEach((frequency, note) => {
    const start = Math.round((startSeconds + 0.5 * note) * sampleRate);
    addPartial(out, sampleRate, start, frequency, amplitude, 0.7, 1.8);
    addPartial(out, sampleRate, start, 2 * frequency, 0.3 * amplitude, 0.35, 1.2);
  });
}

/** A passing car: `noise` (low-passed) swelling in and out around a random moment, over about two seconds. */
export function addPassingCar(
  out: Float32Array,
  random: SeededRandom,
  sampleRate: number,
  noise: Float32Array,
  amplitude: number,
): void {
  const rumble = filterInPlace(noise.slice(0, out.length), [biquad("lowPass", random.uniform(500, 900), 0.7, sampleRate)]);
  const centre = random.uniform(0, out.length / sampleRate);
  const width = random.uniform(0.4, 0.7);
  for (let index = 0; index < out.length; index++) {
    const distance = (index / sampleRate - centre) / width;
    out[index] = (out[index] as number) + amplitude * Math.exp(-distance * distance) * (rumble[index] as number);
  }
}

/**
 * A large hall's reverberation (four parallel feedback combs of 30–45 ms,
 * the Schroeder arrangement), mixed with the dry signal: `wet` of reverb.
 */
export function reverberate(signal: Float32Array, sampleRate: number, wet: number): Float32Array {
  const out = new Float32Array(signal.length);
  for (const delayMs of [29.7, 37.1, 41.1, 43.7]) {
    const delay = Math.round((delayMs / 1000) * sampleRate);
    const comb = new Float32Array(signal.length);
    for (let index = 0; index < signal.length; index++)
      comb[index] = (signal[index] as number) + (index >= delay ? 0.82 * (comb[index - delay] as number) : 0);
    for (let index = 0; index < signal.length; index++) out[index] = (out[index] as number) + (wet * (comb[index] as number)) / 4;
  }
  for (let index = 0; index < signal.length; index++) out[index] = (out[index] as number) + (1 - wet) * (signal[index] as number);
  return out;
}
