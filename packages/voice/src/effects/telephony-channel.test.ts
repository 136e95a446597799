import { describe, expect, it } from "vitest";
import { decodeMulawSample } from "../audio/mulaw.js";
import { fromSamples } from "../audio/pcm.js";
import { SeededRandom } from "../audio/seeded-random.js";
import { applyEffects } from "./effect.js";
import { phoneQuality } from "./phone-quality.js";
import { speakingFast } from "./speaking-speed.js";
import { telephonyChannel } from "./telephony-channel.js";
import { constantBytes, peak, rms, sameBytes, samplesOf, silenceBytes, toneBytes, toneSamples } from "./test-support/signals.js";

const MULAW_LEVELS = new Set(Array.from({ length: 256 }, (_, byte) => decodeMulawSample(byte)));
const FRAME = 480; // 20 ms at 24 kHz
const halfAwayFromZero = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));

/** Indices of 20 ms frames where `out` differs from `reference`. */
const changedFrames = (out: Int16Array, reference: Int16Array): number[] => {
  const changed: number[] = [];
  for (let start = 0; start < out.length; start += FRAME)
    if (out.subarray(start, start + FRAME).some((value, index) => value !== reference[start + index]))
      changed.push(start / FRAME);
  return changed;
};

describe("telephonyChannel", () => {
  it("keeps the input's length, for any sample count and settings", () => {
    for (const length of [1, 2, 3, 479, 24_001])
      for (const options of [{}, { codec: "none" as const, jitterMs: 30, packetLoss: 0.2 }, { jitterMs: 80, clipping: 0.3 }]) {
        const input = fromSamples(toneSamples(500, length / 24_000).slice(0, length));
        expect(telephonyChannel(options)(input).length).toBe(input.length);
      }
  });

  it("carries the voice through µ-law at 8 kHz: every third sample is a µ-law level, the error is small", () => {
    const input = samplesOf(toneBytes(440, 1, 8000));
    const out = samplesOf(telephonyChannel()(fromSamples(input)));
    for (let index = 0; index < out.length; index += 3) expect(MULAW_LEVELS.has(out[index] as number)).toBe(true);
    // the filters see only one side at the very ends: judge the interior
    const error = input.map((value, index) => (out[index] as number) - value).subarray(3, -3);
    expect(rms(error)).toBeLessThan(0.02 * rms(input));
    expect(peak(error)).toBeLessThan(300); // µ-law's step at ±8000 is 256
    expect(sameBytes(fromSamples(out), fromSamples(input))).toBe(false);
  });

  it("band-limits to the telephone band's top: a 6 kHz tone does not get through", () => {
    const out = samplesOf(telephonyChannel()(toneBytes(6000, 0.5, 8000)));
    expect(rms(out.subarray(100, -100))).toBeLessThan(0.02 * rms(samplesOf(toneBytes(6000, 0.5, 8000))));
  });

  it("without a codec or impairments is the identity", () => {
    const input = toneBytes(440, 0.3);
    expect(sameBytes(telephonyChannel({ codec: "none" })(input), input)).toBe(true);
  });

  it("loses about the asked share of frames and conceals each with the previous frame at half level", () => {
    const input = samplesOf(toneBytes(330, 30, 8000));
    const out = samplesOf(telephonyChannel({ codec: "none", packetLoss: 0.3 })(fromSamples(input)));
    const lost = changedFrames(out, input);
    expect(lost.length / 1500).toBeGreaterThan(0.26);
    expect(lost.length / 1500).toBeLessThan(0.34);
    const single = lost.find((frame) => frame > 0 && !lost.includes(frame - 1)) as number;
    for (let index = 0; index < FRAME; index++)
      expect(out[single * FRAME + index]).toBe(halfAwayFromZero(0.5 * (input[(single - 1) * FRAME + index] as number)));
    expect(peak(samplesOf(telephonyChannel({ codec: "none", packetLoss: 1 })(constantBytes(1))))).toBe(0);
  });

  it("jitter leaves short gaps where frames came late, and drops frames later than a frame", () => {
    const input = samplesOf(constantBytes(20, 1000));
    const out = samplesOf(telephonyChannel({ codec: "none", jitterMs: 60 })(fromSamples(input)));
    let gapped = 0;
    let concealed = 0;
    for (let start = 0; start < out.length; start += FRAME) {
      const frame = out.subarray(start, start + FRAME);
      if (frame[0] === 0 && frame[FRAME - 1] === 1000) gapped++;
      if (frame.every((value) => value !== 1000)) concealed++;
    }
    // buffer 30 ms, delays up to 60 ms: late by 0–20 ms a third of the time, by 20–30 ms a sixth
    expect(gapped / 1000).toBeGreaterThan(0.25);
    expect(concealed / 1000).toBeGreaterThan(0.1);
    expect(concealed / 1000).toBeLessThan(0.25);
  });

  it("clips: the top of the waveform goes flat at the input's peak", () => {
    const out = samplesOf(telephonyChannel({ codec: "none", clipping: 0.25 })(toneBytes(200, 1, 8000)));
    expect(peak(out)).toBe(8000);
    // a sine spends 46 % of its time above 3/4 of its peak
    expect(out.filter((value) => Math.abs(value) === 8000).length / out.length).toBeGreaterThan(0.4);
  });

  it("adds noise at the caller's end, and replays for a seed", () => {
    const channel = telephonyChannel({ noise: { preset: "street", volume: 0.5 }, packetLoss: 0.1, jitterMs: 40 });
    expect(rms(samplesOf(channel(silenceBytes(1))))).toBeGreaterThan(100);
    const run = (seed: string) => channel(toneBytes(440, 1), { random: new SeededRandom(seed) });
    expect(sameBytes(run("a"), run("a"))).toBe(true);
    expect(sameBytes(run("a"), run("b"))).toBe(false);
  });

  it("composes with the other effects", () => {
    const input = toneBytes(440, 1);
    const out = applyEffects(
      input,
      [speakingFast(1.25), phoneQuality(), telephonyChannel({ packetLoss: 0.05 })],
      new SeededRandom(1),
    );
    expect(out.length).toBe(38_400);
  });

  it("names what is wrong with its options", () => {
    expect(() => telephonyChannel({ codec: "gsm" as never })).toThrow(/codec must be one of mulaw, none, got the string "gsm"/);
    expect(() => telephonyChannel({ packetLoss: 2 })).toThrow(/packetLoss must be a number in \[0, 1\], got 2/);
    expect(() => telephonyChannel({ clipping: 1 })).toThrow(/clipping must be a number in \[0, 1\), got 1/);
    expect(() => telephonyChannel({ jitterMs: -1 })).toThrow(RangeError);
    expect(() => telephonyChannel({ noise: { preset: "moon" } })).toThrow(/"moon" is neither a preset/);
    expect(() => telephonyChannel({ noise: "cafe" as never })).toThrow(/noise must be an object \{ preset, volume\? \}/);
  });
});
