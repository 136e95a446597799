import type * as TraceBase from "@opentelemetry/sdk-trace-base";
import type { TraceSpanExporter, TraceSpanProcessor } from "../telemetry/span-types.js";
import { FilteringSpanExporter, type SpanFilter } from "./filters.js";
import { loadOtel } from "./otel-modules.js";
import type { TracingOptions } from "./tracing-options.js";

/** An export Rehearse adds: its processor, and a description without credentials. */
export interface OtlpExport {
  processor: TraceSpanProcessor;
  description: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The OTLP exports the options and environment ask for, and no other:
 * `otlp.endpoint` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as given) or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`); LangWatch's endpoint when
 * a LangWatch key is given. Nothing is exported without one of them.
 */
export function otlpExports(
  options: TracingOptions,
  env: Env,
  base: typeof TraceBase,
  filter: SpanFilter | undefined,
): OtlpExport[] {
  const exports: OtlpExport[] = [];
  const endpoint = otlpEndpoint(options, env);
  if (endpoint !== undefined) {
    const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
    const headers = options.otlp ? options.otlp.headers : undefined;
    exports.push(otlpExport(base, endpoint, headers, protocol === "http/protobuf", filter));
  }
  const langwatch = langwatchExport(options, env);
  if (langwatch) {
    exports.push(
      otlpExport(base, `${trimSlash(langwatch.endpoint)}/api/otel/v1/traces`, bearer(langwatch.apiKey), false, filter),
    );
  }
  return exports;
}

/** An export to a Rehearse server's OTLP endpoint with the reporting key (runs that report add it). */
export function serverExport(
  base: typeof TraceBase,
  endpoint: string,
  apiKey: string,
  filter: SpanFilter | undefined,
): OtlpExport {
  return otlpExport(base, `${trimSlash(endpoint)}/api/otel/v1/traces`, bearer(apiKey), false, filter);
}

function otlpEndpoint(options: TracingOptions, env: Env): string | undefined {
  if (options.otlp === false) return undefined;
  if (options.otlp?.endpoint) return options.otlp.endpoint;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const general = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return general ? `${trimSlash(general)}/v1/traces` : undefined;
}

function langwatchExport(options: TracingOptions, env: Env): { apiKey: string; endpoint: string } | undefined {
  const setting = options.langwatch;
  if (setting === "disabled") return undefined;
  const apiKey = setting?.apiKey ?? env.LANGWATCH_API_KEY;
  if (!apiKey) return undefined;
  return { apiKey, endpoint: setting?.endpoint ?? env.LANGWATCH_ENDPOINT ?? "https://app.langwatch.ai" };
}

function otlpExport(
  base: typeof TraceBase,
  url: string,
  headers: Record<string, string> | undefined,
  protobuf: boolean,
  filter: SpanFilter | undefined,
): OtlpExport {
  const name = protobuf ? "@opentelemetry/exporter-trace-otlp-proto" : "@opentelemetry/exporter-trace-otlp-http";
  const module = loadOtel<{ OTLPTraceExporter: new (config: { url: string; headers?: Record<string, string> }) => unknown }>(
    name,
    "OTLP export",
  );
  const exporter = new module.OTLPTraceExporter({ url, ...(headers ? { headers } : {}) }) as TraceSpanExporter;
  const filtered = filter ? new FilteringSpanExporter(exporter, filter) : exporter;
  const processor = new base.BatchSpanProcessor(filtered as unknown as TraceBase.SpanExporter, {
    scheduledDelayMillis: 1_000,
  }) as unknown as TraceSpanProcessor;
  return { processor, description: `${url} (${protobuf ? "protobuf" : "JSON"})` };
}

function bearer(apiKey: string): Record<string, string> {
  return { Authorization: `Bearer ${apiKey}` };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
