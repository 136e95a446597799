import type { Context } from "@opentelemetry/api";
import type { InstalledTracing } from "./tracing-state.js";

/**
 * A run's tracing as its model calls see it: the process's tracing, and the
 * span a model call of `role` hangs under. Harness agents (user simulator,
 * judges, attacker) are not run in an async context of their own (one per
 * call costs more than it gives): their current call's context is handed
 * over here; the agent under test's calls are the active context.
 */
export interface RunModelTracing {
  readonly tracing: InstalledTracing;
  parentFor(role: string): Context;
}
