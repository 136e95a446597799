import type { Context, ContextAPI, PropagationAPI, Span, TraceAPI, Tracer } from "@opentelemetry/api";
import type { JudgeSpanCollector } from "./judge-span-collector.js";

/** The parts of `@opentelemetry/api` Rehearse calls, loaded when tracing is set up. */
export interface TracingApi {
  trace: TraceAPI;
  context: ContextAPI;
  propagation: PropagationAPI;
}

/**
 * Tracing as set up in this process (`setupTracing`, or the first run that
 * found it configured): the API, Rehearse's tracer, the judge's collector,
 * and whether model-call spans carry message content.
 */
export interface InstalledTracing {
  readonly api: TracingApi;
  readonly tracer: Tracer;
  readonly collector: JudgeSpanCollector;
  /** `gen_ai.input.messages`/`gen_ai.output.messages` on model spans (opt-in: they hold conversation text). */
  readonly captureContent: boolean;
  /** Flushes every processor Rehearse added (exporters included). */
  flush(): Promise<void>;
}

/**
 * The one piece of tracing state, per process, as OpenTelemetry's own
 * registration is (and the reference's `_initialized` flag): spans made deep
 * inside agents (an HTTP agent's `traceparent`, a red-team step) find the
 * tracer here without it being passed down. It is set once by the tracing
 * setup and never holds run data.
 */
let installed: InstalledTracing | undefined;

/** The process's tracing, or `undefined` when tracing is not set up (nothing is traced, nothing loaded). */
export function installedTracing(): InstalledTracing | undefined {
  return installed;
}

/** Records the process's tracing (the tracing setup calls it once). */
export function installTracing(tracing: InstalledTracing): void {
  installed = tracing;
}

/** Forgets the process's tracing (tests that set tracing up more than once). */
export function uninstallTracing(): void {
  installed = undefined;
}

/**
 * W3C trace-context headers (`traceparent`, `tracestate`) for the span active
 * where this is called, through the registered propagator; empty when tracing
 * is not set up or no span is active. HTTP agents add them to their requests,
 * so an agent instrumented on the other side joins the run's trace.
 */
export function traceHeaders(): Record<string, string> {
  const tracing = installed;
  if (!tracing) return {};
  const carrier: Record<string, string> = {};
  tracing.api.propagation.inject(tracing.api.context.active(), carrier);
  return carrier;
}

/**
 * Runs `action` inside a span named `name` under the active span, when tracing
 * is set up (otherwise it just runs it). The span ends when the action
 * settles; a failure marks it as an error.
 */
export function inSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean | string[]>,
  action: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  const tracing = installed;
  if (!tracing) return action(undefined);
  const { api, tracer } = tracing;
  const parent = api.context.active();
  const span = tracer.startSpan(name, { attributes }, parent);
  const context: Context = api.trace.setSpan(parent, span);
  return endWhenSettled(
    span,
    api.context.with(context, () => action(span)),
  );
}

/** Ends `span` when `running` settles, marking it failed when it rejects; the promise's outcome passes through. */
export function endWhenSettled<T>(span: Span, running: Promise<T>): Promise<T> {
  return running.then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      markFailed(span, error);
      span.end();
      throw error;
    },
  );
}

/** Marks `span` as failed with the error's message (status ERROR and an `exception` event). */
export function markFailed(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: 2, message });
}
