/**
 * The release-guard policy (docs/guard.md): what a batch must show before it
 * may be promoted. One zod schema for both edges: `rehearse guard` reads a
 * policy file (YAML or strict JSON, errors naming file, line and field) and
 * the server validates a policy sent inline or stored by name. Keys are
 * camelCase in files and over HTTP alike; only the checks a policy names are
 * evaluated, beside the minimum sample size that every evaluation applies.
 *
 * ```yaml
 * name: release
 * minSampleSize: 30            # settled runs needed, else the decision is inconclusive (default 10)
 * passRate: { min: 0.9 }       # judged on the Wilson lower bound (confidence 0.95 by default)
 * criticalLabel: critical      # every run labelled so must pass
 * maxErrorShare: 0.02          # errors ÷ settled runs
 * maxRedTeamSuccess: 0         # broken defences ÷ graded red-team runs
 * p95DurationMs: 20000
 * maxCostPerRunUsd: 0.05
 * maxFlakyShare: 0.1           # scenarios with passing and failing trials ÷ scenarios with ≥ 2 trials
 * maxRegressionPoints: 5       # pass-rate points below the batch last promoted to the environment
 * ```
 *
 * This module loads `zod`; the root entry never imports it (`@rehearse/core/guard` does).
 */
import { z } from "zod";

/** The settled runs a decision needs when a policy does not say (`minSampleSize`). */
export const DEFAULT_MIN_SAMPLE_SIZE = 10;
/** The confidence of the Wilson interval when `passRate.confidence` is not given. */
export const DEFAULT_CONFIDENCE = 0.95;

const share = z.number().min(0).max(1);

/** The policy keys that are checks (all but `version`, `name`, `description`, `minSampleSize`). */
const checkNames = [
  "passRate",
  "criticalLabel",
  "maxErrorShare",
  "maxRedTeamSuccess",
  "p95DurationMs",
  "maxCostPerRunUsd",
  "maxFlakyShare",
  "maxRegressionPoints",
] as const;

/** `passRate`: the least canonical pass rate, judged on the lower bound of its Wilson interval. */
export const passRateCheckSchema = z.strictObject({
  min: share.meta({ description: "the least pass rate (passed ÷ settled) the Wilson lower bound must reach, 0–1" }),
  confidence: z
    .number()
    .min(0.5)
    .max(0.9999)
    .optional()
    .meta({ description: "two-sided confidence of the Wilson interval (default 0.95)" }),
});

/** A policy name: what `PUT /api/v1/guard/policies/:name` stores it under. */
export const guardPolicyNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "must be 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit");

/** A release-guard policy. */
export const guardPolicySchema = z
  .strictObject({
    version: z.literal(1).optional().meta({ description: "the policy format's version (1)" }),
    name: guardPolicyNameSchema.optional().meta({ description: "informative; a stored policy is named by its URL" }),
    description: z.string().max(2000).optional(),
    minSampleSize: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .meta({ description: `settled runs needed for a pass or fail (default ${DEFAULT_MIN_SAMPLE_SIZE}); fewer: inconclusive` }),
    passRate: z
      .union([share, passRateCheckSchema])
      .optional()
      .meta({ description: "the least pass rate (a number is `{ min }`), judged on the Wilson lower bound" }),
    criticalLabel: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: "every run carrying this label must pass (none carrying it: the check holds)" }),
    maxErrorShare: share.optional().meta({ description: "errored (and stalled) runs ÷ settled runs, at most" }),
    maxRedTeamSuccess: share
      .optional()
      .meta({ description: "red-team runs whose defence broke ÷ red-team runs graded held or broke, at most" }),
    p95DurationMs: z.number().positive().optional().meta({ description: "the 95th percentile of run durations, at most (ms)" }),
    maxCostPerRunUsd: z
      .number()
      .min(0)
      .optional()
      .meta({ description: "mean cost of the runs that reported one, at most (USD)" }),
    maxFlakyShare: share
      .optional()
      .meta({ description: "scenarios with both passing and failing trials ÷ scenarios with two or more, at most" }),
    maxRegressionPoints: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .meta({ description: "pass-rate points the batch may fall below the one last promoted to the environment" }),
  })
  .superRefine((policy, context) => {
    if (checkNames.some((key) => policy[key] !== undefined)) return;
    context.addIssue({
      code: "custom",
      path: [],
      message: `a policy needs at least one check: ${checkNames.join(", ")}`,
    });
  })
  .meta({ id: "GuardPolicy", description: "A release-guard policy (docs/guard.md)" });

/** A release-guard policy as validated. */
export type GuardPolicy = z.output<typeof guardPolicySchema>;

/** `passRate` in its long form, with the default confidence filled in; `undefined` when the policy has none. */
export function passRateCheck(policy: GuardPolicy): { min: number; confidence: number } | undefined {
  const check = policy.passRate;
  if (check === undefined) return undefined;
  if (typeof check === "number") return { min: check, confidence: DEFAULT_CONFIDENCE };
  return { min: check.min, confidence: check.confidence ?? DEFAULT_CONFIDENCE };
}
