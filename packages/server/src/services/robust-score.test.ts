import { describe, expect, it } from "vitest";
import { MAD_TO_SIGMA, MEAN_DEVIATION_TO_SIGMA, median, robustBaseline, robustScore } from "./robust-score.js";

const options = { threshold: 3.5, minimumHistory: 10, floor: { absolute: 1, relative: 0.05 } };

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeUndefined();
  });
});

describe("robustBaseline", () => {
  it("scales the median absolute deviation by 1.4826", () => {
    // sorted 9 10 10 10 11 11 11 12 12 13: median 11; deviations 0 0 0 1 1 1 1 1 2 2: MAD 1
    const baseline = robustBaseline([10, 12, 11, 13, 9, 10, 11, 12, 10, 11], options.floor);
    expect(baseline).toEqual({ count: 10, median: 11, mad: 1, scale: MAD_TO_SIGMA, basis: "mad" });
  });

  it("falls back to the mean absolute deviation × √(π/2) when more than half the values are the median", () => {
    // median 100; deviations 0 ×7, 10, 20, 30: MAD 0, mean deviation 6
    const baseline = robustBaseline([100, 100, 100, 100, 100, 100, 100, 110, 120, 130], options.floor);
    expect(baseline).toMatchObject({ median: 100, mad: 0, basis: "mean_deviation" });
    expect(baseline?.scale).toBeCloseTo(6 * 1.253314, 5);
    expect(MEAN_DEVIATION_TO_SIGMA).toBeCloseTo(1.253314, 6);
  });

  it("uses the floor (5 % of the median, at least the absolute floor) when the values barely vary", () => {
    expect(robustBaseline(Array(10).fill(200), options.floor)).toEqual({
      count: 10,
      median: 200,
      mad: 0,
      scale: 10,
      basis: "floor",
    });
    expect(robustBaseline(Array(10).fill(0), options.floor)).toMatchObject({ median: 0, scale: 1, basis: "floor" });
    // MAD 1 → 1.4826, but 5 % of 1000 is 50
    expect(robustBaseline([999, 1000, 1001, 1000, 999, 1001, 1000], options.floor)).toMatchObject({
      median: 1000,
      mad: 1,
      scale: 50,
      basis: "floor",
    });
  });

  it("has no baseline without values", () => {
    expect(robustBaseline([], options.floor)).toBeUndefined();
  });
});

describe("robustScore", () => {
  const history = [10, 12, 11, 13, 9, 10, 11, 12, 10, 11];

  it("flags a value more than 3.5 robust deviations above or below the median", () => {
    // (20 − 11) / 1.4826 = 6.0704
    const slow = robustScore(20, history, options);
    expect(slow?.score).toBeCloseTo(6.0704, 4);
    expect(slow).toMatchObject({ observed: 20, median: 11, mad: 1, anomalous: true, direction: "above" });
    // (16 − 11) / 1.4826 = 3.3725: unusual, not anomalous
    expect(robustScore(16, history, options)).toMatchObject({ anomalous: false, direction: null });
    expect(robustScore(16, history, options)?.score).toBeCloseTo(3.3725, 4);
    // (5 − 11) / 1.4826 = −4.0470
    const fast = robustScore(5, history, options);
    expect(fast?.score).toBeCloseTo(-4.047, 3);
    expect(fast).toMatchObject({ anomalous: true, direction: "below" });
  });

  it("scores against the fallbacks when MAD is 0", () => {
    const mostlyHundred = [100, 100, 100, 100, 100, 100, 100, 110, 120, 130];
    // 30 / (6 × 1.253314) = 3.9894; 20 / 7.5199 = 2.6596
    expect(robustScore(130, mostlyHundred, options)?.score).toBeCloseTo(3.9894, 3);
    expect(robustScore(130, mostlyHundred, options)?.anomalous).toBe(true);
    expect(robustScore(120, mostlyHundred, options)?.anomalous).toBe(false);
    // a constant history: 50 / 10 = 5 flagged, 30 / 10 = 3 not, the median itself 0
    const constant = Array(10).fill(200);
    expect(robustScore(250, constant, options)).toMatchObject({ score: 5, anomalous: true });
    expect(robustScore(230, constant, options)).toMatchObject({ score: 3, anomalous: false });
    expect(robustScore(200, constant, options)).toMatchObject({ score: 0, anomalous: false });
  });

  it("honours the threshold given, and never flags exactly at it", () => {
    expect(robustScore(16, history, { ...options, threshold: 3 })?.anomalous).toBe(true);
    expect(robustScore(250, Array(10).fill(200), { ...options, threshold: 5 })?.anomalous).toBe(false);
  });

  it("scores nothing with less history than the minimum", () => {
    expect(robustScore(1_000, history.slice(0, 9), options)).toBeUndefined();
    expect(robustScore(1_000, history.slice(0, 9), { ...options, minimumHistory: 9 })?.anomalous).toBe(true);
  });
});
