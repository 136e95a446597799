import { z } from "zod";
import { conditionTypes, faultTargets, type Injection, modelErrorTypes } from "../domain/declarative.js";
import { attackTypes, severities } from "../payloads/payload.js";
import { checkFlatTrigger, type FlatKey, type FlatValue, flatShape, ownFlatKeys, toCanonical } from "./flat-trigger.js";
import { checkInjectionFields } from "./injection-rules.js";

const probability = z.number().min(0).max(1);
const positive = z.number().positive();
const maxTriggers = z.int().min(1);
const record = z.record(z.string(), z.unknown());

/** A canonical trigger (`src/environment/triggers.ts` `TriggerSpec`), with the same bounds `createTrigger` enforces. */
export const triggerSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("timestamp"),
    at: z.number().min(0),
    duration: positive.optional(),
    max_triggers: maxTriggers.optional(),
  }),
  z.strictObject({
    kind: z.literal("event_count"),
    count: z.int().min(1),
    event_type: z.string().min(1).optional(),
    max_triggers: maxTriggers.optional(),
  }),
  z.strictObject({ kind: z.literal("random"), probability, max_triggers: maxTriggers.optional() }),
]);

const base = { name: z.string().min(1).optional(), trigger: triggerSchema.optional() };

/** Field schemas of each injection type, canonical spelling (`src/domain/declarative.ts`). */
const shapes = {
  user_message: { type: z.literal("user_message"), ...base, message: z.string().min(1) },
  adversarial: {
    type: z.literal("adversarial"),
    ...base,
    attack_type: z.enum(attackTypes),
    severity: z.enum(severities).optional(),
    payload: z.string().min(1).optional(),
  },
  tool_error: {
    type: z.literal("tool_error"),
    ...base,
    target: z.enum(faultTargets).optional(),
    target_action: z.string().min(1),
    error_type: z.enum(modelErrorTypes),
    probability: probability.optional(),
    error_message: z.string().optional(),
    recoverable: z.boolean().optional(),
    timeout_seconds: positive.optional(),
  },
  // No trigger: a system condition is active from its own target_timestamp for its duration.
  system_condition: {
    type: z.literal("system_condition"),
    name: base.name,
    condition_type: z.enum(conditionTypes),
    target: z.enum(faultTargets).optional(),
    target_timestamp: z.number().min(0).optional(),
    duration: positive.optional(),
    latency_seconds: positive.optional(),
    target_actions: z.array(z.string().min(1)).optional(),
  },
  concurrency: {
    type: z.literal("concurrency"),
    ...base,
    num_concurrent: z.int().min(1).max(10_000),
    operation: z.string().min(1),
    duration_seconds: positive,
    params: record.optional(),
    max_operations: z.int().min(1).max(200_000).optional(),
  },
  file_upload: {
    type: z.literal("file_upload"),
    ...base,
    message: z.string().optional(),
    file_type: z.string().min(1),
    file_size_mb: positive.max(50).optional(),
    size: z.union([z.int().min(0), z.string().min(1)]).optional(),
    filename: z.string().min(1).optional(),
    malformed: z.boolean().optional(),
    contains_malware: z.boolean().optional(),
  },
} as const;

type Shapes = typeof shapes;
type InjectionKind = keyof Shapes;

function checkFileSize(value: { size?: unknown; file_size_mb?: unknown }, context: z.RefinementCtx): void {
  if (value.size !== undefined && value.file_size_mb !== undefined) {
    context.addIssue({ code: "custom", path: ["size"], message: "give either size or file_size_mb, not both" });
  }
}

/** An injection in canonical spelling, as a TypeScript `ScenarioConfig.injections` entry holds it. */
export const canonicalInjectionSchema = z.discriminatedUnion("type", [
  z.strictObject(shapes.user_message),
  z.strictObject(shapes.adversarial),
  z.strictObject(shapes.tool_error).superRefine(checkInjectionFields("tool_error")),
  z.strictObject(shapes.system_condition).superRefine(checkInjectionFields("system_condition")),
  z.strictObject(shapes.concurrency).superRefine(checkInjectionFields("concurrency")),
  z.strictObject(shapes.file_upload).superRefine(checkFileSize),
]);

/** A system condition starts at its own target_timestamp: `trigger_type: timestamp` is the only flat key it takes. */
const conditionFlatShape = { trigger_type: z.literal("timestamp").optional() };

function fileForm<Kind extends InjectionKind>(kind: Kind) {
  const own = ownFlatKeys(kind);
  const flat =
    kind === "system_condition"
      ? conditionFlatShape
      : Object.fromEntries(Object.entries(flatShape).filter(([key]) => !own.includes(key as FlatKey)));
  return { ...shapes[kind], ...flat } as Shapes[Kind] & Partial<typeof flatShape>;
}

function fileInjection<Kind extends InjectionKind>(kind: Kind) {
  return z
    .strictObject(fileForm(kind))
    .superRefine((value, context) => {
      checkFlatTrigger(kind)(value as FlatValue, context);
      checkInjectionFields(kind)(value, context);
      if (kind === "file_upload") checkFileSize(value as { size?: unknown }, context);
    })
    .transform((value) => toCanonical(kind)(value as FlatValue) as unknown as Injection);
}

/** `type: timeout | network_error | rate_limit | high_latency`: the seed's way to write a system_condition (U-OR-6). */
const conditionAlias = z
  .strictObject({
    ...fileForm("system_condition"),
    type: z.enum(conditionTypes),
    condition_type: z.enum(conditionTypes).optional(),
  })
  .superRefine((value, context) => {
    checkFlatTrigger("system_condition")(value as FlatValue, context);
    checkInjectionFields("system_condition")(value, context);
  })
  .transform((value) => {
    const canonical = toCanonical("system_condition")(value as FlatValue);
    // An explicit condition_type wins over the alias (U-OR-6).
    return { ...canonical, type: "system_condition", condition_type: value.condition_type ?? value.type } as unknown as Injection;
  });

/**
 * An injection as a scenario file writes it: canonical fields, or the seed's
 * flat trigger keys (`trigger_type` + `target_timestamp` / `target_event_count`
 * / `probability`, `max_triggers`, `duration`) and condition aliases, all
 * normalised to the canonical `Injection`.
 */
export const fileInjectionSchema = z.discriminatedUnion("type", [
  fileInjection("user_message"),
  fileInjection("adversarial"),
  fileInjection("tool_error"),
  fileInjection("system_condition"),
  conditionAlias,
  fileInjection("concurrency"),
  fileInjection("file_upload"),
]);

/** `{ template: name, ...overrides }`: overrides are checked after they are merged into the template. */
export const templateReferenceSchema = z.looseObject({ template: z.string().min(1) });

/** One entry of `injections` / `injection_points`. */
export const injectionEntrySchema = z.union([templateReferenceSchema, fileInjectionSchema], {
  error:
    "an injection needs a type (user_message, adversarial, tool_error, system_condition, concurrency, file_upload) or a template",
});

/** One entry of the top-level `injection_templates`. */
export const injectionTemplateSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string().min(1)).optional(),
  injection: fileInjectionSchema,
});
