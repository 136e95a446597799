/**
 * Anomaly detection on ingest: after each committed flush, the runs it
 * finished (settled: pass, fail, error) are scored, duration and cost, against
 * their scenario's last N settled runs (robust z, robust-score.ts), and the
 * flagged ones are stored in `anomalies` (one per run and metric) and handed
 * to `notify` (`anomaly.detected`).
 *
 * Off the ingest path: `committed` only notes the run ids and returns; the
 * work runs after the flush, one round at a time, and the flushes that
 * commit meanwhile are taken together in the next round. A round is, per
 * tenant, one statement reading every run's history and one insert. A
 * failed round is logged and dropped: detection never fails an ingest.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { type AnomalyInsert, insertAnomalies, type RunHistoryRow, runHistories } from "../store/anomaly-queries.js";
import type { Database } from "../store/database.js";
import type { WriteResult } from "../store/event-writer.js";
import { ANOMALY_DEFAULTS, type AnomalySettings, type RunMetric, runMetrics } from "./anomaly-settings.js";
import type { Notify } from "./notification-event.js";
import { type RobustScore, robustScore } from "./robust-score.js";

/** What detection reports to (ServerMetrics has both). */
export interface AnomalyMetrics {
  anomalyScored(metric: RunMetric, score: number): void;
  anomalyDetected(metric: RunMetric): void;
}

export interface AnomalyDetectionOptions {
  /** Told about every stored anomaly; absent: nobody is. */
  notify?: Notify;
  metrics?: AnomalyMetrics;
  logger?: Pick<Logger, "warn" | "error">;
  settings?: Partial<AnomalySettings>;
  generateId?: () => string;
  now?: () => number;
  /** Finished runs waiting for a round at most; more are dropped and logged (default 50 000). */
  maxPending?: number;
}

/** Run ids per statement (the history read and the insert stay bounded). */
const CHUNK = 500;
/** The largest |score| the `anomalies.score` column (numeric(10, 3)) holds. */
const MAX_STORED_SCORE = 9_999_999.999;
/** The largest value `observed`, `median` and `mad` (numeric(16, 6)) hold. */
const MAX_STORED_VALUE = 9_999_999_999;

const observedOf: Record<RunMetric, (row: RunHistoryRow) => { value: number | null; history: number[] }> = {
  duration: (row) => ({ value: row.duration_ms, history: row.durations }),
  cost: (row) => ({ value: row.cost_usd, history: row.costs }),
};

const clamp = (value: number, bound: number) => Math.max(-bound, Math.min(bound, value));

export class AnomalyDetection {
  private pending = new Map<string, Set<string>>();
  private pendingRuns = 0;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly settings: AnomalySettings;
  private readonly generateId: () => string;
  private readonly now: () => number;

  constructor(
    private readonly database: Database,
    private readonly options: AnomalyDetectionOptions = {},
  ) {
    this.settings = { ...ANOMALY_DEFAULTS, ...options.settings };
    this.generateId = options.generateId ?? randomUUID;
    this.now = options.now ?? Date.now;
  }

  /** The commit listener: notes the runs `result` settled and returns at once. */
  committed(result: WriteResult): void {
    if (this.closed) return;
    let added = 0;
    for (const run of result.projection.runs) {
      if (run.state !== "finished" || (run.status !== "pass" && run.status !== "fail" && run.status !== "error")) continue;
      if (this.pendingRuns >= (this.options.maxPending ?? 50_000)) {
        this.options.logger?.warn({ runId: run.id }, "anomaly detection is behind: a finished run was not scored");
        continue;
      }
      const runs = this.pending.get(run.tenantId) ?? new Set<string>();
      this.pending.set(run.tenantId, runs);
      if (!runs.has(run.id)) {
        runs.add(run.id);
        this.pendingRuns++;
        added++;
      }
    }
    if (added > 0) this.start();
  }

