import type { Reporter } from "../domain/event.js";
import type { ModelReference, ModelSettings } from "../domain/models.js";
import type { Timeouts } from "../domain/timeouts.js";
import type { CircuitBreakerSettings } from "../models/circuit-breaker.js";
import type { ModelPrice } from "../models/prices.js";
import type { RateLimitSettings } from "../models/rate-limit-bucket.js";
import type { RedactionOptions } from "../redaction/redaction-rules.js";
import type { TracingOptions } from "../tracing/tracing-options.js";
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
  /**
   * Send every run's events to a Rehearse server (off unless `endpoint` is
   * set): through a durable outbox on disk, so a slow or unreachable server
   * never fails or slows a run (docs/decisions/0025).
   */
  report?: ReportConfig;
  /**
   * OpenTelemetry tracing (docs/tracing.md): with this set, the first run sets tracing up as
   * `setupTracing(tracing)` would. Tracing is also set up without it when an OTLP endpoint is
   * in the environment or the application registered a `TracerProvider`.
   */
  tracing?: TracingOptions;
  /** Library log level (`warn`). */
  logLevel?: LogLevel;
  /** Default `setId` (`"default"`). */
  setId?: string;
  /**
   * Model of the user simulator and judge when they are given none: an AI SDK
   * model, an id (`openai:gpt-4.1-mini`, `anthropic:claude-haiku-4-5`,
   * `openai-compatible:http://127.0.0.1:11434/v1#llama3.2`), or
   * `{ model, temperature?, maxTokens?, providerOptions? }`.
   */
  defaultModel?: ModelReference | ModelSettings;
  /** Provider settings for registry ids; keys and base URLs otherwise come from the usual env vars. */
  providers?: ProvidersConfig;
  /** Record/replay of model calls (off unless set). */
  cassette?: CassetteConfig;
  /** Part of every cassette key: change it to re-record everything. */
  cacheKey?: string;
  /** Retries of rate-limited (429) and failed (5xx) model calls. */
  retry?: RetryConfig;
  /** Most model calls in flight per model (`provider:modelId`): one number for all, or per model with `default`. */
  modelConcurrency?: number | Record<string, number>;
  /**
   * Rate limits of model calls (off unless set; docs/decisions/0040): per model id
   * (`"openai:gpt-4.1-mini"`), per provider (`openai`: one budget for all its
   * models) or `default` (each model its own): `requestsPerMinute` and
   * `tokensPerMinute`, shared by every context and worker given the same
   * `rateLimitStore`, and `maxConcurrency`, a ceiling that halves on a 429 and
   * grows back by one per success. A 429's `Retry-After` makes every caller wait.
   */
  rateLimits?: Record<string, RateLimitSettings>;
  /**
   * When a fallback chain (`"openai:gpt-4.1-mini | anthropic:claude-3-5-haiku-latest"`)
   * skips a provider: after `failureThreshold` (5) consecutive failed calls its
   * circuit opens for `cooldownMs` (30 000), then one probe call may try it again.
   */
  circuitBreaker?: Partial<CircuitBreakerSettings>;
  /** Prices in USD per million tokens, added to (and overriding) the built-in dated table. */
  prices?: Record<string, ModelPrice>;
  /** Stops a batch with `error` once spent. */
  budget?: BudgetConfig;
  /**
   * Real-time limits in ms (0: none): each call of the agent under test
   * (`agentCallMs`, 60 000), each model call (`modelCallMs`, 60 000) and the
   * whole scenario (`scenarioMs`, 1 800 000). A scenario's own `timeouts` win.
   */
  timeouts?: Timeouts;
  /**
   * Pause before each simulated user turn: Enter lets the simulator speak,
   * typed text is sent instead. Needs a terminal; `{ tty: "/dev/tty" }` opts in
   * to the controlling terminal when stdin is not one (test runners).
   */
  debug?: boolean | DebugConfig;
}

/** Where and how runs report to a Rehearse server. */
export interface ReportConfig {
  /** The server's base URL (`http://…` or `https://…`); events go to `<endpoint>/api/v1/events`. Reporting is on only when it is set. */
  endpoint?: string;
  /** The server's API key, sent as `Authorization: Bearer <apiKey>`; required with `endpoint`. */
  apiKey?: string;
  /** Where unsent events wait (default `.rehearse/outbox` under the working directory). */
  outboxDir?: string;
  /** When events reach the disk: `batch` (default, every 50 ms or 100 events), `always`, `off`. */
  fsync?: "batch" | "always" | "off";
  /** How long one delivery request may take before it counts as failed and is retried (default 10 000 ms). */
  requestTimeoutMs?: number;
  /**
   * Secrets and personal data become placeholders (`[EMAIL_1]`, `[OPENAI_KEY_1]`)
   * before events are written to the outbox or sent (default `true`).
   * `{ allow, keyPaths, kinds }` narrows or extends what is replaced;
   * `false` sends events as they are (a team on its own host).
   */
  redact?: boolean | RedactionOptions;
}

