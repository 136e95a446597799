import { describe, expect, it } from "vitest";
import { normalQuantile, wilsonLowerBound } from "./wilson.js";

describe("normalQuantile", () => {
  it("matches the standard normal table in the centre and both tails", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853627, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
    expect(normalQuantile(0.99995)).toBeCloseTo(3.890591886, 7);
  });

  it("refuses probabilities outside (0, 1)", () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe("wilsonLowerBound", () => {
  it("does not let 3 passes of 3 clear 0.95", () => {
    const bound = wilsonLowerBound(3, 3) as number;
    expect(bound).toBeCloseTo(0.4385, 4);
    expect(bound).toBeLessThan(0.95);
  });

  it("clears 0.95 with every run passing only from 73 runs on (n ÷ (n + z²) ≥ 0.95)", () => {
    expect(wilsonLowerBound(72, 72) as number).toBeLessThan(0.95);
    expect(wilsonLowerBound(73, 73) as number).toBeGreaterThanOrEqual(0.95);
    expect(wilsonLowerBound(60, 60) as number).toBeCloseTo(60 / (60 + 1.959963985 ** 2), 8);
  });

  it("matches a worked value: 81 of 263 at 95 %", () => {
    // p̂ = 0.308; the Wilson interval is about [0.255, 0.366]
    expect(wilsonLowerBound(81, 263) as number).toBeCloseTo(0.2553, 3);
  });

  it("narrows at lower confidence and widens at higher", () => {
    const at90 = wilsonLowerBound(18, 20, 0.9) as number;
    const at95 = wilsonLowerBound(18, 20, 0.95) as number;
    const at99 = wilsonLowerBound(18, 20, 0.99) as number;
    expect(at90).toBeGreaterThan(at95);
    expect(at95).toBeGreaterThan(at99);
  });

  it("is 0 for no passes, null for no trials, and refuses impossible counts", () => {
    expect(wilsonLowerBound(0, 10)).toBe(0);
    expect(wilsonLowerBound(0, 0)).toBeNull();
    expect(() => wilsonLowerBound(4, 3)).toThrow(RangeError);
    expect(() => wilsonLowerBound(1.5, 3)).toThrow(RangeError);
  });
});
