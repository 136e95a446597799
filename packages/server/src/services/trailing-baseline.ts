/**
 * Robust z-scores over a series in time order (a set's batches): each point
 * against a trailing baseline of the points before it, and drift, the recent
 * points' median against the median of the points before them. Missing
 * values (`null`: a batch with no settled run, or no cost reported) are
 * skipped, never read as 0. Pure: no I/O.
 */
import { median, type RobustBaseline, robustBaseline, type ScaleFloor, scoreAgainst } from "./robust-score.js";

/** One point of a scored series. */
export interface SeriesPoint {
  value: number | null;
  /** The trailing baseline (the last `baseline` values before this point); null with fewer than `minimumBaseline`. */
  baseline: RobustBaseline | null;
  /** (value − baseline median) / baseline scale; null without a value or a baseline. */
  score: number | null;
  anomalous: boolean;
  direction: "above" | "below" | null;
}

export interface SeriesOptions {
  /** How many earlier values make a point's baseline. */
  baseline: number;
  /** Fewer earlier values than this: no baseline. */
  minimumBaseline: number;
  threshold: number;
  floor: ScaleFloor;
}

/** Scores every value of `values` (oldest first) against its trailing baseline. */
export function scoreSeries(values: ReadonlyArray<number | null>, options: SeriesOptions): SeriesPoint[] {
  const seen: number[] = [];
  return values.map((value) => {
    const history = seen.slice(-options.baseline);
    const baseline = history.length >= options.minimumBaseline ? (robustBaseline(history, options.floor) ?? null) : null;
    if (value !== null) seen.push(value);
    if (value === null || baseline === null) return { value, baseline, score: null, anomalous: false, direction: null };
    const { score, anomalous, direction } = scoreAgainst(value, baseline, options.threshold);
    return { value, baseline, score, anomalous, direction };
  });
}

/** Recent values against the ones before them. */
export interface Drift {
  recent: { count: number; median: number };
  previous: { count: number; median: number };
  /** recent − previous median. */
  change: number;
  /** change ÷ |previous median|; null when that median is 0. */
  relativeChange: number | null;
  /** change ÷ the previous values' robust scale (robust-score.ts). */
  score: number;
  drifted: boolean;
  direction: "above" | "below" | null;
}

export interface DriftOptions {
  /** At most this many recent values, compared with as many before them (fewer when the series is short). */
  window: number;
  /** Fewer values than this on either side: no drift. */
  minimumBaseline: number;
  threshold: number;
  floor: ScaleFloor;
}

/**
 * The median of the last k values (k = `window`, or half the values when
 * fewer) against the median of the k values before them, scored by the
 * earlier values' robust scale; `null` when k < `minimumBaseline`.
 */
export function drift(values: ReadonlyArray<number | null>, options: DriftOptions): Drift | null {
  const present = values.filter((value): value is number => value !== null);
  const count = Math.min(options.window, Math.floor(present.length / 2));
  if (count < options.minimumBaseline || count === 0) return null;
  const recent = present.slice(-count);
  const previous = present.slice(-2 * count, -count);
  const before = robustBaseline(previous, options.floor) as RobustBaseline;
  const recentMedian = median(recent) as number;
  const change = recentMedian - before.median;
  const score = change / before.scale;
  const drifted = Math.abs(score) > options.threshold;
  return {
    recent: { count, median: recentMedian },
    previous: { count, median: before.median },
    change,
    relativeChange: before.median === 0 ? null : change / Math.abs(before.median),
    score,
    drifted,
    direction: drifted ? (score > 0 ? "above" : "below") : null,
  };
}