/** Settings of one provider. */
export interface ProviderSettings {
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
}

/** Settings of Azure OpenAI (`azure:<deployment>`). */
export interface AzureProviderSettings extends ProviderSettings {
  /** `https://<resourceName>.openai.azure.com` (or `AZURE_RESOURCE_NAME`); `baseURL` (or `AZURE_BASE_URL`) wins. */
  resourceName?: string;
  /** The `api-version` query parameter (default `v1`). */
  apiVersion?: string;
  /** Call `…/deployments/<deployment>/…` URLs instead of `…/v1/…`. */
  useDeploymentBasedUrls?: boolean;
}

/** Provider settings by provider id. */
export interface ProvidersConfig {
  openai?: ProviderSettings;
  anthropic?: ProviderSettings;
  azure?: AzureProviderSettings;
  "openai-compatible"?: Omit<ProviderSettings, "baseURL">;
}

/** Record/replay settings. */
export interface CassetteConfig {
  /** `off` (default), `record`, `replay` (a miss is an error), `auto` (replay, record misses). */
  mode?: "off" | "record" | "replay" | "auto";
  /** Where cassettes live (default `.rehearse/cassettes` under the working directory). */
  directory?: string;
}

/** Retry policy of model calls. */
export interface RetryConfig {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /** First back-off in ms (default 1 000), doubled each time, with jitter. */
  initialDelayMs?: number;
  /** Longest wait in ms (default 60 000); a `Retry-After` above it fails the call. */
  maxDelayMs?: number;
}

/** Spending limits of a batch. */
export interface BudgetConfig {
  maxCostUsd?: number;
  maxTokens?: number;
}

/** Debug-mode terminal settings. */
export interface DebugConfig {
  /** Use the controlling terminal when stdin is not a TTY. */
  tty?: "/dev/tty";
  /** Streams to use instead of a terminal (tests, custom front ends). */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
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
 * What `configure()` takes: a `RehearseConfig`, plus the reference's one
 * `configure()` key, `audioPlayback` (play voice runs on the speakers). Rehearse
 * has no voice runs yet, so `audioPlayback: true` is accepted with a notice
 * that it is not applied; `false` asks for nothing.
 */
export interface ConfigureOptions extends RehearseConfig {
  /** The reference's voice playback switch. Not applied (a notice says so when `true`). */
  audioPlayback?: boolean;
}

/**
 * The reference's `scenario.config.{js,mjs}` (`@langwatch/scenario`), which
 * Rehearse also reads, below `rehearse.config.*` (docs/decisions/0015).
 * Only `defaultModel` changes what Rehearse does.
 */
export interface ScenarioProjectConfig {
  /** Model of the user simulator and judge when they are given none (as in `RehearseConfig`). */
  defaultModel?: ModelReference | ModelSettings;
  /** Accepted; Rehearse never opens a browser, so it has nothing to do. */
  headless?: boolean;
  /** The reference's tracing setup, applied as Rehearse's `tracing` (the reference's option names are Rehearse's). */
  observability?: Record<string, unknown>;
}

/**
 * Types a config file's default export: `rehearse.config.{mjs,js,ts}` takes a
 * `RehearseConfig`; the reference's `scenario.config.{js,mjs}` a
 * `ScenarioProjectConfig`. It returns its argument.
 *
 * @example
 * ```ts
 * // rehearse.config.mjs
 * import { defineConfig } from "@rehearse/core";
 * export default defineConfig({ maxTurns: 6, seed: 42 });
 *
 * // scenario.config.js, as written for @langwatch/scenario
 * import { openai } from "@ai-sdk/openai";
 * export default defineConfig({ defaultModel: { model: openai("gpt-4.1-mini"), temperature: 0.2 } });
 * ```
 */
export function defineConfig(config: RehearseConfig): RehearseConfig;
export function defineConfig(config: ScenarioProjectConfig): ScenarioProjectConfig;
export function defineConfig(config: RehearseConfig | ScenarioProjectConfig): RehearseConfig | ScenarioProjectConfig {
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
  REHEARSE_DEFAULT_MODEL: "defaultModel",
  REHEARSE_CACHE_KEY: "cacheKey",
  REHEARSE_CASSETTE: "cassette",
  REHEARSE_DEBUG: "debug",
  REHEARSE_MODEL_CONCURRENCY: "modelConcurrency",
  REHEARSE_ENDPOINT: "report",
  REHEARSE_API_KEY: "report",
  REHEARSE_OUTBOX_DIR: "report",
} as const satisfies Record<string, keyof RehearseConfig>;
