import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { clampSample } from "./samples.js";

/** The sample rate of narrow-band telephony (G.711). */
export const NARROWBAND_RATE = 8000;

/** 24 kHz over 8 kHz. */
const FACTOR = PCM16_SAMPLE_RATE / NARROWBAND_RATE;

/**
 * Taps `-half..half` of a Hamming-windowed sinc low-pass with its cut-off at
 * `cutoff` × the sample rate, scaled to unit gain at 0 Hz. Symmetric, so it
 * delays nothing: a tone keeps its phase through the channel.
 */
function windowedSinc(cutoff: number, half: number): Float64Array {
  const taps = new Float64Array(2 * half + 1);
  for (let offset = -half; offset <= half; offset++) {
    const sinc = offset === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * offset) / (Math.PI * offset);
    taps[offset + half] = sinc * (0.54 + 0.46 * Math.cos((Math.PI * offset) / half));
  }
  const sum = taps.reduce((total, tap) => total + tap, 0);
  return taps.map((tap) => tap / sum);
}

/** Anti-alias filter before keeping every third sample: 31 taps, cut-off 3.4 kHz (the top of the telephone band). */
const DECIMATION_HALF = 15;
const DECIMATION_TAPS = windowedSinc(3400 / PCM16_SAMPLE_RATE, DECIMATION_HALF);

/**
 * Reconstruction filter of the way back: cut-off at 4 kHz, so the sinc is
 * zero at every third tap and the 8 kHz samples pass through exactly (every
 * third output sample is a decoded µ-law value). The two in-between phases
 * are polyphase branches over 8 input samples each side, laid out in input
 * order and scaled to unit gain at 0 Hz.
 */
const INTERPOLATION_HALF = 8;
const [BETWEEN_FIRST, BETWEEN_SECOND] = [1, 2].map((phase) => {
  const taps = windowedSinc(1 / (2 * FACTOR), INTERPOLATION_HALF * FACTOR);
  const centre = INTERPOLATION_HALF * FACTOR;
  // weight of narrow[j + m - INTERPOLATION_HALF] in output 3j + phase: the tap at distance phase − 3(m − half)
  const branch = new Float64Array(2 * INTERPOLATION_HALF + 1).map((_, m) => {
    const offset = phase - FACTOR * (m - INTERPOLATION_HALF);
    return Math.abs(offset) <= centre ? (taps[centre + offset] as number) : 0;
  });
  const sum = branch.reduce((total, tap) => total + tap, 0);
  return branch.map((tap) => tap / sum);
}) as [Float64Array, Float64Array];

/** `samples` with `before` and `after` copies of its first and last value around it (so the ends do not dip). */
function padded(samples: Int16Array, before: number, after: number): Float32Array {
  const out = new Float32Array(samples.length + before + after);
  out.set(samples, before);
  out.fill(samples[0] ?? 0, 0, before);
  out.fill(samples[samples.length - 1] ?? 0, before + samples.length);
  return out;
}

/** 24 kHz samples to 8 kHz: low-pass filtered, then every third sample (the first at index 0). */
export function toNarrowband(samples: Int16Array): Int16Array {
  const length = Math.ceil(samples.length / FACTOR);
  const input = padded(samples, DECIMATION_HALF, DECIMATION_HALF + FACTOR);
  const out = new Int16Array(length);
  const centreTap = DECIMATION_TAPS[DECIMATION_HALF] as number;
  for (let index = 0; index < length; index++) {
    const centre = index * FACTOR + DECIMATION_HALF;
    // the taps are symmetric: add the two samples a tap weighs, then multiply once
    let sum = centreTap * (input[centre] as number);
    for (let offset = 1; offset <= DECIMATION_HALF; offset++)
      sum +=
        (DECIMATION_TAPS[DECIMATION_HALF + offset] as number) *
        ((input[centre + offset] as number) + (input[centre - offset] as number));
    out[index] = clampSample(sum);
  }
  return out;
}

/** 8 kHz samples back to `length` samples at 24 kHz (band-limited interpolation; every third sample is an 8 kHz one). */
export function fromNarrowband(narrow: Int16Array, length: number): Int16Array {
  const input = padded(narrow, INTERPOLATION_HALF, INTERPOLATION_HALF + 1);
  const out = new Int16Array(length);
  const width = BETWEEN_FIRST.length;
  for (let source = 0, index = 0; index < length; source++, index += FACTOR) {
    out[index] = narrow[source] as number;
    let first = 0;
    let second = 0;
    for (let m = 0; m < width; m++) {
      const value = input[source + m] as number;
      first += (BETWEEN_FIRST[m] as number) * value;
      second += (BETWEEN_SECOND[m] as number) * value;
    }
    if (index + 1 < length) out[index + 1] = clampSample(first);
    if (index + 2 < length) out[index + 2] = clampSample(second);
  }
  return out;
}
