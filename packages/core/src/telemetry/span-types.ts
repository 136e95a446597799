/**
 * The parts of OpenTelemetry's span objects Rehearse reads, written out so the
 * public types do not need `@opentelemetry/*` installed (they are optional
 * peers). Real SDK objects (`ReadableSpan`, `SpanProcessor`, `SpanExporter`
 * of `@opentelemetry/sdk-trace-base` 1.x and 2.x) fit these shapes.
 */

/** Seconds and nanoseconds, as OpenTelemetry keeps times. */
export type HighResolutionTime = readonly [number, number];

/** A finished span (`ReadableSpan`): what span processors and exporters receive. */
export interface FinishedSpan {
  readonly name: string;
  /** 0 internal, 1 server, 2 client, 3 producer, 4 consumer. */
  readonly kind: number;
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
  /** SDK 2.x. */
  readonly parentSpanContext?: { spanId: string; traceId?: string } | undefined;
  /** SDK 1.x. */
  readonly parentSpanId?: string | undefined;
  readonly startTime: HighResolutionTime;
  readonly endTime: HighResolutionTime;
  /** 0 unset, 1 ok, 2 error. */
  readonly status: { code: number; message?: string | undefined };
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: ReadonlyArray<{
    name: string;
    time: HighResolutionTime;
    attributes?: Readonly<Record<string, unknown>> | undefined;
  }>;
  /** SDK 2.x. */
  readonly instrumentationScope?: { name: string; version?: string | undefined } | undefined;
  /** SDK 1.x. */
  readonly instrumentationLibrary?: { name: string; version?: string | undefined } | undefined;
  readonly resource?: { readonly attributes: Readonly<Record<string, unknown>> } | undefined;
}

/** A span as a span processor sees it when it starts (the SDK's live `Span`). */
export interface StartedSpan {
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly parentSpanContext?: { spanId: string } | undefined;
  readonly parentSpanId?: string | undefined;
  spanContext(): { traceId: string; spanId: string };
}

/** `SpanProcessor` of `@opentelemetry/sdk-trace-base`. */
export interface TraceSpanProcessor {
  onStart(span: StartedSpan, parentContext: unknown): void;
  onEnd(span: FinishedSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** `SpanExporter` of `@opentelemetry/sdk-trace-base`; `code` 0 is success. */
export interface TraceSpanExporter {
  export(spans: FinishedSpan[], resultCallback: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** Which scope made a span, across SDK versions; `""` when unknown. */
export function scopeNameOf(span: FinishedSpan): string {
  return span.instrumentationScope?.name ?? span.instrumentationLibrary?.name ?? "";
}

/** A span's parent id, across SDK versions. */
export function parentIdOf(span: {
  parentSpanContext?: { spanId: string } | undefined;
  parentSpanId?: string | undefined;
}): string | undefined {
  return span.parentSpanId ?? span.parentSpanContext?.spanId;
}

/** Epoch milliseconds of an OpenTelemetry time. */
export function epochMs(time: HighResolutionTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}
