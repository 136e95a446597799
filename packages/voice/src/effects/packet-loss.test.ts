import { describe, expect, it } from "vitest";
import { SeededRandom } from "../audio/seeded-random.js";
import { breakingUp, packetLoss } from "./packet-loss.js";
import { constantBytes, samplesOf, zeroWindows } from "./test-support/signals.js";

describe("packetLoss", () => {
  it("zeroes about the asked share of 20 ms windows over a long signal", () => {
    const out = samplesOf(packetLoss(0.1)(constantBytes(60), { random: new SeededRandom("loss") }));
    const share = zeroWindows(out, 480).length / 3000;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    // whole windows or nothing: every sample is either the input's or zero
    expect(out.every((value) => value === 1000 || value === 0)).toBe(true);
  });

  it("honours the window length, and the extremes 0 and 1", () => {
    const out = samplesOf(packetLoss(0.5, 50)(constantBytes(10)));
    const zeroedIn50 = zeroWindows(out, 1200).length;
    expect(zeroWindows(out, 480).length).toBeGreaterThanOrEqual(2 * zeroedIn50);
    expect(zeroedIn50 / 200).toBeGreaterThan(0.35);
    expect(samplesOf(packetLoss(0)(constantBytes(1))).every((value) => value === 1000)).toBe(true);
    expect(samplesOf(packetLoss(1)(constantBytes(1))).every((value) => value === 0)).toBe(true);
  });

  it("refuses a probability outside [0, 1] and a window that is not positive", () => {
    expect(() => packetLoss(1.5)).toThrow(/packetLoss: probability must be a number in \[0, 1\], got 1.5/);
    expect(() => packetLoss(-0.1)).toThrow(RangeError);
    expect(() => packetLoss(0.1, 0)).toThrow(/chunkMs must be a number > 0/);
  });

  it("does not change its input", () => {
    const input = constantBytes(1);
    packetLoss(1)(input);
    expect(samplesOf(input).every((value) => value === 1000)).toBe(true);
  });
});

describe("breakingUp", () => {
  it("drops 100 ms windows with probability 0.2", () => {
    const out = samplesOf(breakingUp()(constantBytes(100)));
    const share = zeroWindows(out, 2400).length / 1000;
    expect(share).toBeGreaterThan(0.16);
    expect(share).toBeLessThan(0.24);
  });
});
