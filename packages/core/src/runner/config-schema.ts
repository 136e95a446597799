import { createRequire } from "node:module";
import type * as Zod from "zod";
import { ConfigError } from "../domain/errors.js";
import { priceTableSchema } from "../models/price-schema.js";
import type { RehearseConfig } from "./config.js";
import { logLevels } from "./logger.js";

type ZodModule = typeof Zod;

let cached: { zod: ZodModule; config: Zod.ZodType<RehearseConfig> } | undefined;

/**
 * The config schema. zod is loaded on first use only (synchronously, so
 * `configure()` can reject bad values on the spot), which keeps it out of
 * `import("@rehearse/core")`.
 */
function schema(): { zod: ZodModule; config: Zod.ZodType<RehearseConfig> } {
  if (cached) return cached;
  const zod = createRequire(import.meta.url)("zod") as ZodModule;
  const z = zod.z;
  const reporter = z.custom<NonNullable<RehearseConfig["reporters"]>[number]>(
    (value) => typeof value === "object" && value !== null,
    { message: "a reporter must be an object with optional onEvent/onRunStarted/onMessageSnapshot/onRunFinished hooks" },
  );
  const modelReference = z.union([
    z.string().regex(/^[a-z-]+:.+/, 'a model id is provider:model, e.g. "openai:gpt-4.1-mini"'),
    z.custom<object>(
      (value) =>
        typeof value === "object" && value !== null && typeof (value as { doGenerate?: unknown }).doGenerate === "function",
      { message: "must be a model id string or an AI SDK language model (an object with doGenerate)" },
    ),
  ]);
  const modelSettings = z.strictObject({
    model: modelReference,
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  });
  const providerSettings = z.strictObject({
    apiKey: z.string().min(1).optional(),
    baseURL: z.url().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  });
  const positive = z.number().int().min(1).max(10_000);
  const config = z.strictObject({
    maxTurns: z.number().int().min(1).optional(),
    verbose: z.union([z.boolean(), z.number().int().min(0).max(2)]).optional(),
    seed: z.number().int().min(0).max(0xffff_ffff).optional(),
    concurrency: z.number().int().min(1).max(10_000).optional(),
    deliveryTimeoutMs: z.number().int().min(0).max(600_000).optional(),
    reporters: z.array(reporter).optional(),
    logLevel: z.enum(logLevels).optional(),
    setId: z.string().min(1).optional(),
    defaultModel: z.union([modelReference, modelSettings]).optional(),
    providers: z
      .strictObject({
        openai: providerSettings.optional(),
        anthropic: providerSettings.optional(),
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
    modelConcurrency: z.union([positive, z.record(z.string(), positive)]).optional(),
    prices: priceTableSchema(z).optional(),
    budget: z
      .strictObject({ maxCostUsd: z.number().positive().optional(), maxTokens: z.number().int().positive().optional() })
      .optional(),
    debug: z
      .union([
        z.boolean(),
        z.strictObject({
          tty: z.literal("/dev/tty").optional(),
          input: z.custom<NodeJS.ReadableStream>(isStream, { message: "debug.input must be a readable stream" }).optional(),
          output: z.custom<NodeJS.WritableStream>(isStream, { message: "debug.output must be a writable stream" }).optional(),
        }),
      ])
      .optional(),
  }) as unknown as Zod.ZodType<RehearseConfig>;
  cached = { zod, config };
  return cached;
}

function isStream(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { on?: unknown }).on === "function";
}

/**
 * Validates `value` as a config from `source` (a file path, `configure()`,
 * an env var). Throws a `ConfigError` naming the source and the field.
 */
export function parseConfig(value: unknown, source: string, fieldSource?: (path: string) => string): RehearseConfig {
  const { config } = schema();
  const parsed = config.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join(".") ?? "";
  const origin = fieldSource ? fieldSource(path) : source;
  const field = path ? `\`${path}\`` : "the config";
  throw new ConfigError(`${origin}: ${field} ${issue?.message ?? "is invalid"}`, {
    source: origin,
    ...(path ? { path } : {}),
  });
}
