/**
 * The server's Prometheus metrics (prom-client, one registry per server, no
 * global default registry). Labels are low-cardinality only: never a run,
 * scenario, set or tenant id.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { WriteResult } from "../store/event-writer.js";

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly ingestEvents = new Counter({
    name: "rehearse_ingest_events_total",
    help: "Events received, by result",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });
  private readonly ingestBatchSize = new Histogram({
    name: "rehearse_ingest_batch_size",
    help: "Events per database write (micro-batch)",
    buckets: [1, 10, 50, 100, 200, 500, 1000, 2000],
    registers: [this.registry],
  });
  private readonly ingestDuration = new Histogram({
    name: "rehearse_ingest_duration_seconds",
    help: "Time to write one micro-batch",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly runsFinished = new Counter({
    name: "rehearse_runs_finished_total",
    help: "Runs that finished, by status",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });
  private readonly runDuration = new Histogram({
    name: "rehearse_run_duration_seconds",
    help: "Duration of finished runs as reported",
    labelNames: ["status"] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });
  readonly sseConnections = new Gauge({
    name: "rehearse_sse_connections",
    help: "Open live-stream connections",
    registers: [this.registry],
  });
  readonly sseEventsSent = new Counter({
    name: "rehearse_sse_events_sent_total",
    help: "Messages written to live-stream connections",
    registers: [this.registry],
  });

  private readonly auditVerifyFailures = new Counter({
    name: "rehearse_audit_verify_failures_total",
    help: "Audit chain verifications (on request or the daily self-check) that found tampering",
    registers: [this.registry],
  });
  private readonly auditVerifications = new Counter({
    name: "rehearse_audit_verifications_total",
    help: "Audit chain verifications run (on request or the daily self-check)",
    registers: [this.registry],
  });
  private readonly notifications = new Counter({
    name: "rehearse_notifications_total",
    help: "Notification delivery attempts, by channel kind (slack, webhook) and result: delivered, retry, failed (given up)",
    labelNames: ["kind", "result"] as const,
    registers: [this.registry],
  });
  private readonly guardDecisions = new Counter({
    name: "rehearse_guard_decisions_total",
    help: "Release-guard decisions (evaluations and promotion attempts), by decision: pass, fail, inconclusive",
    labelNames: ["decision"] as const,
    registers: [this.registry],
  });

  private readonly anomalyScores = new Histogram({
    name: "rehearse_anomaly_score",
    help: "Robust z-score of each finished run's duration or cost against its scenario's last runs (|z| > 3.5: an anomaly)",
    labelNames: ["metric"] as const,
    buckets: [-10, -5, -3.5, -2, -1, 0, 1, 2, 3.5, 5, 10, 20],
    registers: [this.registry],
  });
  private readonly anomaliesDetected = new Counter({
    name: "rehearse_anomalies_detected_total",
    help: "Anomalies stored (|robust z| above the threshold), by metric",
    labelNames: ["metric"] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean; countActiveRuns?: () => Promise<{ running: number; stalled: number }> } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const count = options.countActiveRuns;
    if (count) {
      // counted at scrape time from the runs table (the partial index on running runs keeps it cheap)
      new Gauge({
        name: "rehearse_runs_active",
        help: "Runs not finished, by state (stalled: no event for 2 minutes), counted when scraped",
        labelNames: ["state"] as const,
        registers: [this.registry],
        async collect() {
          const active = await count();
          this.set({ state: "running" }, active.running);
          this.set({ state: "stalled" }, active.stalled);
        },
      });
    }
  }

  /** One audit chain verified; `ok` false when it found tampering. */
  auditVerified(ok: boolean): void {
    this.auditVerifications.inc();
    if (!ok) this.auditVerifyFailures.inc();
  }

  /** A finished run's robust z-score (`metric`: duration or cost; never an id). */
  anomalyScored(metric: string, score: number): void {
    this.anomalyScores.observe({ metric }, score);
  }

  /** One anomaly stored. */
  anomalyDetected(metric: string): void {
    this.anomaliesDetected.inc({ metric });
  }

  /** One release-guard decision (`pass`, `fail` or `inconclusive`). */
  guardDecided(decision: string): void {
    this.guardDecisions.inc({ decision });
  }

  /** One notification delivery attempt to a channel of `kind` and what it came to. */
  notification(kind: string, result: "delivered" | "retry" | "failed"): void {
    this.notifications.inc({ kind, result });
  }

  /** Counts one ingest request's per-event results. */
  ingested(outcome: { accepted: number; duplicates: readonly string[]; rejected: readonly unknown[] }): void {
    if (outcome.accepted > 0) this.ingestEvents.inc({ result: "accepted" }, outcome.accepted);
    if (outcome.duplicates.length > 0) this.ingestEvents.inc({ result: "duplicate" }, outcome.duplicates.length);
    if (outcome.rejected.length > 0) this.ingestEvents.inc({ result: "rejected" }, outcome.rejected.length);
  }

  /** One micro-batch written. */
  flushed(events: number, seconds: number): void {
    this.ingestBatchSize.observe(events);
    this.ingestDuration.observe(seconds);
  }

  /** Runs that finished in a committed write (each finished event is new, so each run counts once). */
  committed(result: WriteResult): void {
    for (const run of result.projection.runs) {
      if (run.status === null) continue;
      this.runsFinished.inc({ status: run.status });
      if (run.durationMs !== null) this.runDuration.observe({ status: run.status }, run.durationMs / 1000);
    }
  }

  /** The text exposition format. */
  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
