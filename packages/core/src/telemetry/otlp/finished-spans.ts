import type { FinishedSpan, HighResolutionTime } from "../span-types.js";
import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan, OtlpTraceRequest } from "./otlp-json.js";
import { otlpTraceRequestSchema } from "./otlp-json.js";

/** A checked request's spans, or the first problem with the field it is in (`resourceSpans[0]….traceId: …`). */
export type OtlpSpansResult = { spans: FinishedSpan[] } | { error: string };

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * Checks `body` (the OTLP JSON form; protobuf requests are decoded into it by
 * `decodeTraceRequest`) and turns its spans into `FinishedSpan`s, as an SDK
 * span processor would have seen them: what a trace receiver hands the
 * judge's collector.
 */
export function otlpFinishedSpans(body: unknown): OtlpSpansResult {
  let parsed: ReturnType<typeof otlpTraceRequestSchema.safeParse>;
  try {
    parsed = otlpTraceRequestSchema.safeParse(body);
  } catch (error) {
    // a value nested thousands of levels deep exhausts the stack before any check can refuse it
    if (error instanceof RangeError) return { error: "resourceSpans: is nested too deeply" };
    throw error;
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
    return { error: `${path.replace(/^\./, "") || "(body)"}: ${issue?.message ?? "is not valid"}` };
  }
  return { spans: finishedSpansOf(parsed.data) };
}

function finishedSpansOf(request: OtlpTraceRequest): FinishedSpan[] {
  const spans: FinishedSpan[] = [];
  for (const resourceSpans of request.resourceSpans) {
    const resource = { attributes: attributesOf(resourceSpans.resource?.attributes) };
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const scope = {
        name: scopeSpans.scope?.name ?? "",
        ...(scopeSpans.scope?.version ? { version: scopeSpans.scope.version } : {}),
      };
      for (const span of scopeSpans.spans) spans.push(finishedSpan(span, scope, resource));
    }
  }
  return spans;
}

function finishedSpan(
  span: OtlpSpan,
  scope: { name: string; version?: string },
  resource: { attributes: Record<string, unknown> },
): FinishedSpan {
  const context = { traceId: span.traceId, spanId: span.spanId, traceFlags: 1 };
  const message = span.status?.message;
  return {
    name: span.name,
    // OTLP's kinds are the SDK's plus one (0 is "unspecified", read as internal)
    kind: Math.max(0, span.kind - 1),
    spanContext: () => context,
    parentSpanContext: span.parentSpanId ? { spanId: span.parentSpanId, traceId: span.traceId } : undefined,
    startTime: timeOf(span.startTimeUnixNano),
    endTime: timeOf(span.endTimeUnixNano),
    status: { code: span.status?.code ?? 0, ...(message ? { message } : {}) },
    attributes: attributesOf(span.attributes),
    events: span.events.map((event) => ({
      name: event.name,
      time: timeOf(event.timeUnixNano),
      attributes: attributesOf(event.attributes),
    })),
    instrumentationScope: scope,
    resource,
  };
}

/** Nanoseconds since the epoch as OpenTelemetry's `[seconds, nanoseconds]`, exact. */
function timeOf(nanos: bigint): HighResolutionTime {
  return [Number(nanos / NANOS_PER_SECOND), Number(nanos % NANOS_PER_SECOND)];
}

function attributesOf(list: readonly OtlpKeyValue[] | undefined): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) {
    const plain = value === undefined ? undefined : plainValue(value);
    if (plain !== undefined) attributes[key] = plain;
  }
  return attributes;
}

/** An `AnyValue` as a JavaScript value: int64 as a number, bytes as their base64 text, a key-value list as an object. */
function plainValue(value: OtlpAnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue !== undefined) return attributesOf(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return undefined;
}
