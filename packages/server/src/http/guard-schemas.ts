/**
 * Request and response schemas of the release guard's routes (OpenAPI
 * components). The policy is `@rehearse/core/guard`'s schema, the one
 * `rehearse guard` validates policy files with.
 */
import { guardPolicyNameSchema, guardPolicySchema } from "@rehearse/core/guard";
import { z } from "zod";
import { storableText } from "./text-schema.js";

const id = storableText(200).min(1);
const timestamp = z.string().meta({ format: "date-time" });

/** An environment name (`production`, `staging`, `eu-west.canary`). */
export const environmentSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit")
  .meta({ description: "the environment a release goes to", example: "production" });

/** A policy: the name of a stored one, or the policy itself. */
export const policyReferenceSchema = z
  .union([guardPolicyNameSchema, guardPolicySchema])
  .meta({ description: "the name of a stored policy (`PUT /api/v1/guard/policies/:name`), or a policy inline" });

/** A batch, or a set whose latest batch is meant. */
export const guardTargetSchema = z
  .union([
    z.strictObject({ batchId: id.meta({ description: "this batch" }) }),
    z.strictObject({ setId: id.meta({ description: "the latest batch of this set" }) }),
  ])
  .meta({ id: "GuardTarget" });

/** The body of `POST /api/v1/guard/evaluate`. */
export const evaluateRequestSchema = z
  .strictObject({
    target: guardTargetSchema,
    policy: policyReferenceSchema,
    environment: environmentSchema
      .optional()
      .meta({ description: "compare with the batch last promoted here (`maxRegressionPoints`)" }),
  })
  .meta({ id: "GuardEvaluateRequest" });

/** One check of a decision. */
export const guardCheckSchema = z
  .object({
    name: z.string().meta({ example: "passRate" }),
    observed: z.number().nullable().meta({ description: "what was measured; null when nothing could be" }),
    threshold: z.number().nullable(),
    n: z.number().int().meta({ description: "the sample the check rests on" }),
    ok: z.boolean().nullable().meta({ description: "null: the data cannot decide this check (the decision is inconclusive)" }),
    detail: z.string(),
  })
  .meta({ id: "GuardCheck" });

/** A recorded decision. */
export const guardEvaluationSchema = z
  .object({
    id: z.string(),
    decision: z.enum(["pass", "fail", "inconclusive"]),
    policyName: z.string().nullable(),
    policy: guardPolicySchema,
    environment: z.string().nullable(),
    target: z.object({ batchId: z.string(), setId: z.string() }),
    checks: z.array(guardCheckSchema),
    evidence: z.object({
      batchIds: z.array(z.string()).meta({ description: "the batch evaluated, then the promoted batch it was compared with" }),
      runIds: z
        .array(z.string())
        .meta({ description: "runs of the batch, those counting against the policy first (at most 100)" }),
      runIdsTruncated: z.boolean(),
    }),
    evaluatedAt: timestamp,
    evaluatedBy: z.string().nullable(),
  })
  .meta({ id: "GuardEvaluation" });

/** A page of decisions. */
export const guardEvaluationPageSchema = z
  .object({ items: z.array(guardEvaluationSchema), nextCursor: z.string().nullable() })
  .meta({ id: "GuardEvaluationPage" });

/** A policy stored by name. */
export const storedPolicySchema = z
  .object({
    name: z.string(),
    policy: guardPolicySchema,
    version: z.number().int(),
    updatedAt: timestamp,
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "StoredGuardPolicy" });

/** The body of `POST /api/v1/promotions`. */
export const promotionRequestSchema = z
  .strictObject({ batchId: id, environment: environmentSchema, policy: policyReferenceSchema })
  .meta({ id: "PromotionRequest" });

/** A batch promoted to an environment. */
export const promotionSchema = z
  .object({
    environment: z.string(),
    batchId: z.string(),
    setId: z.string(),
    guardEvaluationId: z.string(),
    promotedAt: timestamp,
    promotedBy: z.string().nullable(),
  })
  .meta({ id: "Promotion" });

/** The answer to a promotion that passed. */
export const promotedSchema = z
  .object({ promotion: promotionSchema, evaluation: guardEvaluationSchema })
  .meta({ id: "Promoted" });

/** A page of promotions. */
export const promotionPageSchema = z
  .object({ items: z.array(promotionSchema), nextCursor: z.string().nullable() })
  .meta({ id: "PromotionPage" });

/** The path of the first string in `value` holding a NUL (PostgreSQL cannot store one), or `undefined`. */
export function nulPath(value: unknown, path: Array<string | number> = []): Array<string | number> | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes("\u0000") ? [...path, key] : nulPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
