/**
 * Reads behind the live stream: the events a resuming client missed (by
 * global ingest id, for its tenant and topics), the newest ingest id, and a
 * run's stored events for playback. Ingest ids become visible in order (one
 * writer, services/ingest-queue.ts), so "after id N" never skips a row that
 * commits later with a lower id.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./database.js";

/** The subscribed ids by kind; `tenant` means every event of the tenant. */
export interface TopicFilter {
  tenant: boolean;
  sets: readonly string[];
  batches: readonly string[];
  runs: readonly string[];
}

/** A stored event as the stream needs it. */
export interface StoredRow {
  ingest_id: string | number;
  ts: Date;
  payload: Record<string, unknown>;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

function topicCondition(filter: TopicFilter): SQL {
  if (filter.tenant) return sql``;
  const parts: SQL[] = [];
  if (filter.sets.length > 0) parts.push(sql`set_id in (${list(filter.sets)})`);
  if (filter.batches.length > 0) parts.push(sql`batch_id in (${list(filter.batches)})`);
  if (filter.runs.length > 0) parts.push(sql`run_id in (${list(filter.runs)})`);
  return parts.length === 0 ? sql` and false` : sql` and (${sql.join(parts, sql` or `)})`;
}

/** How many events (up to `cap + 1`) a resume from `afterId` would replay, and when the oldest was received. */
export async function missedSummary(
  database: Executor,
  tenantId: string,
  filter: TopicFilter,
  afterId: number,
  cap: number,
): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await database.rows<{ count: number; oldest: Date | null }>(sql`
    select count(*)::int as count, min(received_at) as oldest from (
      select received_at from events where tenant_id = ${tenantId} and ingest_id > ${afterId}${topicCondition(filter)}
      order by ingest_id limit ${cap + 1}) missed`);
  return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

/** Up to `limit` events after `afterId`, in ingest order. */
export async function eventsAfter(
  database: Executor,
  tenantId: string,
  filter: TopicFilter,
  afterId: number,
  limit: number,
): Promise<StoredRow[]> {
  return database.rows<StoredRow>(sql`
    select ingest_id, ts, payload from events where tenant_id = ${tenantId} and ingest_id > ${afterId}${topicCondition(filter)}
    order by ingest_id limit ${limit}`);
}

/** The newest ingest id of any tenant (0 when there is none): where a new connection starts. */
export async function latestIngestId(database: Executor): Promise<number> {
  const [row] = await database.rows<{ id: string | number | null }>(sql`select max(ingest_id) as id from events`);
  return Number(row?.id ?? 0);
}

/** A run's stored events in seq order (at most `limit`), or `undefined` when the tenant has no such run. */
export async function runTimeline(
  database: Executor,
  tenantId: string,
  runId: string,
  limit: number,
): Promise<StoredRow[] | undefined> {
  const [run] = await database.rows<{ id: string }>(sql`select id from runs where tenant_id = ${tenantId} and id = ${runId}`);
  if (!run) return undefined;
  return database.rows<StoredRow>(sql`
    select ingest_id, ts, payload from events where tenant_id = ${tenantId} and run_id = ${runId}
    order by seq, ingest_id limit ${limit}`);
}
