import type * as Api from "@opentelemetry/api";
import type * as Resources from "@opentelemetry/resources";
import type * as TraceBase from "@opentelemetry/sdk-trace-base";
import type * as TraceNode from "@opentelemetry/sdk-trace-node";
import { SCENARIO_SDK_VERSION, TRACER_NAME } from "../telemetry/attributes.js";
import { judgeSpanCollector } from "../telemetry/judge-span-collector.js";
import type { InstalledTracing } from "../telemetry/tracing-state.js";
import { FilteringSpanExporter } from "./filters.js";
import { loadOtel } from "./otel-modules.js";
import { otlpExports } from "./otlp-export.js";
import { ProcessorHub } from "./processor-hub.js";
import type { TracingOptions } from "./tracing-options.js";

/** What the setup made: the installed tracing, and how it was attached (for messages and tests). */
export interface OtelSetup {
  tracing: InstalledTracing;
  hub: ProcessorHub;
  /** `attached`: the application's provider; `created`: Rehearse registered one; `foreign`: a provider spans could not be added to. */
  provider: "attached" | "created" | "foreign";
  /** Where spans are exported (for the log line), without credentials. */
  exports: string[];
}

/**
 * Sets OpenTelemetry up for Rehearse (decision 0041): attaches to the
 * application's registered SDK provider when there is one, otherwise
 * registers a `NodeTracerProvider` (async-context propagation and W3C trace
 * context included). Either way one `ProcessorHub` carries the judge's
 * collector, the user's processors, the `traceExporter` (filtered), and the
 * OTLP exports the configuration asks for.
 */
export function setUpOtel(options: TracingOptions, warn: (message: string) => void): OtelSetup {
  const api = loadOtel<typeof Api>("@opentelemetry/api", "the tracing API");
  const base = loadOtel<typeof TraceBase>("@opentelemetry/sdk-trace-base", "span processors");
  const env = options.env ?? process.env;
  const hub = new ProcessorHub();
  const collector = judgeSpanCollector;
  hub.add(collector);
  for (const processor of options.spanProcessors ?? []) hub.add(processor);
  if (options.traceExporter) {
    const exporter = options.spanFilter
      ? new FilteringSpanExporter(options.traceExporter, options.spanFilter)
      : options.traceExporter;
    hub.add(new base.SimpleSpanProcessor(exporter as unknown as TraceBase.SpanExporter) as never);
  }
  const exports = otlpExports(options, env, base, options.spanFilter);
  for (const entry of exports) hub.add(entry.processor);

  const existing = concreteProvider(api.trace.getTracerProvider());
  let provider: OtelSetup["provider"];
  let registered: { getTracer: Api.TracerProvider["getTracer"] } | undefined;
  if (existing && addProcessor(existing, hub)) {
    provider = "attached";
    registered = existing;
  } else if (existing) {
    provider = "foreign";
    registered = existing;
    warn(
      "Tracing: the application's TracerProvider takes no more span processors, so Rehearse's spans go to its " +
        "exporters but the judge sees no spans: add judgeSpanCollector to that provider's spanProcessors",
    );
  } else {
    const node = loadOtel<typeof TraceNode>("@opentelemetry/sdk-trace-node", "a tracer provider");
    const resources = loadOtel<typeof Resources>("@opentelemetry/resources", "the service name");
    const created = new node.NodeTracerProvider({
      resource: resources.resourceFromAttributes({ "service.name": options.serviceName ?? "rehearse" }),
      spanProcessors: [hub as unknown as TraceBase.SpanProcessor],
    });
    created.register();
    provider = "created";
    registered = created;
  }
  for (const instrumentation of options.instrumentations ?? []) enable(instrumentation, registered);

  const tracing: InstalledTracing = {
    api,
    tracer: api.trace.getTracer(TRACER_NAME, SCENARIO_SDK_VERSION),
    collector,
    captureContent: options.captureMessageContent ?? env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT === "true",
    flush: () => hub.forceFlush(),
  };
  return { tracing, hub, provider, exports: exports.map((entry) => entry.description) };
}

/** The SDK provider behind the global one (the API hands out a proxy), or `undefined` when none is registered. */
function concreteProvider(provider: Api.TracerProvider): Api.TracerProvider | undefined {
  const proxy = provider as { getDelegate?: () => Api.TracerProvider };
  const delegate = typeof proxy.getDelegate === "function" ? proxy.getDelegate() : provider;
  return delegate.constructor?.name === "NoopTracerProvider" ? undefined : delegate;
}

/**
 * Adds `processor` to an SDK provider: `addSpanProcessor` where it exists (SDK
 * 1.x, custom providers); SDK 2.x removed it, so there the processor joins the
 * provider's multi-processor list, which its tracers read on every span.
 */
function addProcessor(provider: Api.TracerProvider, processor: ProcessorHub): boolean {
  const withAdd = provider as { addSpanProcessor?: (processor: unknown) => void };
  if (typeof withAdd.addSpanProcessor === "function") {
    withAdd.addSpanProcessor(processor);
    return true;
  }
  const active = (provider as { _activeSpanProcessor?: { _spanProcessors?: unknown[] } })._activeSpanProcessor;
  if (Array.isArray(active?._spanProcessors)) {
    active._spanProcessors.push(processor);
    return true;
  }
  return false;
}

function enable(instrumentation: unknown, provider: unknown): void {
  const candidate = instrumentation as { setTracerProvider?: (provider: unknown) => void; enable?: () => void };
  candidate.setTracerProvider?.(provider);
  candidate.enable?.();
}
