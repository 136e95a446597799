import { describe, expect, it } from "vitest";
import { MAD_TO_SIGMA } from "./robust-score.js";
import { drift, scoreSeries } from "./trailing-baseline.js";

const floor = { absolute: 0.01, relative: 0.05 };
const options = { baseline: 5, minimumBaseline: 3, threshold: 3.5, floor };

describe("scoreSeries", () => {
  it("scores each point against the points before it, skipping gaps, and flags the outlier", () => {
    const points = scoreSeries([10, 10, 11, 9, 10, 10, 30, 10, null, 10], options);
    // fewer than 3 values before: no baseline
    expect(points.slice(0, 3).map((point) => point.baseline)).toEqual([null, null, null]);
    expect(points.slice(0, 3).map((point) => point.score)).toEqual([null, null, null]);
    // [10 10 11]: median 10, MAD 0, mean deviation 1/3 × 1.2533 = 0.418 < the floor 0.5 (5 % of 10)
    expect(points[3]?.baseline).toMatchObject({ count: 3, median: 10, mad: 0, scale: 0.5, basis: "floor" });
    expect(points[3]?.score).toBeCloseTo(-2, 10);
    // [10 10 11 9]: deviations 0 0 1 1 → MAD 0.5 → 0.7413
    expect(points[4]?.baseline).toMatchObject({ median: 10, mad: 0.5, basis: "mad" });
    expect(points[4]?.baseline?.scale).toBeCloseTo(0.5 * MAD_TO_SIGMA, 10);
    // 30 against the last five [10 11 9 10 10]: MAD 0, mean deviation 0.4 × 1.2533 = 0.5013; z = 20 / 0.5013
    expect(points[6]).toMatchObject({ value: 30, anomalous: true, direction: "above" });
    expect(points[6]?.score).toBeCloseTo(39.894, 2);
    // the outlier enters the next baseline without moving its median: [11 9 10 10 30] → median 10, MAD 1
    expect(points[7]?.baseline).toMatchObject({ median: 10, mad: 1, basis: "mad" });
    expect(points[7]).toMatchObject({ score: 0, anomalous: false });
    // a missing value has a baseline but no score
    expect(points[8]).toMatchObject({ value: null, score: null, anomalous: false });
    expect(points[8]?.baseline?.median).toBe(10);
    // after the gap: the last five values, [9 10 10 30 10]
    expect(points[9]?.baseline).toMatchObject({ count: 5, median: 10, mad: 0, basis: "mean_deviation" });
    expect(points.filter((point) => point.anomalous)).toHaveLength(1);
  });
});

describe("drift", () => {
  it("compares the median of the recent points with the median of the ones before", () => {
    const passRates = [1, 1, 1, 1, 1, 0.8, 0.8, 0.7, 0.8, 0.8];
    const result = drift(passRates, { window: 5, minimumBaseline: 3, threshold: 3.5, floor });
    expect(result).toMatchObject({ recent: { count: 5, median: 0.8 }, previous: { count: 5, median: 1 } });
    expect(result?.change).toBeCloseTo(-0.2, 10);
    expect(result?.relativeChange).toBeCloseTo(-0.2, 10);
    // the previous five are constant: the floor, 5 % of 1; −0.2 / 0.05 = −4
    expect(result?.score).toBeCloseTo(-4, 10);
    expect(result).toMatchObject({ drifted: true, direction: "below" });
  });

  it("splits a short series in halves and needs the minimum on both sides", () => {
    // 7 values, window 5: 3 recent, the 3 before them, the oldest unused
    const result = drift([100, 10, 10, 10, 11, 11, 12], { window: 5, minimumBaseline: 3, threshold: 3.5, floor });
    expect(result).toMatchObject({ recent: { count: 3, median: 11 }, previous: { count: 3, median: 10 } });
    expect(result?.drifted).toBe(false);
    expect(drift([1, 2, 3, 4, 5], { window: 5, minimumBaseline: 3, threshold: 3.5, floor })).toBeNull();
    // gaps do not count
    expect(drift([1, null, 2, null, 3, 4, null, 5], { window: 5, minimumBaseline: 3, threshold: 3.5, floor })).toBeNull();
  });

  it("has no relative change from a median of 0", () => {
    const result = drift([0, 0, 0, 1, 1, 1], { window: 3, minimumBaseline: 3, threshold: 3.5, floor });
    expect(result).toMatchObject({ change: 1, relativeChange: null, drifted: true });
    // the floor is the absolute one, 0.01: 1 / 0.01
    expect(result?.score).toBeCloseTo(100, 10);
  });
});
