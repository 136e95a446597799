import type { Reporter } from "../domain/event.js";
import type { LogLevel } from "./logger.js";

/**
 * Project-wide settings: from `configure()`, `rehearse.config.{mjs,js,ts}`,
 * `REHEARSE_*` environment variables, and built-in defaults, in that order
 * of precedence (per-call options beat them all).
 */
export interface RehearseConfig {
  /** Default `maxTurns` (10). */
  maxTurns?: number;
  /** Print conversations as they happen; `2` prefixes lines with the scenario name. */
  verbose?: boolean | number;
  /** Base seed: each run's seed derives from it and the scenario id; random when omitted. */
  seed?: number;
  /** Default concurrency of `runMany` (8). */
  concurrency?: number;
  /** How long a run waits for its reporters after finishing, in ms (5 000). */
  deliveryTimeoutMs?: number;
  /** Reporters every run sends its events to. */
  reporters?: Reporter[];
  /** Library log level (`warn`). */
  logLevel?: LogLevel;
  /** Default `setId` (`"default"`). */
  setId?: string;
  /** Model used by model-backed agents that are given none (used from the model-backed agents on). */
  defaultModel?: unknown;
}

/** Built-in defaults. */
export const configDefaults = {
  maxTurns: 10,
  verbose: false,
  concurrency: 8,
  deliveryTimeoutMs: 5_000,
  logLevel: "warn",
  setId: "default",
} as const satisfies RehearseConfig;

/**
 * Types a config file's default export.
 *
 * @example
 * ```ts
 * // rehearse.config.mjs
 * import { defineConfig } from "rehearse";
 * export default defineConfig({ maxTurns: 6, seed: 42 });
 * ```
 */
export function defineConfig(config: RehearseConfig): RehearseConfig {
  return config;
}

/** Environment variables read, and the config key each sets. */
export const environmentKeys = {
  REHEARSE_MAX_TURNS: "maxTurns",
  REHEARSE_VERBOSE: "verbose",
  REHEARSE_SEED: "seed",
  REHEARSE_CONCURRENCY: "concurrency",
  REHEARSE_DELIVERY_TIMEOUT_MS: "deliveryTimeoutMs",
  REHEARSE_LOG_LEVEL: "logLevel",
  REHEARSE_SET_ID: "setId",
} as const satisfies Record<string, keyof RehearseConfig>;
