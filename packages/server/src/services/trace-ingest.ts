/**
 * Ingest of one OTLP/HTTP trace request (`POST /api/otel/v1/traces`): the
 * request is checked whole (otlp-json.ts, then trace-spans.ts) and refused
 * whole on its first bad field, so nothing of a bad request is stored; a
 * good one is redacted by the tenant's policy, like events (unless it keeps
 * raw data), and written in one transaction. A span stored before (an
 * exporter's retry) is not stored again.
 */

import { otlpTraceRequestSchema } from "@rehearse/core/otlp";
import type { Database } from "../store/database.js";
import { insertSpans } from "../store/trace-queries.js";
import type { IngestRedaction } from "./ingest-redaction.js";
import type { TenantPolicies } from "./tenant-policy.js";
import type { TenantScope } from "./tenant-scope.js";
import { type SpanIssue, type SpanRecord, spanRecordsOf } from "./trace-spans.js";

/** What trace ingest goes through: the store and the tenant's policy. */
export interface TracePipeline {
  database: Database;
  policies: TenantPolicies;
  redaction: IngestRedaction;
}

/** What one request stored. */
export interface TraceIngestOutcome {
  /** Spans new to the store. */
  stored: number;
  /** Spans stored before (sent again). */
  duplicates: number;
}

/** The spans of `body` (the OTLP JSON form), or the first thing wrong with it. */
export function checkTraceRequest(body: unknown): { spans: SpanRecord[] } | { issue: SpanIssue } {
  let parsed: ReturnType<typeof otlpTraceRequestSchema.safeParse>;
  try {
    parsed = otlpTraceRequestSchema.safeParse(body);
  } catch (error) {
    // a value nested thousands of levels deep exhausts the stack before any check can refuse it
    if (error instanceof RangeError) return { issue: { field: "resourceSpans", message: "is nested too deeply" } };
    throw error;
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { issue: { field: pathOf(issue?.path ?? []), message: issue?.message ?? "is not valid" } };
  }
  return spanRecordsOf(parsed.data);
}

/** Stores checked `spans` for `scope`'s tenant; throws only when the write failed. */
export async function ingestSpans(
  pipeline: TracePipeline,
  scope: TenantScope,
  spans: readonly SpanRecord[],
): Promise<TraceIngestOutcome> {
  if (spans.length === 0) return { stored: 0, duplicates: 0 };
  const { tenantId } = scope;
  const policy = await pipeline.policies.get(tenantId);
  const rows = spans.map((span) => {
    // placeholders numbered per trace: a value keeps one placeholder across the trace's spans and requests;
    // times stay out (a run of digits can look like a card number)
    const redacted = pipeline.redaction.applyTo(tenantId, policy, `trace:${span.traceId}`, {
      attributes: span.attributes,
      events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
      resourceAttributes: span.resourceAttributes,
      statusMessage: span.statusMessage,
    });
    const events = span.events.map((event, index) => ({ ...event, ...redacted.events[index] }));
    return { ...span, ...redacted, events };
  });
  const stored = await pipeline.database.forTenant(tenantId, (executor) => insertSpans(executor, tenantId, rows));
  return { stored, duplicates: spans.length - stored };
}

/** `resourceSpans[0].scopeSpans[1].spans[3].traceId` from a zod issue path. */
function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}
