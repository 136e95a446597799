import { z } from "zod";
import type { AssertionStep, SeedStep } from "../domain/declarative.js";
import { ConfigError } from "../domain/errors.js";
import { type AssertionSpec, validateAssertion } from "../environment/assertion.js";
import { variableName } from "./schema-environment.js";
import { messageStepSchema } from "./schema-message-step.js";

const record = z.record(z.string(), z.unknown());
const stepBase = {
  timestamp: z.number().min(0).optional(),
  set: z.record(variableName, z.unknown()).optional(),
  increment: z.record(variableName, z.number()).optional(),
};

/** The seed's steps (seed §1.4), canonical spelling of `src/domain/declarative.ts`. */
const seedSteps = [
  z.strictObject({ type: z.literal("user_message"), ...stepBase, message: z.string().min(1), respond: z.boolean().optional() }),
  z.strictObject({ type: z.literal("agent_action"), ...stepBase, action: z.string().min(1), params: record.optional() }),
  z.strictObject({
    type: z.literal("tool_call"),
    ...stepBase,
    tool: z.string().min(1),
    params: record.optional(),
    expected_result: z.unknown().optional(),
    save_as: z.string().min(1).optional(),
  }),
  z.strictObject({
    type: z.literal("system_event"),
    ...stepBase,
    event: z.string().min(1),
    data: record.optional(),
    notify: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("wait"), ...stepBase, duration: z.number().min(0) }),
] as const;

/** Canonical key of each seed assertion key. */
const seedSpelling = { assertion_type: "operator", actual_path: "path", expected: "value" } as const;
type SeedKey = keyof typeof seedSpelling;
const seedKeys = Object.keys(seedSpelling) as SeedKey[];

const assertionFields = z.strictObject({
  type: z.literal("assertion"),
  ...stepBase,
  path: z.string().min(1).optional(),
  operator: z.string().min(1).optional(),
  value: z.unknown().optional(),
  message: z.string().optional(),
  assertion_type: z.string().min(1).optional(),
  actual_path: z.string().min(1).optional(),
  expected: z.unknown().optional(),
});
type AssertionFields = z.output<typeof assertionFields>;

function usesSeedSpelling(step: AssertionFields): boolean {
  return seedKeys.some((key) => step[key] !== undefined);
}

function toAssertionStep(step: AssertionFields): AssertionStep {
  const { assertion_type, actual_path, expected, path, operator, value, ...rest } = step;
  const seed = usesSeedSpelling(step);
  return {
    ...rest,
    path: (seed ? actual_path : path) as string,
    operator: (seed ? assertion_type : operator) as AssertionStep["operator"],
    ...((seed ? expected : value) === undefined ? {} : { value: seed ? expected : value }),
  };
}

/**
 * An `assertion` step: canonical `path` / `operator` / `value`, or the seed's
 * `actual_path` / `assertion_type` / `expected` (not mixed in one step).
 * Checked with the engine's own `validateAssertion`, so a bad operator, path
 * root or regex is reported at the file's key.
 */
const assertionStep = assertionFields
  .superRefine((step, context) => {
    const seed = seedKeys.filter((key) => step[key] !== undefined);
    const canonical = (["path", "operator", "value"] as const).filter((key) => step[key] !== undefined);
    const [firstSeed] = seed;
    if (firstSeed && canonical.length > 0) {
      context.addIssue({
        code: "custom",
        path: [firstSeed],
        message: `mixes the seed spelling (${seed.join(", ")}) with ${canonical.join(", ")}; write path/operator/value or actual_path/assertion_type/expected`,
      });
      return;
    }
    try {
      validateAssertion(toAssertionStep(step) as AssertionSpec, { source: "scenario file" });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const canonicalKey = (error.path ?? "operator").split(".")[0] ?? "operator";
      const seedKey = seedKeys.find((key) => seedSpelling[key] === canonicalKey);
      const key = firstSeed && seedKey ? seedKey : canonicalKey;
      // The engine's message names the canonical field as `field`; the error's own field names the key as written.
      context.addIssue({ code: "custom", path: [key], message: error.message.replace(/^assertion: `[^`]*` /, "") });
    }
  })
  .transform(toAssertionStep);

/** The DSL steps of `src/script/steps.ts`, as file objects. */
const dslSteps = [
  z.strictObject({ type: z.literal("user"), content: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal("agent"), content: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal("judge"), criteria: z.array(z.string().min(1)).min(1).optional() }),
  z.strictObject({ type: z.literal("proceed"), turns: z.int().min(1).optional() }),
  z.strictObject({ type: z.literal("succeed"), reasoning: z.string().optional() }),
  z.strictObject({ type: z.literal("fail"), reasoning: z.string().optional() }),
] as const;

/** One script step of a scenario file: a seed step or a DSL step, told apart by `type`. */
export const stepSchema = z.discriminatedUnion("type", [...seedSteps, assertionStep, ...dslSteps, messageStepSchema]);

/** A parsed step: seed steps are exactly `SeedStep`s. */
export type FileStep = z.output<typeof stepSchema>;

/** The DSL step types (the rest are seed steps). */
export const dslStepTypes = ["user", "agent", "judge", "proceed", "succeed", "fail", "message"] as const;

/** True for the seed's step objects. */
export function isSeedStepObject(step: FileStep): step is FileStep & SeedStep {
  return !(dslStepTypes as readonly string[]).includes(step.type);
}
