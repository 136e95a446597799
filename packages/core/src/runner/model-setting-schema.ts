import type * as Zod from "zod";
import { unknownKeysProblem } from "../domain/did-you-mean.js";
import type { ModelReference, ModelSettings } from "../domain/models.js";
import { isLanguageModel, languageModelProblem } from "../models/language-model-check.js";
import { checkModelId } from "../models/model-id-check.js";
import { preview } from "./config-issue.js";

type ZodModule = typeof Zod;

/** The keys of `{ model, … }` as `defaultModel` takes it. */
export const modelSettingsKeys = ["model", "temperature", "maxTokens", "providerOptions"] as const;

const settingsForm = "{ model, temperature?, maxTokens? }";
const modelForms = 'a model id such as "openai:gpt-4.1-mini" or an AI SDK language model';
const anyForm = `a model id such as "openai:gpt-4.1-mini", an AI SDK language model, or ${settingsForm}`;

/**
 * The schema of `defaultModel`: a model id (checked with `checkModelId`, so a
 * misspelt one fails with the id probably meant), an AI SDK language model of
 * specification v3, or `{ model, temperature?, maxTokens?, providerOptions? }`.
 * The value is told apart by its kind first, so each problem is reported once
 * and says what the value should be, rather than one failure per union branch.
 * `unknownKeys: "strip"` drops unknown keys of the settings object as the
 * reference's `scenario.config.js` does (the caller warns about them).
 */
export function defaultModelSchema(
  zod: ZodModule,
  unknownKeys: "reject" | "strip",
): Zod.ZodType<ModelReference | ModelSettings | undefined> {
  const z = zod.z;
  const settingsShape = {
    model: z.unknown(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  };
  const settings = unknownKeys === "reject" ? z.strictObject(settingsShape) : z.object(settingsShape);
  const schema = z.unknown().superRefine((value, context) => {
    if (value === undefined) return;
    if (typeof value === "string" || isLanguageModel(value)) {
      const problem = modelProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
      return;
    }
    if (!isPlainObject(value)) {
      context.addIssue({ code: "custom", message: `must be ${anyForm}; got ${preview(value)}` });
      return;
    }
    const parsed = settings.safeParse(value);
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        const first = issue.keys[0] as string;
        context.addIssue({ code: "custom", path: [first], message: unknownKeysProblem(issue.keys, modelSettingsKeys) });
      } else {
        context.addIssue({ code: "custom", path: [...issue.path], message: `${issue.message}${given(value, issue.path)}` });
      }
    }
    const model = (value as { model?: unknown }).model;
    const problem =
      model === undefined
        ? `is required: ${modelForms}`
        : typeof model === "string" || isLanguageModel(model)
          ? modelProblem(model)
          : `must be ${modelForms}; got ${preview(model)}`;
    if (problem) context.addIssue({ code: "custom", path: ["model"], message: problem });
  });
  if (unknownKeys === "reject") return schema as Zod.ZodType<ModelReference | ModelSettings | undefined>;
  return schema.transform((value) =>
    isPlainObject(value) && !isLanguageModel(value)
      ? Object.fromEntries(Object.entries(value).filter(([key]) => (modelSettingsKeys as readonly string[]).includes(key)))
      : value,
  ) as unknown as Zod.ZodType<ModelReference | ModelSettings | undefined>;
}

/** Why a model id or model object cannot be used, or undefined when it can. */
function modelProblem(value: string | object): string | undefined {
  if (typeof value !== "string") return languageModelProblem(value);
  const check = checkModelId(value);
  return check.ok ? undefined : check.message;
}

/** A plain `{ … }` value (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function given(value: Record<string, unknown>, path: ReadonlyArray<PropertyKey>): string {
  const field = value[String(path[0])];
  return path.length === 1 && (field === null || typeof field !== "object") && field !== undefined
    ? `; got ${preview(field)}`
    : "";
}
