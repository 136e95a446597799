/**
 * `run.stalled`: a running run with no event for `STALLED_AFTER_MILLISECONDS`
 * is stalled (history.ts derives it at read time; nothing stores it). The
 * sweep finds batches with such runs and tells their channels once per
 * batch (dedupe key `run.stalled:<batchId>`): a reporting process that died
 * leaves all its runs stalled at once, and that is one message, not one per
 * run. Runs paused by a control are quiet on purpose and left out.
 */
import type { Logger } from "pino";
import type { Database } from "../store/database.js";
import { type StalledBatchRow, stalledBatchCandidates } from "../store/notification-log-queries.js";
import { STALLED_AFTER_MILLISECONDS } from "../store/run-queries.js";
import type { NotificationEvent, Notify } from "./notification-event.js";

/** Batches reported per sweep. */
const SWEEP_LIMIT = 100;

export interface StallSweepOptions {
  database: Database;
  notify: Notify;
  logger: Logger;
  now: () => number;
  /** How far back the sweep looks for runs that went quiet. */
  lookbackMs: number;
  /** The tenant of `SLACK_WEBHOOK_URL`'s implicit channel, which listens to every trigger. */
  environmentTenant: string | null;
}

/** The `run.stalled` event of one batch's stalled runs. */
export function stalledEvent(row: StalledBatchRow, now: number): NotificationEvent {
  const quietMs = now - new Date(row.quiet_since).getTime();
  const runs = row.stalled === 1 ? "1 run" : `${row.stalled} runs`;
  return {
    tenantId: row.tenant_id,
    trigger: "run.stalled",
    dedupeKey: `run.stalled:${row.batch_id}`,
    title: `Stalled · ${row.set_id} · ${runs} without an event for ${Math.floor(quietMs / 60_000)} min`,
    path:
      row.stalled === 1 && row.run_ids[0]
        ? `/runs/${encodeURIComponent(row.run_ids[0])}`
        : `/batches/${encodeURIComponent(row.batch_id)}`,
    details: {
      stalledRuns: row.stalled,
      quietForMs: quietMs,
      runIds: row.run_ids,
      setId: row.set_id,
      batchId: row.batch_id,
      quietSince: new Date(row.quiet_since).toISOString(),
    },
  };
}

/** Tells channels about batches whose runs stalled; how many batches. */
export async function sweepStalledRuns(options: StallSweepOptions): Promise<number> {
  const { database, now, lookbackMs, environmentTenant, logger } = options;
  const at = now();
  const stalledBefore = at - STALLED_AFTER_MILLISECONDS;
  const rows = await database.asSystem((executor) =>
    stalledBatchCandidates(
      executor,
      { since: new Date(stalledBefore - lookbackMs), stalledBefore: new Date(stalledBefore) },
      environmentTenant,
      SWEEP_LIMIT,
    ),
  );
  let told = 0;
  for (const row of rows) {
    try {
      await options.notify(stalledEvent(row, at));
      told += 1;
    } catch (error) {
      logger.error({ err: error, tenantId: row.tenant_id, batchId: row.batch_id }, "stall notification failed");
    }
  }
  return told;
}
