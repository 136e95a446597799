import { describe, expect, it } from "vitest";
import { biquad, filterInPlace } from "./biquad.js";
import { generateNoisePreset, NOISE_PRESET_RMS, NOISE_PRESETS, type NoisePreset, noisePreset } from "./noise-presets.js";
import { powerAt, rms } from "./test-support/signals.js";

const presets = Object.fromEntries(NOISE_PRESETS.map((name) => [name, noisePreset(name)])) as Record<NoisePreset, Int16Array>;

/** Share of a preset's energy below 200 Hz. */
const lowShare = (samples: Int16Array): number =>
  rms(filterInPlace(Float32Array.from(samples), [biquad("lowPass", 200, 0.7, 24_000)])) ** 2 / rms(samples) ** 2;

const correlation = (left: Int16Array, right: Int16Array): number => {
  let cross = 0;
  let leftEnergy = 0;
  let rightEnergy = 0;
  for (let index = 0; index < left.length; index++) {
    cross += (left[index] as number) * (right[index] as number);
    leftEnergy += (left[index] as number) ** 2;
    rightEnergy += (right[index] as number) ** 2;
  }
  return cross / Math.sqrt(leftEnergy * rightEnergy);
};

describe("noise presets", () => {
  it("are three seconds at 24 kHz, at the documented RMS, and generated the same every time", () => {
    for (const name of NOISE_PRESETS) {
      const samples = presets[name];
      expect(samples.length, name).toBe(72_000);
      expect(rms(samples) / NOISE_PRESET_RMS, name).toBeCloseTo(1, 2);
      expect(generateNoisePreset(name), name).toEqual(samples);
    }
  });

  it("are distinct from each other", () => {
    for (const [index, left] of NOISE_PRESETS.entries())
      for (const right of NOISE_PRESETS.slice(index + 1))
        expect(Math.abs(correlation(presets[left], presets[right])), `${left} vs ${right}`).toBeLessThan(0.2);
  });

  it("sound like their names: street rumbles, office hums at 60 Hz, voices sit in the speech band", () => {
    expect(lowShare(presets.street)).toBeGreaterThan(0.5);
    for (const voices of ["cafe", "babble"] as const) expect(lowShare(presets[voices]), voices).toBeLessThan(0.2);
    expect(powerAt(presets.office, 60)).toBeGreaterThan(3 * powerAt(presets.office, 45));
  });

  it("loop without a click: the seam jumps no more than neighbouring samples usually do", () => {
    for (const name of NOISE_PRESETS) {
      const samples = presets[name];
      let steps = 0;
      for (let index = 1; index < samples.length; index++)
        steps += Math.abs((samples[index] as number) - (samples[index - 1] as number));
      const seam = Math.abs((samples[0] as number) - (samples[samples.length - 1] as number));
      expect(seam, name).toBeLessThan((4 * steps) / samples.length);
    }
  });

  it("hands out copies, and names the presets for an unknown one", () => {
    noisePreset("cafe").fill(0);
    expect(noisePreset("cafe")).toEqual(presets.cafe);
    expect(() => generateNoisePreset("beach" as NoisePreset)).toThrow(/unknown preset "beach"; the presets are cafe, street/);
  });
});