  /** Resolves when every run noted so far has been scored (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Takes no more runs and waits for the round in progress. */
  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
  }

  private start(): void {
    if (this.running) return;
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.round())
      .finally(() => {
        this.running = undefined;
        if (this.pendingRuns > 0) this.start();
      });
  }

  /** Scores everything noted so far, tenant by tenant. */
  private async round(): Promise<void> {
    const work = this.pending;
    this.pending = new Map();
    this.pendingRuns = 0;
    for (const [tenantId, runs] of work) {
      const ids = [...runs];
      for (let start = 0; start < ids.length; start += CHUNK) {
        try {
          await this.detect(tenantId, ids.slice(start, start + CHUNK));
        } catch (error) {
          this.options.logger?.error({ err: error, tenantId, runs: ids.length }, "anomaly detection failed for a flush");
        }
      }
    }
  }

  /** Scores `runIds` of `tenantId`, stores what is anomalous, then notifies about the new ones. */
  private async detect(tenantId: string, runIds: string[]): Promise<void> {
    const detectedAt = this.now();
    const stored = await this.database.forTenant(tenantId, async (executor) => {
      const rows = await runHistories(executor, tenantId, runIds, this.settings.window);
      const flagged: Array<{ row: RunHistoryRow; insert: AnomalyInsert; scored: RobustScore }> = [];
      for (const row of rows) {
        for (const metric of runMetrics) {
          const { value, history } = observedOf[metric](row);
          if (value === null) continue;
          const scored = robustScore(value, history, { ...this.settings, floor: this.settings.floors[metric] });
          if (!scored) continue;
          this.options.metrics?.anomalyScored(metric, scored.score);
          if (!scored.anomalous) continue;
          flagged.push({ row, scored, insert: this.insertOf(row, metric, scored, detectedAt) });
        }
      }
      const inserted = await insertAnomalies(
        executor,
        tenantId,
        flagged.map((entry) => entry.insert),
      );
      const fresh = new Set(inserted.map((row) => `${row.run_id}\u0000${row.metric}`));
      return flagged.filter((entry) => fresh.has(`${entry.insert.runId}\u0000${entry.insert.metric}`));
    });
    for (const { row, insert, scored } of stored) {
      this.options.metrics?.anomalyDetected(insert.metric as RunMetric);
      await this.tell(tenantId, row, insert.metric as RunMetric, scored);
    }
  }

  private insertOf(row: RunHistoryRow, metric: RunMetric, scored: RobustScore, detectedAt: number): AnomalyInsert {
    return {
      id: this.generateId(),
      setId: row.set_id,
      scenarioId: row.scenario_id,
      batchId: row.batch_id,
      runId: row.run_id,
      metric,
      observed: clamp(scored.observed, MAX_STORED_VALUE),
      median: clamp(scored.median, MAX_STORED_VALUE),
      mad: clamp(scored.mad, MAX_STORED_VALUE),
      score: clamp(scored.score, MAX_STORED_SCORE),
      detectedAt,
    };
  }

  private async tell(tenantId: string, row: RunHistoryRow, metric: RunMetric, scored: RobustScore): Promise<void> {
    if (!this.options.notify) return;
    const what = metric === "duration" ? "slower" : "more expensive";
    const opposite = metric === "duration" ? "faster" : "cheaper";
    const title = `${row.name ?? row.scenario_id}: run ${scored.score > 0 ? what : opposite} than usual (robust z ${scored.score.toFixed(1)})`;
    try {
      await this.options.notify({
        tenantId,
        trigger: "anomaly.detected",
        dedupeKey: `anomaly.detected:${row.run_id}:${metric}`,
        title,
        path: `/runs/${encodeURIComponent(row.run_id)}`,
        details: {
          runId: row.run_id,
          batchId: row.batch_id,
          setId: row.set_id,
          scenarioId: row.scenario_id,
          metric,
          observed: scored.observed,
          median: scored.median,
          mad: scored.mad,
          scale: scored.scale,
          score: scored.score,
          direction: scored.direction,
          history: scored.count,
        },
      });
    } catch (error) {
      this.options.logger?.error({ err: error, runId: row.run_id, metric }, "the anomaly notification could not be queued");
    }
  }
}
