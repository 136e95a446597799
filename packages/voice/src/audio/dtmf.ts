import { PCM16_SAMPLE_RATE } from "./pcm.js";

/** The DTMF keypad: each key is a row and a column frequency (Hz). */
const KEYS: Record<string, [number, number]> = {
  "1": [697, 1209],
  "2": [697, 1336],
  "3": [697, 1477],
  A: [697, 1633],
  "4": [770, 1209],
  "5": [770, 1336],
  "6": [770, 1477],
  B: [770, 1633],
  "7": [852, 1209],
  "8": [852, 1336],
  "9": [852, 1477],
  C: [852, 1633],
  "*": [941, 1209],
  "0": [941, 1336],
  "#": [941, 1477],
  D: [941, 1633],
};

/** The keys DTMF can send. */
export const DTMF_KEYS = Object.keys(KEYS).join("");

/** Throws a RangeError naming the first character of `tones` that is not a DTMF key; returns them uppercased. */
export function checkDtmf(tones: string): string {
  const upper = tones.toUpperCase();
  if (upper.length === 0) throw new RangeError("dtmf: no tones given");
  for (const key of upper)
    if (!(key in KEYS)) throw new RangeError(`dtmf: "${key}" is not a DTMF key (${DTMF_KEYS}); got "${tones}"`);
  return upper;
}

/** Dual-tone PCM16 samples for `tones`: 100 ms per tone, 50 ms gaps, at half amplitude. */
export function dtmfSamples(tones: string, sampleRate = PCM16_SAMPLE_RATE, toneMs = 100, gapMs = 50): Int16Array {
  const keys = checkDtmf(tones);
  const toneLength = Math.round((toneMs / 1000) * sampleRate);
  const gapLength = Math.round((gapMs / 1000) * sampleRate);
  const out = new Int16Array(keys.length * toneLength + Math.max(0, keys.length - 1) * gapLength);
  let offset = 0;
  for (const key of keys) {
    const [low, high] = KEYS[key] as [number, number];
    for (let index = 0; index < toneLength; index++) {
      const time = index / sampleRate;
      const value = 0.25 * Math.sin(2 * Math.PI * low * time) + 0.25 * Math.sin(2 * Math.PI * high * time);
      out[offset + index] = Math.round(value * 32767);
    }
    offset += toneLength + gapLength;
  }
  return out;
}

/**
 * The DTMF keys heard in `samples` (Goertzel over 40 ms windows, a key counted
 * once per tone burst): what a telephony peer in tests decodes from audio.
 */
export function detectDtmf(samples: Int16Array, sampleRate = PCM16_SAMPLE_RATE): string {
  const window = Math.round(0.04 * sampleRate);
  const rows = [697, 770, 852, 941];
  const columns = [1209, 1336, 1477, 1633];
  let out = "";
  let previous = "";
  for (let start = 0; start + window <= samples.length; start += window) {
    const frame = samples.subarray(start, start + window);
    let energy = 0;
    for (const value of frame) energy += value * value;
    const row = strongest(frame, rows, sampleRate);
    const column = strongest(frame, columns, sampleRate);
    const key =
      energy > 0 && row.power > energy * window * 0.1 && column.power > energy * window * 0.1
        ? keyOf(row.frequency, column.frequency)
        : "";
    if (key && key !== previous) out += key;
    previous = key;
  }
  return out;
}

function strongest(frame: Int16Array, frequencies: number[], sampleRate: number): { frequency: number; power: number } {
  let best = { frequency: 0, power: 0 };
  for (const frequency of frequencies) {
    const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
    let previous = 0;
    let beforePrevious = 0;
    for (const value of frame) {
      const current = value + coefficient * previous - beforePrevious;
      beforePrevious = previous;
      previous = current;
    }
    const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    if (power > best.power) best = { frequency, power };
  }
  return best;
}

function keyOf(row: number, column: number): string {
  for (const [key, [low, high]] of Object.entries(KEYS)) if (low === row && high === column) return key;
  return "";
}
