import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { defineEffect, type NamedEffectFn } from "./effect.js";
import { checkNumber } from "./parameters.js";
import { readSamples, writeSamples } from "./samples.js";

/**
 * A low-bitrate codec's crunch: the signal is decimated to `bitrate` samples
 * a second and held back up to 24 kHz by nearest index, with no anti-alias
 * filter, so high frequencies fold down as aliasing. `bitrate` ≥ 24000 is a
 * no-op.
 *
 * @example
 * const crunchy = lowQuality(4000);
 */
export function lowQuality(bitrate = 8000): NamedEffectFn {
  checkNumber("lowQuality", "bitrate", bitrate, "> 0 (samples per second)", (value) => value > 0);
  return defineEffect("lowQuality", { bitrate }, (data) => {
    if (bitrate >= PCM16_SAMPLE_RATE) return data;
    const samples = readSamples(data);
    const length = samples.length;
    const reducedLength = Math.max(1, Math.round((length * bitrate) / PCM16_SAMPLE_RATE));
    const down = PCM16_SAMPLE_RATE / bitrate;
    const reduced = new Int16Array(reducedLength);
    for (let index = 0; index < reducedLength; index++)
      reduced[index] = samples[Math.min(length - 1, (index * down + 0.5) | 0)] as number;
    const out = new Int16Array(length);
    for (let index = 0; index < length; index++)
      out[index] = reduced[Math.min(reducedLength - 1, (index / down + 0.5) | 0)] as number;
    return writeSamples(out);
  });
}
