/**
 * The robust z-score (platform.md §3.10, decision 0039): how far a value is
 * from the median of its history, in robust standard deviations,
 * z = (x − median) / (1.4826 · MAD). Median and MAD rather than mean and σ
 * because run durations and costs are skewed and one slow run would inflate
 * σ enough to hide the next. Pure: no I/O, no clock.
 *
 * MAD is 0 whenever more than half of the history is one value (cassette
 * replays, mocked models, a pass rate that is always 100 %). Then the scale
 * falls back to the mean absolute deviation around the median × √(π/2) (both
 * estimate σ for normal data; the modified z-score's convention), and when
 * that is 0 too, to the floor. The floor applies always: the scale is never
 * below `relative` × |median| nor `absolute`, so a scenario whose runs all
 * take 2.000 s is not "anomalous" at 2.010 s, and a constant history still
 * gives finite scores.
 */

/** σ ≈ 1.4826 × MAD for normally distributed values. */
export const MAD_TO_SIGMA = 1.4826;
/** σ ≈ √(π/2) × the mean absolute deviation for normally distributed values. */
export const MEAN_DEVIATION_TO_SIGMA = Math.sqrt(Math.PI / 2);

/** The smallest scale a baseline may have: `relative` × |median|, and at least `absolute` (in the metric's unit). */
export interface ScaleFloor {
  absolute: number;
  relative: number;
}

/** Where a baseline's scale came from. */
export type ScaleBasis = "mad" | "mean_deviation" | "floor";

/** The centre and spread of a history. */
export interface RobustBaseline {
  /** Values in the history. */
  count: number;
  median: number;
  /** The median absolute deviation from the median (unscaled). */
  mad: number;
  /** The denominator of the z-score: 1.4826 · MAD, or a fallback (`basis`). */
  scale: number;
  basis: ScaleBasis;
}

/** A value scored against its history. */
export interface RobustScore extends RobustBaseline {
  observed: number;
  score: number;
  /** |score| > threshold. */
  anomalous: boolean;
  /** Which side of the median an anomalous value is on; null when it is not anomalous. */
  direction: "above" | "below" | null;
}

/** How to score. */
export interface ScoreOptions {
  /** |z| above this is an anomaly (default 3.5 in the callers). */
  threshold: number;
  /** Fewer history values than this: no score. */
  minimumHistory: number;
  floor: ScaleFloor;
}

/** The median (the mean of the middle two for an even count); `undefined` for no values. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The median, MAD and z-score scale of `values` (any order); `undefined` for none. */
export function robustBaseline(values: readonly number[], floor: ScaleFloor): RobustBaseline | undefined {
  const center = median(values);
  if (center === undefined) return undefined;
  const deviations = values.map((value) => Math.abs(value - center));
  const mad = median(deviations) as number;
  const minimum = Math.max(floor.absolute, floor.relative * Math.abs(center));
  let scale = MAD_TO_SIGMA * mad;
  let basis: ScaleBasis = "mad";
  if (mad === 0) {
    scale = (MEAN_DEVIATION_TO_SIGMA * deviations.reduce((sum, deviation) => sum + deviation, 0)) / values.length;
    basis = "mean_deviation";
  }
  if (scale < minimum) {
    scale = minimum;
    basis = "floor";
  }
  return { count: values.length, median: center, mad, scale, basis };
}

/** The baseline's z-score of `observed`: (observed − median) / scale. */
export function scoreAgainst(observed: number, baseline: RobustBaseline, threshold: number): RobustScore {
  const score = (observed - baseline.median) / baseline.scale;
  const anomalous = Math.abs(score) > threshold;
  return { ...baseline, observed, score, anomalous, direction: anomalous ? (score > 0 ? "above" : "below") : null };
}

/**
 * `observed` scored against `history` (the values before it, any order);
 * `undefined` when the history has fewer than `minimumHistory` values.
 */
export function robustScore(observed: number, history: readonly number[], options: ScoreOptions): RobustScore | undefined {
  if (history.length < options.minimumHistory) return undefined;
  const baseline = robustBaseline(history, options.floor);
  return baseline && scoreAgainst(observed, baseline, options.threshold);
}
