/**
 * The anomaly reads: latency anomalies (the stored ones, flagged on ingest by
 * anomaly-detection.ts, and each scenario's median/MAD recomputed over the
 * window asked) and a set's per-batch series (p95 duration, pass rate or
 * cost) with each batch's trailing baseline, the flagged batches and the
 * drift of the recent batches. Each read is one tenant transaction of two
 * or three statements; every list is capped, so no response nears 1 MB.
 */
import { seriesByBatch, setExists } from "../store/analytics-queries.js";
import { scenarioWindows, storedAnomalies } from "../store/anomaly-queries.js";
import type { Database } from "../store/database.js";
import { ANOMALY_DEFAULTS, ANOMALY_LIMITS, type RunMetric, SERIES_DEFAULTS, type SeriesMetric } from "./anomaly-settings.js";
import { passRate } from "./history.js";
import { robustBaseline, robustScore } from "./robust-score.js";
import type { TenantScope } from "./tenant-scope.js";
import { drift, scoreSeries } from "./trailing-baseline.js";

/** What a latency read asks. */
export interface LatencyQuery {
  setId?: string;
  scenarioId?: string;
  metric: RunMetric;
  /** Runs per scenario for the recomputed median/MAD. */
  window: number;
  threshold: number;
  limit: number;
}

/** What a series read asks. */
export interface SeriesQuery {
  setId: string;
  metric: SeriesMetric;
  /** Batches returned (the newest). */
  window: number;
  /** Earlier batches in each batch's baseline. */
  baseline: number;
  threshold: number;
}

const iso = (date: Date | null) => (date === null ? null : new Date(date).toISOString());
const number = (value: number | string | null) => (value === null ? null : Number(value));

export class AnomalyAnalytics {
  constructor(private readonly database: Database) {}

  /** Stored anomalies and per-scenario baselines; a string names what does not exist (404). */
  async latency(scope: TenantScope, query: LatencyQuery) {
    const { tenantId } = scope;
    const read = await this.database.forTenant(tenantId, async (executor) => {
      if (query.setId !== undefined && !(await setExists(executor, tenantId, query.setId))) return `no set ${query.setId}`;
      const anomalies = await storedAnomalies(executor, tenantId, { ...query, limit: query.limit });
      // one run more than the window: the newest is scored against the `window` before it
      const windows = await scenarioWindows(executor, tenantId, query, query.window + 1, ANOMALY_LIMITS.scenarios);
      if (query.scenarioId !== undefined && windows.length === 0) return `no scenario ${query.scenarioId}`;
      return { anomalies, windows };
    });
    if (typeof read === "string") return read;
    const floor = ANOMALY_DEFAULTS.floors.duration;
    const scenarios = read.windows.map((row) => {
      const measured = row.durations.slice(0, query.window).filter((value): value is number => value !== null);
      const baseline = robustBaseline(measured, floor) ?? null;
      const newest = row.durations[0];
      const before = row.durations.slice(1).filter((value): value is number => value !== null);
      const scored =
        newest === undefined || newest === null
          ? undefined
          : robustScore(newest, before, { threshold: query.threshold, minimumHistory: ANOMALY_DEFAULTS.minimumHistory, floor });
      return {
        scenarioId: row.scenario_id,
        name: row.name,
        runs: row.run_ids.slice(0, query.window).length,
        baseline,
        latest:
          row.run_ids[0] === undefined
            ? null
            : {
                runId: row.run_ids[0],
                durationMs: newest ?? null,
                score: scored?.score ?? null,
                anomalous: scored?.anomalous ?? false,
              },
      };
    });
    const totalAnomalies = read.anomalies[0]?.total ?? 0;
    const totalScenarios = read.windows[0]?.total ?? 0;
    return {
      metric: query.metric,
      window: query.window,
      threshold: query.threshold,
      anomalies: read.anomalies.map((row) => ({
        id: row.id,
        runId: row.run_id,
        batchId: row.batch_id,
        setId: row.set_id,
        scenarioId: row.scenario_id,
        name: row.name,
        metric: row.metric as RunMetric,
        observed: row.observed,
        median: row.median,
        mad: row.mad,
        score: row.score,
        direction: row.score > 0 ? ("above" as const) : ("below" as const),
        runStartedAt: iso(row.started_at),
        detectedAt: iso(row.detected_at) as string,
        acknowledgedAt: iso(row.acknowledged_at),
      })),
      totalAnomalies,
      anomaliesTruncated: read.anomalies.length < totalAnomalies,
      scenarios,
      totalScenarios,
      scenariosTruncated: scenarios.length < totalScenarios,
    };
  }

  /** A set's per-batch series with baselines and drift; `undefined` for an unknown set. */
  async series(scope: TenantScope, query: SeriesQuery) {
    const { tenantId } = scope;
    const rows = await this.database.forTenant(tenantId, async (executor) => {
      // the earlier batches too, so the oldest batch shown has its baseline
      const found = await seriesByBatch(executor, tenantId, query.setId, query.window + query.baseline);
      if (found.length === 0 && !(await setExists(executor, tenantId, query.setId))) return undefined;
      return found;
    });
    if (rows === undefined) return undefined;
    const values = rows.map((row) =>
      query.metric === "duration_p95"
        ? number(row.duration_p95_ms)
        : query.metric === "pass_rate"
          ? passRate(row)
          : number(row.cost_usd),
    );
    const floor = SERIES_DEFAULTS.floors[query.metric];
    const options = { minimumBaseline: SERIES_DEFAULTS.minimumBaseline, threshold: query.threshold, floor };
    const scored = scoreSeries(values, { ...options, baseline: query.baseline });
    const shown = Math.max(0, rows.length - query.window);
    const points = rows.slice(shown).map((row, index) => {
      const point = scored[shown + index] as (typeof scored)[number];
      return { batchId: row.batch_id, startedAt: iso(row.started_at) as string, runs: row.runs, ...point };
    });
    return {
      setId: query.setId,
      metric: query.metric,
      threshold: query.threshold,
      baseline: query.baseline,
      points,
      drift: drift(
        points.map((point) => point.value),
        { ...options, window: query.baseline },
      ),
    };
  }
}
