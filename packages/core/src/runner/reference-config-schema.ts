import type * as Zod from "zod";
import type { ScenarioProjectConfig } from "./config.js";
import { zodModule } from "./config-schema.js";
import { defaultModelSchema, isPlainObject } from "./model-setting-schema.js";

let cached: Zod.ZodType<ScenarioProjectConfig> | undefined;

/**
 * The schema of the reference's `scenario.config.{js,mjs}`: strict at the top
 * (`defaultModel`, `headless`, `observability`), unknown keys of `defaultModel`
 * dropped as the reference drops them. `defaultModel` also takes what
 * Rehearse's does (a model id, a bare model object, `providerOptions`).
 * Built on first use, so zod stays out of `import("@rehearse/core")`.
 */
export function referenceConfigSchema(): Zod.ZodType<ScenarioProjectConfig> {
  if (cached) return cached;
  const zod = zodModule();
  const z = zod.z;
  cached = z.strictObject({
    defaultModel: defaultModelSchema(zod, "strip").optional(),
    headless: z.boolean().optional(),
    observability: z
      .custom<Record<string, unknown>>(isPlainObject, {
        message: "must be an object (the options of @langwatch/scenario's tracing setup)",
      })
      .optional(),
  }) as unknown as Zod.ZodType<ScenarioProjectConfig>;
  return cached;
}

/**
 * The reference's `scenarioProjectConfigSchema`: a zod schema of
 * {@link ScenarioProjectConfig} (`parse`, `safeParse`, `parseAsync`, … as on
 * any zod schema). zod loads on first use of any of its properties, so
 * importing `@rehearse/core` stays free of it.
 *
 * @example
 * ```ts
 * import { scenarioProjectConfigSchema } from "@rehearse/core";
 * const checked = scenarioProjectConfigSchema.safeParse(await import("./scenario.config.js").then((m) => m.default));
 * ```
 */
export const scenarioProjectConfigSchema: Zod.ZodType<ScenarioProjectConfig> = new Proxy(
  {} as Zod.ZodType<ScenarioProjectConfig>,
  {
    get(_target, key) {
      const schema = referenceConfigSchema();
      const value = Reflect.get(schema, key, schema);
      return typeof value === "function" ? value.bind(schema) : value;
    },
    has: (_target, key) => Reflect.has(referenceConfigSchema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(referenceConfigSchema()),
  },
);
