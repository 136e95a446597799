import { installedTracing } from "../telemetry/tracing-state.js";
import type { RunIdentity, RunTrace, traceRun as TraceRun } from "../tracing/run-tracing.js";
import { tracingWanted } from "../tracing/tracing-wanted.js";
import type { ResolvedConfig } from "./context-config.js";

/** A context's tracing: decided with its first run for each config (decision 0041). */
export interface TracingSlot {
  /** True once `prepare` ran for `config` (a run may then start without awaiting anything). */
  isReadyFor(config: ResolvedConfig): boolean;
  /**
   * Sets tracing up when the config or the environment asks for it, or the
   * application registered a provider (nothing about it loads otherwise), and
   * adds the export to the Rehearse server the context reports to.
   */
  prepare(config: ResolvedConfig): Promise<void>;
  /** Flushes the exports (before the reporter closes). */
  flush(): Promise<void>;
  /** A run's spans, when tracing is set up in this process (by this context or by `setupTracing`). */
  forRun(traceRun: typeof TraceRun, run: RunIdentity): RunTrace | undefined;
}

export function createTracingSlot(options: {
  environment: Readonly<Record<string, string | undefined>>;
  warn(config: ResolvedConfig, message: string): void;
}): TracingSlot {
  let checkedFor: ResolvedConfig | undefined;
  return {
    isReadyFor: (config) => checkedFor === config,
    async prepare(config) {
      if (checkedFor === config) return;
      checkedFor = config;
      const tracing = config.tracing;
      if (!installedTracing() && !tracingWanted(tracing, options.environment)) return;
      const setup = await import("../tracing/setup-tracing.js");
      setup.installTracingOnce({ ...tracing, env: tracing?.env ?? options.environment }, (message) =>
        options.warn(config, message),
      );
      const { report } = config;
      if (installedTracing() && report?.endpoint && report.apiKey && tracing?.exportToServer !== false)
        setup.exportToServer(report.endpoint, report.apiKey);
    },
    flush: () => installedTracing()?.flush() ?? Promise.resolve(),
    forRun(traceRun, run) {
      const tracing = installedTracing();
      return tracing ? traceRun(tracing, run) : undefined;
    },
  };
}
