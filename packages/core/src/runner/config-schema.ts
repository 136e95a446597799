import { createRequire } from "node:module";
import type * as Zod from "zod";
import { ConfigError } from "../domain/errors.js";
import { priceTableSchema } from "../models/price-schema.js";
import { REDACTION_KINDS, type RedactionKind } from "../redaction/redaction-kinds.js";
import type { RehearseConfig } from "./config.js";
import { describeConfigIssue, primaryIssue } from "./config-issue.js";
import { logLevels } from "./logger.js";
import { defaultModelSchema } from "./model-setting-schema.js";
import { circuitBreakerSchema, rateLimitsSchema } from "./rate-limits-schema.js";
import { timeoutsSchema } from "./timeouts-schema.js";

type ZodModule = typeof Zod;

let zodLoaded: ZodModule | undefined;
let cached: Zod.ZodType<RehearseConfig> | undefined;

/**
 * zod, loaded on first use only (synchronously, so `configure()` can reject
 * bad values on the spot), which keeps it out of `import("@rehearse/core")`.
 */
export function zodModule(): ZodModule {
  zodLoaded ??= createRequire(import.meta.url)("zod") as ZodModule;
  return zodLoaded;
}

/** The schema of `RehearseConfig` (rehearse.config.*, `configure()`, `REHEARSE_*`). */
function schema(): Zod.ZodType<RehearseConfig> {
  if (cached) return cached;
  const zod = zodModule();
  const z = zod.z;
  const reporter = z.custom<NonNullable<RehearseConfig["reporters"]>[number]>(
    (value) => typeof value === "object" && value !== null,
    { message: "a reporter must be an object with optional onEvent/onRunStarted/onMessageSnapshot/onRunFinished hooks" },
  );
  const providerSettings = z.strictObject({
    apiKey: z.string().min(1).optional(),
    baseURL: z.url().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  });
  const positive = z.number().int().min(1).max(10_000);
  cached = z.strictObject({
    maxTurns: z.number().int().min(1).optional(),
    verbose: z.union([z.boolean(), z.number().int().min(0).max(2)], { error: "must be true, false, 0, 1 or 2" }).optional(),
    seed: z.number().int().min(0).max(0xffff_ffff).optional(),
    concurrency: z.number().int().min(1).max(10_000).optional(),
    deliveryTimeoutMs: z.number().int().min(0).max(600_000).optional(),
    reporters: z.array(reporter).optional(),
    tracing: tracingSchema(z).optional(),
    report: z
      .strictObject({
        endpoint: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
        apiKey: z.string().min(1).optional(),
        outboxDir: z.string().min(1).optional(),
        fsync: z.enum(["batch", "always", "off"]).optional(),
        requestTimeoutMs: z.number().int().min(100).max(600_000).optional(),
        redact: z
          .union(
            [
              z.boolean(),
              z.strictObject({
                kinds: z.array(z.enum(REDACTION_KINDS as [RedactionKind, ...RedactionKind[]])).optional(),
                allow: z.array(z.string()).optional(),
                keyPaths: z.array(z.string().min(1)).optional(),
              }),
            ],
            { error: "must be true, false or { kinds?, allow?, keyPaths? }" },
          )
          .optional(),
      })
      .optional(),
    logLevel: z.enum(logLevels).optional(),
    setId: z.string().min(1).optional(),
    defaultModel: defaultModelSchema(zod, "reject").optional(),
    providers: z
      .strictObject({
        openai: providerSettings.optional(),
        anthropic: providerSettings.optional(),
        azure: providerSettings
          .extend({
            resourceName: z.string().min(1).optional(),
            apiVersion: z.string().min(1).optional(),
            useDeploymentBasedUrls: z.boolean().optional(),
          })
          .optional(),
        "openai-compatible": providerSettings.omit({ baseURL: true }).optional(),
      })
      .optional(),
    cassette: z
      .strictObject({
        mode: z.enum(["off", "record", "replay", "auto"]).optional(),
        directory: z.string().min(1).optional(),
      })
      .optional(),
    cacheKey: z.string().optional(),
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(20).optional(),
        initialDelayMs: z.number().int().min(0).max(600_000).optional(),
        maxDelayMs: z.number().int().min(0).max(3_600_000).optional(),
      })
      .optional(),
    modelConcurrency: z
      .union([positive, z.record(z.string(), positive)], {
        error: 'must be a number from 1 to 10000, or one per model: { "openai:gpt-4.1-mini": 2, default: 4 }',
      })
      .optional(),
    rateLimits: rateLimitsSchema(zod).optional(),
    circuitBreaker: circuitBreakerSchema(zod).optional(),
    prices: priceTableSchema(z).optional(),
    timeouts: timeoutsSchema(zod).optional(),
    budget: z
      .strictObject({ maxCostUsd: z.number().positive().optional(), maxTokens: z.number().int().positive().optional() })
      .optional(),
    debug: z
      .union(
        [
          z.boolean(),
          z.strictObject({
            tty: z.literal("/dev/tty").optional(),
            input: z.custom<NodeJS.ReadableStream>(isStream, { message: "must be a readable stream" }).optional(),
            output: z.custom<NodeJS.WritableStream>(isStream, { message: "must be a writable stream" }).optional(),
          }),
        ],
        { error: 'must be true, false or { tty: "/dev/tty" }' },
      )
      .optional(),
  }) as unknown as Zod.ZodType<RehearseConfig>;
  return cached;
}

