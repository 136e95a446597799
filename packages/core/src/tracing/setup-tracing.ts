import type * as TraceBase from "@opentelemetry/sdk-trace-base";
import { type InstalledTracing, installedTracing, installTracing } from "../telemetry/tracing-state.js";
import type { SpanFilter } from "./filters.js";
import { loadOtel } from "./otel-modules.js";
import { type OtelSetup, setUpOtel } from "./otel-setup.js";
import { serverExport } from "./otlp-export.js";
import type { TracingOptions } from "./tracing-options.js";
import { sdkDisabled } from "./tracing-wanted.js";

/**
 * This process's tracing setup, as OpenTelemetry's registration is per
 * process (and the reference's `_initialized` flag): set once by
 * `setupTracing` or a run's lazy setup, never holding run data.
 */
const processTracing: {
  setup?: OtelSetup;
  /** Decided without tracing: `advanced.disabled` or `OTEL_SDK_DISABLED=true`. */
  disabled?: boolean;
  filter?: SpanFilter | undefined;
  /** Rehearse servers already exported to (`endpoint key` pairs). */
  servers: Set<string>;
  flushOnExit?: boolean;
} = { servers: new Set() };

/**
 * Sets tracing up for every run of this process: spans for runs, turns,
 * agent, model and tool calls (decision 0041); the judge's span collector is
 * always installed, so judges read the agent's own spans. Attaches to the
 * application's registered `TracerProvider` when there is one, otherwise
 * registers a new one. Idempotent: later calls (and the lazy setup of
 * `run()`) do nothing. Exports only to the exporters given or configured.
 *
 * @throws ConfigError naming the packages to install when the OpenTelemetry peers are missing.
 *
 * @example
 * ```ts
 * import { setupTracing, scenarioOnly } from "@rehearse/core";
 * import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
 * const exporter = new InMemorySpanExporter();
 * setupTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)], spanFilter: scenarioOnly });
 * ```
 */
export function setupTracing(options: TracingOptions = {}): void {
  installTracingOnce(options, (message) => process.emitWarning(message, "RehearseTracing"));
}

/** The reference's name for `setupTracing`. */
export const setupScenarioTracing: (options?: TracingOptions) => void = setupTracing;

/**
 * The lazy setup of a run (and `setupTracing`): nothing when tracing is
 * already decided; otherwise sets it up with `options`. Returns the
 * installed tracing, or `undefined` when it is off.
 */
export function installTracingOnce(options: TracingOptions, warn: (message: string) => void): InstalledTracing | undefined {
  const current = installedTracing();
  if (current || processTracing.disabled) return current;
  const env = options.env ?? process.env;
  if (options.advanced?.disabled || sdkDisabled(env)) {
    processTracing.disabled = true;
    return undefined;
  }
  const setup = setUpOtel(options, warn);
  processTracing.setup = setup;
  processTracing.filter = options.spanFilter;
  installTracing(setup.tracing);
  if (setup.exports.length > 0) flushOnExit();
  return setup.tracing;
}

/**
 * Sends this process's spans to a Rehearse server's OTLP endpoint too (runs
 * that report to it call this; once per endpoint and key).
 */
export function exportToServer(endpoint: string, apiKey: string): void {
  const setup = processTracing.setup;
  const key = `${endpoint} ${apiKey}`;
  if (!setup || processTracing.servers.has(key)) return;
  processTracing.servers.add(key);
  const base = loadOtel<typeof TraceBase>("@opentelemetry/sdk-trace-base", "span processors");
  setup.hub.add(serverExport(base, endpoint, apiKey, processTracing.filter).processor);
  flushOnExit();
}

/** Flushes every exporter Rehearse added (a CLI run calls it before exiting). */
export function flushTracing(): Promise<void> {
  return installedTracing()?.flush() ?? Promise.resolve();
}

/** Exports still buffered when Node is about to exit are sent first. */
function flushOnExit(): void {
  if (processTracing.flushOnExit) return;
  processTracing.flushOnExit = true;
  process.once("beforeExit", () => {
    void flushTracing();
  });
}
