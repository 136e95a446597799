import type * as Zod from "zod";
import type { PriceEntries } from "./prices.js";

/**
 * The zod schema of `prices` in the config: model key (`provider:modelId`) →
 * price in US dollars per million tokens. Built from the caller's zod (`z`)
 * so this module loads no zod itself: the config schema, which loads zod on
 * first use, embeds it. A price of 0 is allowed, to declare a local model free.
 *
 * @example
 * ```ts
 * const prices = priceTableSchema(z).parse({ "openai:gpt-5": { inputPerMillion: 1.25, outputPerMillion: 10 } });
 * ```
 */
export function priceTableSchema(z: typeof Zod.z): Zod.ZodType<PriceEntries> {
  const perMillion = z.number().min(0, { message: "must be a price in US dollars per million tokens, 0 or more" });
  const price = z.strictObject({
    inputPerMillion: perMillion,
    outputPerMillion: perMillion,
    cachedInputPerMillion: perMillion.optional(),
    cacheWriteInputPerMillion: perMillion.optional(),
  });
  // Keys are checked here rather than by a key schema, whose issue zod reports only as "Invalid key in record".
  const table = z.record(z.string(), price).superRefine((entries, context) => {
    for (const key of Object.keys(entries)) {
      if (!/^[^:\s]+:\S+$/.test(key)) {
        context.addIssue({ code: "custom", path: [key], message: "is not a model key `provider:modelId`" });
      }
    }
  });
  return table as unknown as Zod.ZodType<PriceEntries>;
}
