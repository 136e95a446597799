import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fromSamples } from "../audio/pcm.js";
import { SeededRandom } from "../audio/seeded-random.js";
import { encodeWav } from "../audio/wav.js";
import { backgroundNoise, multipleVoices } from "./background-noise.js";
import { NOISE_PRESET_RMS } from "./noise-presets.js";
import { staticNoise } from "./static-noise.js";
import { powerAt, rms, samplesOf, silenceBytes, toneBytes } from "./test-support/signals.js";

const directory = mkdtempSync(join(tmpdir(), "rehearse-effects-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("backgroundNoise", () => {
  it("adds the preset at the asked volume (positional or in options)", () => {
    for (const effect of [backgroundNoise("cafe", 0.5), backgroundNoise("cafe", { volume: 0.5 })]) {
      const level = rms(samplesOf(effect(silenceBytes(2))));
      expect(level).toBeGreaterThan(0.4 * NOISE_PRESET_RMS);
      expect(level).toBeLessThan(0.6 * NOISE_PRESET_RMS);
    }
    // three seconds hold the whole tile once, whatever the offset
    expect(rms(samplesOf(backgroundNoise("street")(silenceBytes(3)))) / NOISE_PRESET_RMS).toBeCloseTo(0.3, 2);
  });

  it("keeps the voice underneath: the tone's power is unchanged", () => {
    const input = toneBytes(1000, 1);
    const noisy = backgroundNoise("office", 0.3)(input);
    expect(powerAt(samplesOf(noisy), 1000) / powerAt(samplesOf(input), 1000)).toBeCloseTo(1, 1);
  });

  it("tiles given samples to the signal's length from an offset", () => {
    const noise = Int16Array.from({ length: 100 }, (_, index) => index * 10);
    const out = samplesOf(backgroundNoise(noise, 1)(silenceBytes(0.05)));
    expect(out.length).toBe(1200);
    for (let index = 100; index < out.length; index++) expect(out[index]).toBe(out[index - 100]);
    expect(new Set(out).size).toBe(100);
  });

  it("reads a WAV file at factory time, down-mixed and resampled to 24 kHz", () => {
    const path = join(directory, "hum.wav");
    const stereo = new Int16Array(16_000 * 2);
    for (let frame = 0; frame < 16_000; frame++) {
      const value = Math.round(8000 * Math.sin((2 * Math.PI * 200 * frame) / 16_000));
      stereo[2 * frame] = value;
      stereo[2 * frame + 1] = value;
    }
    writeFileSync(path, encodeWav(fromSamples(stereo), 16_000, 2));
    const out = samplesOf(backgroundNoise(path, 1)(silenceBytes(1)));
    expect(powerAt(out, 200)).toBeGreaterThan(0.9 * (8000 ** 2 / 4));
  });

  it("names the presets for an unknown name, and the cause for a file that is not WAV", () => {
    expect(() => backgroundNoise("beach")).toThrow(/"beach" is neither a preset \(cafe, street, office, airport, babble\)/);
    const path = join(directory, "notes.txt");
    writeFileSync(path, "not audio");
    expect(() => backgroundNoise(path)).toThrow(/could not read ".*notes\.txt" as a WAV file: not a WAV file/);
    expect(() => backgroundNoise(new Int16Array(0))).toThrow(RangeError);
    expect(() => backgroundNoise(42 as never)).toThrow(TypeError);
    expect(() => backgroundNoise("cafe", -1)).toThrow(/volume must be a number ≥ 0, got -1/);
  });

  it("starts the tiled noise where the generator says", () => {
    const effect = backgroundNoise("airport");
    const draw = (seed: string) => effect(silenceBytes(0.5), { random: new SeededRandom(seed) });
    expect(draw("a")).toEqual(draw("a"));
    expect(draw("a")).not.toEqual(draw("b"));
  });
});

describe("multipleVoices", () => {
  it("mixes in babble × 0.3 by default", () => {
    const level = rms(samplesOf(multipleVoices()(silenceBytes(3))));
    expect(level / NOISE_PRESET_RMS).toBeCloseTo(0.3, 1);
    expect(multipleVoices().effectOptions).toEqual({ source: "babble", volume: 0.3 });
  });
});

describe("staticNoise", () => {
  it("adds white noise with a standard deviation of intensity × full scale", () => {
    const level = rms(samplesOf(staticNoise(0.05)(silenceBytes(2))));
    expect(level / 32767).toBeCloseTo(0.05, 2);
    const spectrumFlat = samplesOf(staticNoise(0.05)(silenceBytes(2)));
    const low = powerAt(spectrumFlat, 500);
    const high = powerAt(spectrumFlat, 9000);
    expect(low / high).toBeGreaterThan(0.1);
    expect(low / high).toBeLessThan(10);
  });

  it("refuses a negative or non-numeric intensity", () => {
    expect(() => staticNoise(-0.1)).toThrow(RangeError);
    expect(() => staticNoise("loud" as never)).toThrow(/intensity must be a number ≥ 0, got the string "loud"/);
  });
});
