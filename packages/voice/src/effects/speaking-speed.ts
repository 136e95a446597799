import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { resample } from "../audio/resample.js";
import { defineEffect, type NamedEffectFn } from "./effect.js";
import { checkNumber } from "./parameters.js";
import { readSamples, writeSamples } from "./samples.js";

function stretched(effectName: string, factor: number): NamedEffectFn {
  // reading the samples as if recorded `factor` times faster: length / factor, linear interpolation
  return defineEffect(effectName, { factor }, (data) =>
    writeSamples(resample(readSamples(data), PCM16_SAMPLE_RATE * factor, PCM16_SAMPLE_RATE)),
  );
}

/**
 * A hurried speaker: the audio played `factor` times faster (default 1.3;
 * > 1), so it lasts length / factor. A plain linear resample: the pitch rises
 * with the speed, a trade-off kept for speed and simplicity.
 *
 * @example
 * const rushed = speakingFast(1.5);
 */
export function speakingFast(factor = 1.3): NamedEffectFn {
  return stretched(
    "speakingFast",
    checkNumber("speakingFast", "factor", factor, "> 1", (value) => value > 1),
  );
}

/**
 * A slow speaker: the audio played at `factor` of its speed (default 0.7;
 * between 0 and 1 exclusive), so it lasts length / factor; the pitch drops.
 *
 * @example
 * const drawling = speakingSlow(0.8);
 */
export function speakingSlow(factor = 0.7): NamedEffectFn {
  return stretched(
    "speakingSlow",
    checkNumber("speakingSlow", "factor", factor, "in (0, 1)", (value) => value > 0 && value < 1),
  );
}
