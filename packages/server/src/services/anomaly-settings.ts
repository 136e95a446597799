/**
 * What anomaly detection and the anomaly reads assume (platform.md §3.10,
 * decision 0039): the last 30 finished runs of a scenario, at least 10, a
 * robust |z| above 3.5; per batch, the 10 batches before, at least 5. The
 * floors keep the scale of a history that barely varies from turning noise
 * into anomalies (robust-score.ts): at least 5 % of the median, and at least
 * one unit of the metric's resolution.
 */
import type { ScaleFloor } from "./robust-score.js";

/** What is scored per finished run (stored in `anomalies.metric`). */
export const runMetrics = ["duration", "cost"] as const;
export type RunMetric = (typeof runMetrics)[number];

/** What is scored per batch of a set. */
export const seriesMetrics = ["duration_p95", "pass_rate", "cost"] as const;
export type SeriesMetric = (typeof seriesMetrics)[number];

/** Detection settings; every field has a default. */
export interface AnomalySettings {
  /** A run is scored against its scenario's last `window` finished runs before it. */
  window: number;
  /** Fewer runs than this before it: not scored. */
  minimumHistory: number;
  /** |z| above this is an anomaly. */
  threshold: number;
  /** The smallest scale per run metric (duration in ms, cost in USD). */
  floors: Record<RunMetric, ScaleFloor>;
}

export const ANOMALY_DEFAULTS: AnomalySettings = {
  window: 30,
  minimumHistory: 10,
  threshold: 3.5,
  floors: {
    // durations are whole milliseconds
    duration: { absolute: 1, relative: 0.05 },
    // costs are stored to 6 decimals
    cost: { absolute: 0.000_001, relative: 0.05 },
  },
};

/** The per-batch defaults: the trailing baseline and the drift comparison. */
export const SERIES_DEFAULTS = {
  /** Batches returned. */
  window: 30,
  /** Earlier batches in a point's baseline, and in each half of the drift comparison. */
  baseline: 10,
  /** Fewer earlier batches (with a value) than this: no baseline. */
  minimumBaseline: 5,
  threshold: 3.5,
  floors: {
    duration_p95: { absolute: 1, relative: 0.05 },
    // a pass rate is a share: one point in a hundred
    pass_rate: { absolute: 0.01, relative: 0.05 },
    cost: { absolute: 0.000_001, relative: 0.05 },
  } satisfies Record<SeriesMetric, ScaleFloor>,
} as const;

/** Bounds of the reads' query parameters (and of their responses). */
export const ANOMALY_LIMITS = {
  /** Runs per scenario in a latency read's window. */
  minimumWindow: 10,
  maximumWindow: 200,
  /** Stored anomalies per response. */
  maximumAnomalies: 500,
  /** Scenarios whose median/MAD a latency read recomputes (most recently seen first). */
  scenarios: 200,
  /** Batches of a series. */
  maximumBatches: 200,
  maximumBaseline: 50,
} as const;
