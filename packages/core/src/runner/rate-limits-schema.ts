import type * as Zod from "zod";
import { closestMatch } from "../domain/did-you-mean.js";
import type { CircuitBreakerSettings } from "../models/circuit-breaker.js";
import { checkModelId, providerNames } from "../models/model-id-check.js";
import type { RateLimitSettings } from "../models/rate-limit-bucket.js";

/** What a `rateLimits` key may be, for its error. */
const keyForms = `a model id ("openai:gpt-4.1-mini"), a provider (${providerNames.join(", ")}) or default`;

/**
 * The schema of `rateLimits`: keys are model ids, provider names or `default`
 * (a misspelt one is named with the key probably meant); each entry sets at
 * least one of `requestsPerMinute`, `tokensPerMinute` and `maxConcurrency`.
 */
export function rateLimitsSchema(zod: typeof Zod): Zod.ZodType<Record<string, RateLimitSettings>> {
  const z = zod.z;
  const count = (most: number) => z.number().int().min(1).max(most).optional();
  const entry = z
    .strictObject({
      requestsPerMinute: count(100_000_000),
      tokensPerMinute: count(10_000_000_000),
      maxConcurrency: count(10_000),
    })
    .refine((settings) => Object.keys(settings).length > 0, {
      error: "set requestsPerMinute, tokensPerMinute or maxConcurrency",
    });
  return z.record(z.string(), entry).superRefine((limits, context) => {
    for (const key of Object.keys(limits)) {
      const problem = keyProblem(key);
      if (problem) context.addIssue({ code: "custom", path: [key], message: problem });
    }
  });
}

/** The schema of `circuitBreaker`. */
export function circuitBreakerSchema(zod: typeof Zod): Zod.ZodType<Partial<CircuitBreakerSettings>> {
  const z = zod.z;
  return z.strictObject({
    failureThreshold: z.number().int().min(1).max(1_000).optional(),
    cooldownMs: z.number().int().min(0).max(3_600_000).optional(),
  });
}

function keyProblem(key: string): string | undefined {
  if (key === "default" || (providerNames as readonly string[]).includes(key)) return undefined;
  if (key.includes("|"))
    return 'is a fallback chain: limits are set per model or per provider, e.g. "openai:gpt-4.1-mini" or "openai"';
  if (!key.includes(":")) {
    const match = closestMatch(key, ["default", ...providerNames]);
    return `unknown key "${key}"${match ? ` (did you mean "${match}"?)` : ""}: ${keyForms}`;
  }
  const check = checkModelId(key);
  return check.ok ? undefined : check.message;
}
