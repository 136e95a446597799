/**
 * `batch.finished`: one summary per batch, never one message per run. A
 * server-launched batch is announced by whoever settles it
 * (`announce(tenantId, batchId)`); an SDK-reported batch has no "finished"
 * event, so a sweep announces it once all its runs are finished or
 * cancelled and nothing new arrived for a quiet period (30 s by default:
 * a vitest run's files report one after another into one batch). The
 * dedupe key `batch.finished:<batchId>` makes a second announcement of the
 * same batch a no-op. The summary: counts by outcome, the canonical pass
 * rate, duration, cost, and the regressions against the set's previous
 * batch (batch-diff.ts), when both are small enough to compare cheaply.
 */
import type { Logger } from "pino";
import { findBatch } from "../store/batch-queries.js";
import type { Database } from "../store/database.js";
import { batchRuns } from "../store/diff-queries.js";
import { finishedBatchCandidates, previousBatchId } from "../store/notification-log-queries.js";
import { compareBatches } from "./batch-diff.js";
import { passRate } from "./history.js";
import type { NotificationEvent, Notify } from "./notification-event.js";

/** Batches larger than this are summarised without the comparison to the previous one. */
const COMPARED_RUNS_LIMIT = 5_000;
/** Batches announced per sweep. */
const SWEEP_LIMIT = 50;

export interface BatchAnnouncementOptions {
  database: Database;
  notify: Notify;
  logger: Logger;
  now: () => number;
  /** How long an SDK batch with every run settled must stay quiet before it is announced. */
  quietMs: number;
  /** How far back the sweep looks (a batch quiet for longer is never announced by it). */
  lookbackMs: number;
  /** The tenant of `SLACK_WEBHOOK_URL`'s implicit channel, which listens to every trigger. */
  environmentTenant: string | null;
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

export class BatchAnnouncements {
  constructor(private readonly options: BatchAnnouncementOptions) {}

  /** The `batch.finished` event of a batch as it stands, or `undefined` when the tenant has no such batch. */
  async summary(tenantId: string, batchId: string): Promise<NotificationEvent | undefined> {
    const { database, now } = this.options;
    const loaded = await database.forTenant(tenantId, async (executor) => {
      const batch = await findBatch(executor, tenantId, batchId, new Date(now()));
      if (!batch) return undefined;
      const previous = await previousBatchId(executor, tenantId, batch);
      if (!previous || batch.total > COMPARED_RUNS_LIMIT) return { batch, previous, diff: undefined };
      const base = await batchRuns(executor, tenantId, previous);
      if (base.length > COMPARED_RUNS_LIMIT) return { batch, previous, diff: undefined };
      const head = await batchRuns(executor, tenantId, batchId);
      return { batch, previous, diff: compareBatches(previous, batchId, base, head, { onlyChanged: true, limit: 5 }) };
    });
    if (!loaded) return undefined;
    const { batch, previous, diff } = loaded;
    const rate = passRate(batch);
    const settled = batch.pass + batch.fail + batch.error;
    const outcome =
      rate === null ? `nothing settled (${batch.total} runs)` : `${percent(rate)} passed (${batch.pass}/${settled})`;
    const regressed = diff?.items.filter((item) => item.classification === "regressed") ?? [];
    return {
      tenantId,
      trigger: "batch.finished",
      dedupeKey: `batch.finished:${batchId}`,
      title: `Batch finished · ${batch.set_id} · ${outcome}`,
      path: `/batches/${encodeURIComponent(batchId)}`,
      details: {
        passRate: rate,
        counts: {
          pass: batch.pass,
          fail: batch.fail,
          error: batch.error,
          skipped: batch.skipped,
          cancelled: batch.cancelled,
        },
        durationMs: batch.duration_ms,
        costUsd: batch.cost_usd === null ? null : Number(batch.cost_usd),
        regressions: diff ? diff.summary.classifications.regressed : null,
        fixed: diff ? diff.summary.classifications.fixed : null,
        regressedScenarios: regressed.map((item) => item.name ?? item.scenarioId),
        setId: batch.set_id,
        batchId,
        note: batch.note,
        runs: batch.total,
        previousBatchId: previous ?? null,
        passRateChange: diff?.summary.passRate.delta ?? null,
      },
    };
  }

  /** Queues the batch's summary for every subscribed channel (once per batch); false when there is no such batch. */
  async announce(tenantId: string, batchId: string): Promise<boolean> {
    const event = await this.summary(tenantId, batchId);
    if (!event) return false;
    await this.options.notify(event);
    return true;
  }

  /** Announces the SDK batches that finished and went quiet; how many. */
  async sweep(): Promise<number> {
    const { database, now, quietMs, lookbackMs, environmentTenant, logger } = this.options;
    const at = now();
    const candidates = await database.asSystem((executor) =>
      finishedBatchCandidates(
        executor,
        { since: new Date(at - lookbackMs), quietBefore: new Date(at - quietMs) },
        environmentTenant,
        SWEEP_LIMIT,
      ),
    );
    let announced = 0;
    for (const candidate of candidates) {
      try {
        if (await this.announce(candidate.tenant_id, candidate.id)) announced += 1;
      } catch (error) {
        logger.error({ err: error, tenantId: candidate.tenant_id, batchId: candidate.id }, "batch announcement failed");
      }
    }
    return announced;
  }
}
