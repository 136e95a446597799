import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { defineEffect, type NamedEffectFn } from "./effect.js";
import { checkNumber } from "./parameters.js";
import { clampSample, readSamples, writeSamples } from "./samples.js";

/**
 * A single echo, as from a speakerphone or a badly cancelled line: a copy
 * delayed by `delayMs` and scaled by `decay`, added and clipped. A no-op when
 * the delay is at least the signal's length.
 *
 * @example
 * const speakerphone = echo(120, 0.3);
 */
export function echo(delayMs = 200, decay = 0.5): NamedEffectFn {
  checkNumber("echo", "delayMs", delayMs, "≥ 0 (milliseconds)", (value) => value >= 0);
  checkNumber("echo", "decay", decay, "≥ 0", (value) => value >= 0);
  const delay = Math.round((delayMs / 1000) * PCM16_SAMPLE_RATE);
  return defineEffect("echo", { delayMs, decay }, (data) => {
    const samples = readSamples(data);
    if (delay >= samples.length) return data;
    // back to front, so each sample adds the delayed sample before it changes
    for (let index = samples.length - 1; index >= delay; index--) {
      const value = (samples[index] as number) + decay * (samples[index - delay] as number);
      samples[index] = clampSample(value);
    }
    return writeSamples(samples);
  });
}
