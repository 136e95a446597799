/**
 * The spans of a checked OTLP request as Rehearse stores them: one flat
 * record per span with its scope and service, attributes as plain JSON
 * (`AnyValue`s unwrapped; 64-bit integers past 2^53 kept as strings), and
 * the run it belongs to (`rehearse.run.id`). What the schema cannot say is
 * checked here, so a request is refused whole before anything is written:
 * an end before the start, nesting past `MAX_VALUE_DEPTH`, strings
 * PostgreSQL cannot hold, a run id longer than `MAX_RUN_ID_LENGTH`.
 */
import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan, OtlpTraceRequest } from "@rehearse/core/otlp";
import { unstorableReason } from "./storable.js";

/** The span kinds of the read API, by OTLP enum value (unspecified reads as internal). */
export const SPAN_KIND_NAMES = ["internal", "internal", "server", "client", "producer", "consumer"] as const;
export type SpanKind = (typeof SPAN_KIND_NAMES)[number];
/** The span statuses of the read API, by OTLP enum value. */
export const SPAN_STATUS_NAMES = ["unset", "ok", "error"] as const;
export type SpanStatus = (typeof SPAN_STATUS_NAMES)[number];

/** The attribute naming the Rehearse run a span belongs to. */
export const RUN_ID_ATTRIBUTE = "rehearse.run.id";
export const MAX_RUN_ID_LENGTH = 200;
/** How deep arrays and key-value lists may nest in one attribute value. */
export const MAX_VALUE_DEPTH = 32;

export interface SpanEventRecord {
  name: string;
  /** Unix nanoseconds as a decimal string. */
  timeUnixNano: string;
  attributes: Record<string, unknown>;
}

/** One span as stored (`trace_spans`). */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  scopeName: string | null;
  scopeVersion: string | null;
  /** The resource's `service.name`. */
  serviceName: string | null;
  startUnixNano: bigint;
  endUnixNano: bigint;
  statusCode: SpanStatus;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: SpanEventRecord[];
  resourceAttributes: Record<string, unknown>;
  runId: string | null;
}

/** Why a request was refused: the field's path and what is wrong with it. */
export interface SpanIssue {
  field: string;
  message: string;
}

class TooDeep extends Error {}

/** The request's spans, or the first problem the schema could not catch. */
export function spanRecordsOf(request: OtlpTraceRequest): { spans: SpanRecord[] } | { issue: SpanIssue } {
  const spans: SpanRecord[] = [];
  for (const [resourceIndex, resourceSpans] of request.resourceSpans.entries()) {
    const resourcePath = `resourceSpans[${resourceIndex}]`;
    const resourceAttributes = attributesAt(resourceSpans.resource?.attributes ?? [], `${resourcePath}.resource.attributes`);
    if ("issue" in resourceAttributes) return resourceAttributes;
    const service = resourceAttributes.value["service.name"];
    for (const [scopeIndex, scopeSpans] of resourceSpans.scopeSpans.entries()) {
      for (const [spanIndex, span] of scopeSpans.spans.entries()) {
        const path = `${resourcePath}.scopeSpans[${scopeIndex}].spans[${spanIndex}]`;
        const record = recordOf(span, path, {
          scopeName: scopeSpans.scope?.name || null,
          scopeVersion: scopeSpans.scope?.version || null,
          serviceName: typeof service === "string" ? service : null,
          resourceAttributes: resourceAttributes.value,
        });
        if ("issue" in record) return record;
        spans.push(record.span);
      }
    }
  }
  return { spans };
}

type Context = Pick<SpanRecord, "scopeName" | "scopeVersion" | "serviceName" | "resourceAttributes">;

function recordOf(span: OtlpSpan, path: string, context: Context): { span: SpanRecord } | { issue: SpanIssue } {
  if (span.endTimeUnixNano < span.startTimeUnixNano)
    return { issue: { field: `${path}.endTimeUnixNano`, message: "must not be before startTimeUnixNano" } };
  const attributes = attributesAt(span.attributes, `${path}.attributes`);
  if ("issue" in attributes) return attributes;
  const events: SpanEventRecord[] = [];
  for (const [index, event] of span.events.entries()) {
    const eventAttributes = attributesAt(event.attributes, `${path}.events[${index}].attributes`);
    if ("issue" in eventAttributes) return eventAttributes;
    events.push({ name: event.name, timeUnixNano: event.timeUnixNano.toString(), attributes: eventAttributes.value });
  }
  const runId = attributes.value[RUN_ID_ATTRIBUTE];
  if (typeof runId === "string" && runId.length > MAX_RUN_ID_LENGTH)
    return {
      issue: { field: `${path}.attributes`, message: `${RUN_ID_ATTRIBUTE} must be at most ${MAX_RUN_ID_LENGTH} characters` },
    };
  const record: SpanRecord = {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId || null,
    name: span.name,
    kind: SPAN_KIND_NAMES[span.kind] ?? "internal",
    ...context,
    startUnixNano: span.startTimeUnixNano,
    endUnixNano: span.endTimeUnixNano,
    statusCode: SPAN_STATUS_NAMES[span.status?.code ?? 0] ?? "unset",
    statusMessage: span.status?.message || null,
    attributes: attributes.value,
    events,
    runId: typeof runId === "string" && runId.length > 0 ? runId : null,
  };
  const { startUnixNano: _start, endUnixNano: _end, ...stored } = record;
  const reason = unstorableReason(stored);
  return reason ? { issue: { field: path, message: reason } } : { span: record };
}

function attributesAt(list: readonly OtlpKeyValue[], field: string): { value: Record<string, unknown> } | { issue: SpanIssue } {
  try {
    return { value: attributesOf(list, 0) };
  } catch (error) {
    if (error instanceof TooDeep)
      return { issue: { field, message: `values must not nest deeper than ${MAX_VALUE_DEPTH} levels` } };
    throw error;
  }
}

/** Key-value pairs as an object (a repeated key: the last one wins). */
function attributesOf(list: readonly OtlpKeyValue[], depth: number): Record<string, unknown> {
  // fromEntries defines own properties, so a key named __proto__ stays data
  return Object.fromEntries(list.map((entry) => [entry.key, plainValue(entry.value, depth)]));
}

function plainValue(value: OtlpAnyValue | undefined, depth: number): unknown {
  if (depth > MAX_VALUE_DEPTH) throw new TooDeep();
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const number = Number(value.intValue);
    return Number.isSafeInteger(number) ? number : String(value.intValue);
  }
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map((item) => plainValue(item, depth + 1));
  if (value.kvlistValue !== undefined) return attributesOf(value.kvlistValue.values ?? [], depth + 1);
  return null;
}
