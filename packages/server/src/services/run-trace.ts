/**
 * A run's trace as the read API shows it (`GET /api/v1/runs/{runId}/trace`):
 * every span of every trace holding a span with the run's `rehearse.run.id`
 * (the agent's own spans join through the trace, not the attribute), by
 * start time, at most `TRACE_SPAN_LIMIT` (`truncated` past it). Span data
 * goes through the caller's read view, like the run's transcript.
 */
import type { Database } from "../store/database.js";
import { runExists, type StoredSpan, spansOfRun, traceIdsOfRun } from "../store/trace-queries.js";
import type { RunView } from "./read-redaction.js";
import type { TenantScope } from "./tenant-scope.js";
import type { SpanKind, SpanStatus } from "./trace-spans.js";

/** The most spans one answer holds. */
export const TRACE_SPAN_LIMIT = 5_000;

export interface TraceSpanEvent {
  name: string;
  /** ISO 8601. */
  time: string;
  attributes: Record<string, unknown>;
}

export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  /** The instrumentation scope's name (`@rehearse/core` for Rehearse's own spans). */
  scope: string | null;
  /** The resource's `service.name`. */
  service: string | null;
  startTime: string;
  endTime: string;
  durationMs: number;
  status: SpanStatus;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: TraceSpanEvent[];
}

export interface RunTrace {
  runId: string;
  traceIds: string[];
  truncated: boolean;
  spans: TraceSpan[];
}

/** Run `runId`'s trace as `view` shows it; `undefined` when the tenant has no such run. */
export async function readRunTrace(
  database: Database,
  scope: TenantScope,
  runId: string,
  view: RunView,
  limit = TRACE_SPAN_LIMIT,
): Promise<RunTrace | undefined> {
  const { tenantId } = scope;
  const found = await database.forTenant(tenantId, async (executor) => {
    if (!(await runExists(executor, tenantId, runId))) return undefined;
    const traceIds = await traceIdsOfRun(executor, tenantId, runId);
    const spans = traceIds.length > 0 ? await spansOfRun(executor, tenantId, runId, limit + 1) : [];
    return { traceIds, spans };
  });
  if (!found) return undefined;
  return {
    runId,
    traceIds: found.traceIds,
    truncated: found.spans.length > limit,
    spans: found.spans.slice(0, limit).map((span) => traceSpanOf(span, runId, view)),
  };
}

function traceSpanOf(span: StoredSpan, runId: string, view: RunView): TraceSpan {
  // times stay out of the view (a run of digits can look like a card number)
  const shown = view.show(runId, {
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: String(event.name ?? ""), attributes: event.attributes ?? {} })),
    statusMessage: span.statusMessage,
  });
  const start = BigInt(span.startUnixNano);
  const end = BigInt(span.endUnixNano);
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind as SpanKind,
    scope: span.scopeName,
    service: span.serviceName,
    startTime: isoOf(start),
    endTime: isoOf(end),
    durationMs: Number(end - start) / 1e6,
    status: span.statusCode as SpanStatus,
    statusMessage: shown.statusMessage,
    attributes: shown.attributes,
    events: shown.events.map((event, index) => ({
      name: event.name,
      time: isoOf(BigInt(String(span.events[index]?.timeUnixNano ?? "0"))),
      attributes: event.attributes as Record<string, unknown>,
    })),
  };
}

/** Unix nanoseconds as ISO 8601 (millisecond precision). */
function isoOf(unixNano: bigint): string {
  return new Date(Number(unixNano / 1_000_000n)).toISOString();
}
