import { defineEffect, type NamedEffectFn } from "./effect.js";
import { checkNumber } from "./parameters.js";
import { clampSample, readSamples, writeSamples } from "./samples.js";

function scaled(effectName: string, factor: number): NamedEffectFn {
  return defineEffect(effectName, { factor }, (data) => {
    const samples = readSamples(data);
    for (let index = 0; index < samples.length; index++) {
      const value = factor * (samples[index] as number);
      samples[index] = clampSample(value);
    }
    return writeSamples(samples);
  });
}

/**
 * A quiet or distant speaker: amplitude × `factor` (default 0.5; > 0).
 *
 * @example
 * const mumbling = lowVolume(0.3);
 */
export function lowVolume(factor = 0.5): NamedEffectFn {
  return scaled(
    "lowVolume",
    checkNumber("lowVolume", "factor", factor, "> 0", (value) => value > 0),
  );
}

/**
 * A speaker too close to the microphone: amplitude × `factor` (default 1.5;
 * ≥ 1), clipped to int16, so loud parts distort as they would.
 *
 * @example
 * const shouting = highVolume(2);
 */
export function highVolume(factor = 1.5): NamedEffectFn {
  return scaled(
    "highVolume",
    checkNumber("highVolume", "factor", factor, "≥ 1", (value) => value >= 1),
  );
}
