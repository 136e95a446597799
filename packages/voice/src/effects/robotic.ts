import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { defineEffect, type NamedEffectFn } from "./effect.js";
import { clampSample, readSamples, writeSamples } from "./samples.js";

const CARRIER_HZ = 100;

/** One period of the 100 Hz carrier (240 samples at 24 kHz), computed once. */
const CARRIER = Float32Array.from({ length: PCM16_SAMPLE_RATE / CARRIER_HZ }, (_, index) =>
  Math.sin((2 * Math.PI * CARRIER_HZ * index) / PCM16_SAMPLE_RATE),
);

/**
 * A metallic, robot-like voice: ring modulation with a 100 Hz sine, which
 * shifts every component of the voice up and down by 100 Hz.
 *
 * @example
 * const dalek = robotic();
 */
export function robotic(): NamedEffectFn {
  return defineEffect("robotic", { carrierHz: CARRIER_HZ }, (data) => {
    const samples = readSamples(data);
    let phase = 0;
    for (let index = 0; index < samples.length; index++) {
      samples[index] = clampSample((samples[index] as number) * (CARRIER[phase] as number));
      phase = phase + 1 === CARRIER.length ? 0 : phase + 1;
    }
    return writeSamples(samples);
  });
}
