import type { TraceSpanExporter, TraceSpanProcessor } from "../telemetry/span-types.js";
import type { SpanFilter } from "./filters.js";

/**
 * How `setupTracing` sets tracing up (the reference's `setupScenarioTracing`
 * options, plus Rehearse's). Nothing is exported unless an exporter is given
 * or an OTLP endpoint is configured.
 */
export interface TracingOptions {
  /** Which spans the exporters below receive (`scenarioOnly`, `withCustomScopes(…)`, or a predicate). */
  spanFilter?: SpanFilter;
  /** Processors added after the judge's collector (e.g. `new SimpleSpanProcessor(new InMemorySpanExporter())`). */
  spanProcessors?: TraceSpanProcessor[];
  /** An exporter, behind a `SimpleSpanProcessor` and the `spanFilter`. */
  traceExporter?: TraceSpanExporter;
  /** OpenTelemetry instrumentations to point at the provider and enable; `[]` (the default) enables none. */
  instrumentations?: unknown[];
  /**
   * OTLP/HTTP export: by default on only when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or
   * `OTEL_EXPORTER_OTLP_ENDPOINT` is set; `false` turns it off; an endpoint (the full
   * traces URL) turns it on. `OTEL_EXPORTER_OTLP_*_PROTOCOL=http/protobuf` selects protobuf
   * (needs `@opentelemetry/exporter-trace-otlp-proto`), otherwise JSON.
   */
  otlp?: false | { endpoint?: string; headers?: Record<string, string> };
  /**
   * Put message content on model-call spans (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * `gen_ai.system_instructions`): off unless this or
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true` says so.
   */
  captureMessageContent?: boolean;
  /** `service.name` of a provider Rehearse creates (default `rehearse`). */
  serviceName?: string;
  /**
   * Runs reporting to a Rehearse server (`report.endpoint`) also send their spans to its
   * `/api/otel/v1/traces` (default true while tracing is set up).
   */
  exportToServer?: boolean;
  /** The reference's switch: `{ disabled: true }` sets nothing up. */
  advanced?: { disabled?: boolean };
  /**
   * The reference's LangWatch export: `"disabled"`, or `{ apiKey, endpoint }` to send spans to
   * `{endpoint}/api/otel/v1/traces` (a Rehearse server accepts them there too). Without it,
   * `LANGWATCH_API_KEY` in the environment turns that export on (to `LANGWATCH_ENDPOINT`).
   */
  langwatch?: "disabled" | { apiKey?: string; endpoint?: string };
  /** Environment to read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}
