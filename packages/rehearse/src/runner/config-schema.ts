import { createRequire } from "node:module";
import type * as Zod from "zod";
import { ConfigError } from "../domain/errors.js";
import type { RehearseConfig } from "./config.js";
import { logLevels } from "./logger.js";

type ZodModule = typeof Zod;

let cached: { zod: ZodModule; config: Zod.ZodType<RehearseConfig> } | undefined;

/**
 * The config schema. zod is loaded on first use only (synchronously, so
 * `configure()` can reject bad values on the spot), which keeps it out of
 * `import("rehearse")`.
 */
function schema(): { zod: ZodModule; config: Zod.ZodType<RehearseConfig> } {
  if (cached) return cached;
  const zod = createRequire(import.meta.url)("zod") as ZodModule;
  const z = zod.z;
  const reporter = z.custom<NonNullable<RehearseConfig["reporters"]>[number]>(
    (value) => typeof value === "object" && value !== null,
    { message: "a reporter must be an object with optional onEvent/onRunStarted/onMessageSnapshot/onRunFinished hooks" },
  );
  const config = z.strictObject({
    maxTurns: z.number().int().min(1).optional(),
    verbose: z.union([z.boolean(), z.number().int().min(0).max(2)]).optional(),
    seed: z.number().int().min(0).max(0xffff_ffff).optional(),
    concurrency: z.number().int().min(1).max(10_000).optional(),
    deliveryTimeoutMs: z.number().int().min(0).max(600_000).optional(),
    reporters: z.array(reporter).optional(),
    logLevel: z.enum(logLevels).optional(),
    setId: z.string().min(1).optional(),
    defaultModel: z.unknown().optional(),
  }) as unknown as Zod.ZodType<RehearseConfig>;
  cached = { zod, config };
  return cached;
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
