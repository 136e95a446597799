import { describe, expect, it } from "vitest";
import { fromSamples } from "../audio/pcm.js";
import { echo } from "./echo.js";
import { lowQuality } from "./low-quality.js";
import { phoneQuality } from "./phone-quality.js";
import { robotic } from "./robotic.js";
import { speakingFast, speakingSlow } from "./speaking-speed.js";
import { constantBytes, peak, powerAt, samplesOf, silenceBytes, toneBytes } from "./test-support/signals.js";
import { highVolume, lowVolume } from "./volume.js";

/** How much of a tone's power an effect keeps, measured after the first 0.1 s (filter start-up). */
const kept = (effect: (data: Uint8Array) => Uint8Array, frequency: number): number =>
  powerAt(samplesOf(effect(toneBytes(frequency, 1, 4000)), 0.1), frequency) /
  powerAt(samplesOf(toneBytes(frequency, 1, 4000), 0.1), frequency);

describe("phoneQuality", () => {
  it("keeps the voice band and removes what is below 300 Hz and above 3.4 kHz", () => {
    const voice = kept(phoneQuality(), 1000);
    expect(voice).toBeGreaterThan(0.7);
    expect(kept(phoneQuality(), 100) / voice).toBeLessThan(0.01);
    expect(kept(phoneQuality(), 7000) / voice).toBeLessThan(0.01);
  });

  it("compresses: a loud tone gains less than a quiet one", () => {
    const gain = (amplitude: number) => peak(samplesOf(phoneQuality()(toneBytes(1000, 0.5, amplitude)), 0.1)) / amplitude;
    expect(gain(30_000)).toBeLessThan(gain(1000));
    expect(gain(30_000)).toBeLessThan(1.1);
  });
});

describe("lowQuality", () => {
  it("aliases: a 6 kHz tone decimated to 8 kHz comes back with energy at 2 kHz", () => {
    const out = samplesOf(lowQuality(8000)(toneBytes(6000)));
    expect(powerAt(out, 2000)).toBeGreaterThan(100 * powerAt(samplesOf(toneBytes(6000)), 2000));
    expect(out.length).toBe(24_000);
  });

  it("is a no-op at 24 kHz and refuses a rate that is not positive", () => {
    const input = toneBytes(6000, 0.1);
    expect(lowQuality(24_000)(input)).toEqual(input);
    expect(() => lowQuality(0)).toThrow(/bitrate must be a number > 0/);
  });
});

describe("echo", () => {
  it("puts a copy × decay at the delay", () => {
    const impulse = new Int16Array(24_000);
    impulse[10] = 10_000;
    const out = samplesOf(echo(200, 0.5)(fromSamples(impulse)));
    expect(out[10]).toBe(10_000);
    expect(out[10 + 4800]).toBe(5000);
    expect(out.filter((value) => value !== 0).length).toBe(2);
  });

  it("is a no-op when the delay is as long as the signal; refuses a negative delay", () => {
    const input = toneBytes(440, 0.1);
    expect(echo(100)(input)).toBe(input);
    expect(() => echo(-5)).toThrow(RangeError);
  });
});

describe("robotic", () => {
  it("ring-modulates with 100 Hz: a steady level becomes a 100 Hz tone", () => {
    const out = samplesOf(robotic()(constantBytes(1, 8000)));
    expect(powerAt(out, 100)).toBeGreaterThan(0.2 * 8000 ** 2);
    expect(peak(out)).toBe(8000);
  });
});

describe("volume", () => {
  it("lowVolume halves the peak; highVolume raises it and clips at int16", () => {
    expect(peak(samplesOf(lowVolume()(toneBytes(440, 0.1, 8000))))).toBe(4000);
    expect(peak(samplesOf(highVolume(2)(toneBytes(440, 0.1, 8000))))).toBe(16_000);
    const clipped = samplesOf(highVolume(10)(toneBytes(440, 0.1, 8000)));
    expect([Math.max(...clipped), Math.min(...clipped)]).toEqual([32_767, -32_768]);
  });

  it("refuses factors outside their range", () => {
    expect(() => lowVolume(0)).toThrow(/lowVolume: factor must be a number > 0, got 0/);
    expect(() => highVolume(0.5)).toThrow(/highVolume: factor must be a number ≥ 1, got 0.5/);
    expect(() => lowVolume(Number.NaN)).toThrow(TypeError);
  });
});

describe("speaking speed", () => {
  it("speakingFast shortens by the factor and speakingSlow lengthens, raising and lowering the pitch", () => {
    const fast = samplesOf(speakingFast(1.5)(toneBytes(400, 1)));
    expect(fast.length).toBe(16_000);
    expect(powerAt(fast, 600)).toBeGreaterThan(100 * powerAt(fast, 400));
    expect(samplesOf(speakingSlow(0.5)(toneBytes(400, 1))).length).toBe(48_000);
    expect(samplesOf(speakingFast()(silenceBytes(1.3))).length).toBe(24_000);
  });

  it("refuses a factor on the wrong side of 1", () => {
    expect(() => speakingFast(1)).toThrow(/speakingFast: factor must be a number > 1, got 1/);
    expect(() => speakingSlow(1.2)).toThrow(/speakingSlow: factor must be a number in \(0, 1\), got 1.2/);
    expect(() => speakingSlow(0)).toThrow(RangeError);
  });
});
