/**
 * Reads of batches for one tenant (sets: set-queries.ts). Counts and pass
 * rates are computed from run rows (never stored counters that could drift).
 */
import { sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { STALLED_AFTER_MILLISECONDS } from "./run-queries.js";

/** Run counts of a batch or set, by lifecycle and by outcome. */
export interface RunCounts {
  total: number;
  running: number;
  stalled: number;
  /** Launched runs waiting for a worker (or for their next attempt). */
  queued: number;
  finished: number;
  cancelled: number;
  pass: number;
  fail: number;
  error: number;
  skipped: number;
  duration_ms: number | null;
  cost_usd: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

/** The `RunCounts` columns over the runs of a `from runs r` (stalled derived from `now`). */
export const countColumns = (now: Date) => {
  const quietSince = new Date(now.getTime() - STALLED_AFTER_MILLISECONDS);
  return sql`count(*)::int as total,
    count(*) filter (where state = 'running' and last_event_at >= ${quietSince})::int as running,
    count(*) filter (where state = 'running' and last_event_at < ${quietSince})::int as stalled,
    count(*) filter (where state in ('queued', 'interrupted'))::int as queued,
    count(*) filter (where state = 'finished')::int as finished,
    count(*) filter (where state = 'cancelled')::int as cancelled,
    count(*) filter (where status = 'pass')::int as pass,
    count(*) filter (where status = 'fail')::int as fail,
    count(*) filter (where status = 'error')::int as error,
    count(*) filter (where status = 'skipped')::int as skipped,
    (extract(epoch from (max(coalesce(finished_at, last_event_at)) - min(started_at))) * 1000)::int as duration_ms,
    sum(cost_usd)::text as cost_usd, min(started_at) as started_at,
    case when bool_and(state in ('finished', 'cancelled')) then max(finished_at) end as finished_at`;
};

/** A batch row with its counts. */
export type BatchRow = RunCounts & {
  id: string;
  set_id: string;
  source: string;
  /** Launched batches: `active`, `paused` or `stopped`; null for SDK batches. */
  control: string | null;
  note: string | null;
  labels: string[];
  first_event_at: Date;
  last_event_at: Date;
};

/** Batch rows, newest first, with their counts; keyset on `(first_event_at, id)`. */
export async function listBatches(
  database: Executor,
  tenantId: string,
  setId: string | undefined,
  limit: number,
  after: { at: Date; id: string } | undefined,
  now: Date,
) {
  const conditions = [sql`b.tenant_id = ${tenantId}`];
  if (setId) conditions.push(sql`b.set_id = ${setId}`);
  if (after) conditions.push(sql`(b.first_event_at, b.id) < (${after.at}, ${after.id})`);
  return database.rows<BatchRow>(sql`
    select b.id, b.set_id, b.source, b.note, b.labels, b.control, b.first_event_at, b.last_event_at, c.*
    from (select * from batches b where ${sql.join(conditions, sql` and `)} order by b.first_event_at desc, b.id desc limit ${limit + 1}) b
    cross join lateral (select ${countColumns(now)} from runs r where r.tenant_id = b.tenant_id and r.batch_id = b.id) c
    order by b.first_event_at desc, b.id desc`);
}

/** One batch with its counts, or `undefined`. */
export async function findBatch(database: Executor, tenantId: string, batchId: string, now: Date) {
  const [row] = await database.rows<BatchRow>(sql`
    select b.id, b.set_id, b.source, b.note, b.labels, b.control, b.first_event_at, b.last_event_at, c.*
    from batches b cross join lateral (select ${countColumns(now)} from runs r where r.tenant_id = b.tenant_id and r.batch_id = b.id) c
    where b.tenant_id = ${tenantId} and b.id = ${batchId}`);
  return row;
}
