/**
 * What the set page's anomaly panel shows, from the anomaly reads: the
 * stored latency anomalies as table rows, the p95 series as chart lines
 * (value, the trailing baseline's median, the flagged points alone) and the
 * drift in one sentence. Pure, so it is tested without a browser.
 */
import type { Schemas } from "../../api/client";
import { dateTime, duration, percent, shortId } from "../../components/format";

type Anomaly = Schemas["LatencyAnomalies"]["anomalies"][number];
type Series = Schemas["AnomalySeries"];

/** A robust z-score as it reads: signed, one decimal (a real minus sign). */
export function zText(score: number | null | undefined): string {
  if (score === null || score === undefined) return "—";
  const fixed = Math.abs(score).toFixed(1);
  if (fixed === "0.0") return fixed;
  return score > 0 ? `+${fixed}` : `−${fixed}`;
}

/** One row of the anomalies table. */
export interface AnomalyRow {
  id: string;
  runId: string;
  /** The run's start (its link text), or its short id when the run is gone. */
  runLabel: string;
  batchId: string;
  scenario: string;
  scenarioId: string;
  observed: string;
  median: string;
  /** observed ÷ median, when the median is not 0. */
  ratio: string;
  score: string;
  direction: "above" | "below";
}

export function anomalyRows(anomalies: readonly Anomaly[]): AnomalyRow[] {
  return anomalies.map((anomaly) => {
    const ratio = anomaly.median === 0 ? null : anomaly.observed / anomaly.median;
    return {
      id: anomaly.id,
      runId: anomaly.runId,
      runLabel: anomaly.runStartedAt ? dateTime(anomaly.runStartedAt) : shortId(anomaly.runId),
      batchId: anomaly.batchId,
      scenario: anomaly.name ?? anomaly.scenarioId,
      scenarioId: anomaly.scenarioId,
      observed: duration(anomaly.observed),
      median: duration(anomaly.median),
      ratio: ratio === null ? "—" : `${ratio.toPrecision(2)}× the median`,
      score: zText(anomaly.score),
      direction: anomaly.direction,
    };
  });
}

/** The lines of the p95 chart, one value per batch (oldest first). */
export interface SeriesChart {
  labels: string[];
  values: Array<number | null>;
  /** Each batch's trailing baseline median (null before there is one). */
  baseline: Array<number | null>;
  /** The value at flagged batches only: drawn as points. */
  flagged: Array<number | null>;
  flaggedBatches: Array<{ batchId: string; label: string; score: string }>;
}

export function seriesChart(series: Series): SeriesChart {
  const labels = series.points.map((point, index) => `${index + 1} · ${shortId(point.batchId)}`);
  return {
    labels,
    values: series.points.map((point) => point.value),
    baseline: series.points.map((point) => point.baseline?.median ?? null),
    flagged: series.points.map((point) => (point.anomalous ? point.value : null)),
    flaggedBatches: series.points.flatMap((point, index) =>
      point.anomalous ? [{ batchId: point.batchId, label: labels[index] as string, score: zText(point.score) }] : [],
    ),
  };
}

/** The drift of the p95 in words; null when the series is too short to say. */
export function driftSummary(drift: Series["drift"]): string | null {
  if (!drift) return null;
  const change =
    drift.change === 0
      ? "unchanged"
      : `${drift.change > 0 ? "up" : "down"} ${drift.relativeChange === null ? duration(Math.abs(drift.change)) : percent(Math.abs(drift.relativeChange))}`;
  return (
    `Last ${drift.recent.count} batches: median p95 ${duration(drift.recent.median)}, ${change} from ` +
    `${duration(drift.previous.median)} in the ${drift.previous.count} before (robust z ${zText(drift.score)}).`
  );
}
