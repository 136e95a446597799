/**
 * Reads behind run and batch diffs, for one tenant: a run's transcript and
 * per-type event counts, and a batch's runs as comparison rows. Bounded: a
 * diff reads at most `MAX_DIFF_MESSAGES` messages of a run and
 * `MAX_BATCH_RUNS` runs of a batch (one more tells the caller it was cut).
 */
import { sql } from "drizzle-orm";
import type { Executor } from "./database.js";

/** Messages of one run a run diff reads. */
export const MAX_DIFF_MESSAGES = 2_000;
/** Runs of one batch a batch diff reads. */
export const MAX_BATCH_RUNS = 20_000;

/** A transcript slot as a diff reads it. */
export interface DiffMessageRow {
  idx: number;
  role: string;
  content: Record<string, unknown>;
}

/** The first `MAX_DIFF_MESSAGES + 1` messages of a run, by index. */
export async function diffMessages(database: Executor, tenantId: string, runId: string): Promise<DiffMessageRow[]> {
  return database.rows<DiffMessageRow>(sql`select idx, role, content from run_messages
    where tenant_id = ${tenantId} and run_id = ${runId} order by idx limit ${MAX_DIFF_MESSAGES + 1}`);
}

/** How many events of each type a run stored. */
export async function eventTypeCounts(database: Executor, tenantId: string, runId: string): Promise<Map<string, number>> {
  const rows = await database.rows<{ type: string; count: number }>(sql`select type, count(*)::int as count from events
    where tenant_id = ${tenantId} and run_id = ${runId} group by type`);
  return new Map(rows.map((row) => [row.type, Number(row.count)]));
}

/** A batch's run, as a batch diff compares it. */
export interface BatchRunRow {
  id: string;
  scenario_id: string;
  name: string | null;
  status: string | null;
  state: string;
  started_at: Date;
  duration_ms: number | null;
  cost_usd: string | null;
}

/** Whether the batch exists for this tenant. */
export async function batchExists(database: Executor, tenantId: string, batchId: string): Promise<boolean> {
  const rows = await database.rows<{ id: string }>(sql`select id from batches where tenant_id = ${tenantId} and id = ${batchId}`);
  return rows.length > 0;
}

/** Up to `MAX_BATCH_RUNS + 1` runs of a batch, by scenario then start (the trial order). */
export async function batchRuns(database: Executor, tenantId: string, batchId: string): Promise<BatchRunRow[]> {
  return database.rows<BatchRunRow>(sql`select id, scenario_id, name, status, state, started_at, duration_ms,
      cost_usd::text as cost_usd
    from runs where tenant_id = ${tenantId} and batch_id = ${batchId}
    order by scenario_id, started_at, id limit ${MAX_BATCH_RUNS + 1}`);
}
