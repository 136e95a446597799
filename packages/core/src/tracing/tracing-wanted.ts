import type { TracingOptions } from "./tracing-options.js";

/**
 * Whether a run should set tracing up by itself (its first run of a
 * context): tracing options in the config, an OTLP endpoint or LangWatch key
 * in the environment, or a `TracerProvider` the application registered.
 * Reads no module: without any of these nothing about OpenTelemetry loads.
 */
export function tracingWanted(options: TracingOptions | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (sdkDisabled(env)) return false;
  if (options !== undefined) return !options.advanced?.disabled;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) return true;
  if (env.LANGWATCH_API_KEY?.trim()) return true;
  return applicationRegisteredTracing();
}

/** OpenTelemetry's API keeps its registrations under this global symbol (version 1 of the API). */
const OTEL_API_GLOBAL = Symbol.for("opentelemetry.js.api.1");

function applicationRegisteredTracing(): boolean {
  const registered = (globalThis as Record<symbol, { trace?: unknown } | undefined>)[OTEL_API_GLOBAL];
  return registered?.trace !== undefined;
}

/** `OTEL_SDK_DISABLED=true`: OpenTelemetry's switch, which Rehearse's tracing honours too. */
export function sdkDisabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true";
}