/** `tracing`: the options of `setupTracing`, objects from OpenTelemetry checked by shape. */
function tracingSchema(z: ZodModule["z"]) {
  const withMethod = (method: string, what: string) =>
    z.custom<never>(
      (value) => typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[method] === "function",
      {
        message: `must be ${what} (an object with ${method}())`,
      },
    );
  return z.strictObject({
    spanFilter: z
      .custom<never>((value) => Array.isArray(value) || typeof value === "function", {
        message: "must be filter rules (scenarioOnly, withCustomScopes(…)) or a function of the span",
      })
      .optional(),
    spanProcessors: z.array(withMethod("onEnd", "a span processor")).optional(),
    traceExporter: withMethod("export", "a span exporter").optional(),
    instrumentations: z.array(z.unknown()).optional(),
    otlp: z
      .union(
        [
          z.literal(false),
          z.strictObject({ endpoint: z.url().optional(), headers: z.record(z.string(), z.string()).optional() }),
        ],
        {
          error: "must be false or { endpoint?, headers? }",
        },
      )
      .optional(),
    captureMessageContent: z.boolean().optional(),
    serviceName: z.string().min(1).optional(),
    exportToServer: z.boolean().optional(),
    advanced: z.object({ disabled: z.boolean().optional() }).optional(),
    langwatch: z
      .union([z.literal("disabled"), z.object({ apiKey: z.string().optional(), endpoint: z.string().optional() })])
      .optional(),
    env: z.record(z.string(), z.string().optional()).optional(),
  });
}

/** The top-level keys of `RehearseConfig`, as the schema knows them. */
export function rehearseConfigKeys(): string[] {
  return Object.keys((schema() as unknown as { shape: Record<string, unknown> }).shape);
}

function isStream(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { on?: unknown }).on === "function";
}

/** Keys of the reference's scenario.config.js that mean nothing in rehearse.config.* or `configure()`. */
const referenceOnlyKeys: Record<string, string> = {
  headless: "Rehearse never opens a browser, so remove it",
  observability: "it is the name scenario.config.js uses; here the same options are called `tracing`",
};

/**
 * Validates `value` as a config from `source` (a file path, `configure()`,
 * `createRehearse({ config })`). Throws a `ConfigError` reading
 * `source: field: problem`, with a did-you-mean for unknown keys.
 * `variableOf` maps a field to the environment variable it came from: the
 * message then names the variable alone (`REHEARSE_SEED: …`).
 *
 * @example
 * parseConfig({ maxTurn: 3 }, "configure()"); // throws: configure(): maxTurn: unknown key "maxTurn" (did you mean "maxTurns"?)
 */
export function parseConfig(value: unknown, source: string, variableOf?: (path: string) => string | undefined): RehearseConfig {
  const config = schema();
  const parsed = config.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = primaryIssue(parsed.error.issues);
  if (!issue) throw new ConfigError(`${source}: the config is invalid`, { source });
  const { path, problem } = describeConfigIssue(issue, {
    value,
    schema: config,
    misplaced: (key, parent) =>
      parent.length === 0 && referenceOnlyKeys[key]
        ? `"${key}" is a setting of @langwatch/scenario's scenario.config.js, not of rehearse.config.*: ${referenceOnlyKeys[key]} (scenario.config.js may keep it)`
        : undefined,
  });
  const variable = variableOf?.(path);
  const origin = variable ?? source;
  const message = variable || !path ? `${origin}: ${problem}` : `${origin}: ${path}: ${problem}`;
  throw new ConfigError(message, { source: origin, ...(path ? { path } : {}) });
}
