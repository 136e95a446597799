/**
 * Spans (`trace_spans`): writing a request's spans (a span already stored is
 * left as it is, so an exporter's retry adds nothing), reading a run's trace
 * (every span of the traces that hold a span of the run), and retention of
 * spans no run claims. Nanosecond times go in and come out as decimal text:
 * they do not fit a JavaScript number.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { traceSpans } from "./schema.js";

/** A span to store; times are Unix nanoseconds. */
export interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  scopeName: string | null;
  scopeVersion: string | null;
  serviceName: string | null;
  startUnixNano: bigint;
  endUnixNano: bigint;
  statusCode: string;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: Array<Record<string, unknown>>;
  resourceAttributes: Record<string, unknown>;
  runId: string | null;
}

/** A stored span as read back; times as decimal nanosecond strings. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  scopeName: string | null;
  serviceName: string | null;
  startUnixNano: string;
  endUnixNano: string;
  statusCode: string;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: Array<Record<string, unknown>>;
}

/** Rows per INSERT: 17 parameters each, far below PostgreSQL's 65 535. */
const CHUNK = 1_000;

/** Stores `spans` for `tenantId`; how many were new (the rest were stored before). */
export async function insertSpans(executor: Executor, tenantId: string, spans: readonly SpanRow[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < spans.length; start += CHUNK) {
    const rows = spans.slice(start, start + CHUNK).map((span) => ({
      ...span,
      tenantId,
      startUnixNano: sql`${span.startUnixNano.toString()}::int8`,
      endUnixNano: sql`${span.endUnixNano.toString()}::int8`,
    }));
    const written = await executor.drizzle
      .insert(traceSpans)
      .values(rows)
      .onConflictDoNothing()
      .returning({ spanId: traceSpans.spanId });
    inserted += written.length;
  }
  return inserted;
}

/** Whether the tenant has run `runId`. */
export async function runExists(executor: Executor, tenantId: string, runId: string): Promise<boolean> {
  const rows = await executor.rows(sql`select 1 from runs where tenant_id = ${tenantId} and id = ${runId}`);
  return rows.length > 0;
}

/** The ids of the traces holding a span of run `runId`, the earliest first. */
export async function traceIdsOfRun(executor: Executor, tenantId: string, runId: string): Promise<string[]> {
  const rows = await executor.rows<{ traceId: string }>(sql`
    select trace_id as "traceId" from trace_spans where tenant_id = ${tenantId} and run_id = ${runId}
    group by trace_id order by min(start_unix_nano), trace_id`);
  return rows.map((row) => row.traceId);
}

/** Up to `limit` spans of run `runId`'s traces, by start time. */
export async function spansOfRun(executor: Executor, tenantId: string, runId: string, limit: number): Promise<StoredSpan[]> {
  return executor.rows<StoredSpan>(sql`
    select trace_id as "traceId", span_id as "spanId", parent_span_id as "parentSpanId", name, kind,
           scope_name as "scopeName", service_name as "serviceName",
           start_unix_nano::text as "startUnixNano", end_unix_nano::text as "endUnixNano",
           status_code as "statusCode", status_message as "statusMessage", attributes, events
    from trace_spans
    where tenant_id = ${tenantId}
      and trace_id in (select trace_id from trace_spans where tenant_id = ${tenantId} and run_id = ${runId})
    order by start_unix_nano, span_id
    limit ${limit}`);
}

/**
 * Deletes the spans received before `before` whose trace no stored run
 * claims (a run's own spans go with the run: deletion-queries.ts); how many.
 */
export async function deleteUnclaimedSpans(executor: Executor, tenantId: string, before: Date): Promise<number> {
  const [row] = await executor.rows<{ removed: number }>(sql`with gone as (
      delete from trace_spans s where s.tenant_id = ${tenantId} and s.received_at < ${before}
        and not exists (select 1 from trace_spans t join runs r on r.tenant_id = t.tenant_id and r.id = t.run_id
                        where t.tenant_id = ${tenantId} and t.trace_id = s.trace_id)
      returning 1)
    select count(*)::int as removed from gone`);
  return row?.removed ?? 0;
}
