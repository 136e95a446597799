import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { butterworth4, filterInPlace } from "./biquad.js";
import { defineEffect, type NamedEffectFn } from "./effect.js";
import { clampSample, readFloats, writeSamples } from "./samples.js";

/** The telephone voice band (ITU-T G.712): what a narrow-band call carries. */
const BAND = [300, 3400] as const;

/** How hard the soft limiter drives: tanh(drive·x)/tanh(drive) keeps full scale at full scale and lifts quiet parts 1.66×. */
const DRIVE = 1.5;

const SECTIONS = [
  ...butterworth4("highPass", BAND[0], PCM16_SAMPLE_RATE),
  ...butterworth4("lowPass", BAND[1], PCM16_SAMPLE_RATE),
];

/**
 * The limiter's curve, tabulated once at load: tanh over [−8, 8] in steps of
 * 1/512, read with linear interpolation (error under 0.01 of a sample step),
 * because Math.tanh per sample would take a third of the time budget.
 */
const STEPS_PER_UNIT = 512;
const TABLE_RANGE = 8;
const CURVE = Float32Array.from(
  { length: 2 * TABLE_RANGE * STEPS_PER_UNIT + 1 },
  (_, index) => (32768 * Math.tanh(index / STEPS_PER_UNIT - TABLE_RANGE)) / Math.tanh(DRIVE),
);
const LAST = CURVE.length - 1;

/**
 * A phone line's sound: band-pass 300–3400 Hz (4th-order Butterworth on each
 * side, IIR rather than the reference's FFT, for speed and no block edges),
 * then tanh soft compression as a handset's limiter would apply.
 *
 * @example
 * const onThePhone = phoneQuality();
 */
export function phoneQuality(): NamedEffectFn {
  return defineEffect("phoneQuality", { lowHz: BAND[0], highHz: BAND[1] }, (data) => {
    const signal = filterInPlace(readFloats(data), SECTIONS);
    const out = new Int16Array(signal.length);
    const scale = (DRIVE / 32768) * STEPS_PER_UNIT;
    const origin = TABLE_RANGE * STEPS_PER_UNIT;
    for (let index = 0; index < signal.length; index++) {
      const position = (signal[index] as number) * scale + origin;
      let value: number;
      if (position <= 0) value = CURVE[0] as number;
      else if (position >= LAST) value = CURVE[LAST] as number;
      else {
        const below = position | 0;
        const low = CURVE[below] as number;
        value = low + (position - below) * ((CURVE[below + 1] as number) - low);
      }
      out[index] = clampSample(value);
    }
    return writeSamples(out);
  });
}
