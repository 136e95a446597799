import type { TokenCounts } from "../domain/models.js";

/** Prices of one model, in US dollars per million tokens. */
export interface ModelPrice {
  /** Input tokens not served from or written to a prompt cache. */
  inputPerMillion: number;
  outputPerMillion: number;
  /** Input tokens read from the prompt cache; `inputPerMillion` when omitted. */
  cachedInputPerMillion?: number;
  /** Input tokens written to the prompt cache (Anthropic bills them above input); `inputPerMillion` when omitted. */
  cacheWriteInputPerMillion?: number;
}

/** Prices keyed by model key (`provider:modelId`), as users give them under `prices` in the config. */
export type PriceEntries = Readonly<Record<string, ModelPrice>>;

/** A dated set of prices. */
export interface PriceTable {
  /** ISO date on which the built-in entries were list prices. User entries carry no date of their own. */
  asOf: string;
  models: PriceEntries;
}

/** What `costOf` reads: token counts plus cache writes, which some providers bill above the input price. */
export type BillableTokens = Pick<TokenCounts, "inputTokens" | "outputTokens" | "cachedInputTokens"> & {
  /** Input tokens written to the prompt cache, a part of `inputTokens`. */
  cacheWriteInputTokens?: number;
};

/**
 * Built-in list prices (standard tier, no batch discount, no long-context
 * surcharge). Prices change: they are dated by `asOf`, and users add or
 * override entries with `prices` in the config (`withPrices`). Models not
 * listed, and every `openai-compatible:` model, have no price unless the user
 * gives one, so their cost is `null`, never 0.
 */
export const defaultPrices: PriceTable = {
  asOf: "2026-11-01",
  models: {
    "openai:gpt-4.1": { inputPerMillion: 2, cachedInputPerMillion: 0.5, outputPerMillion: 8 },
    "openai:gpt-4.1-mini": { inputPerMillion: 0.4, cachedInputPerMillion: 0.1, outputPerMillion: 1.6 },
    "openai:gpt-4.1-nano": { inputPerMillion: 0.1, cachedInputPerMillion: 0.025, outputPerMillion: 0.4 },
    "openai:gpt-4o": { inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10 },
    "openai:gpt-4o-mini": { inputPerMillion: 0.15, cachedInputPerMillion: 0.075, outputPerMillion: 0.6 },
    "openai:o4-mini": { inputPerMillion: 1.1, cachedInputPerMillion: 0.275, outputPerMillion: 4.4 },
    // Anthropic: cache writes are the 5-minute tier (1.25 × input).
    "anthropic:claude-sonnet-4-5": {
      inputPerMillion: 3,
      cachedInputPerMillion: 0.3,
      cacheWriteInputPerMillion: 3.75,
      outputPerMillion: 15,
    },
    "anthropic:claude-haiku-4-5": {
      inputPerMillion: 1,
      cachedInputPerMillion: 0.1,
      cacheWriteInputPerMillion: 1.25,
      outputPerMillion: 5,
    },
    "anthropic:claude-opus-4-1": {
      inputPerMillion: 15,
      cachedInputPerMillion: 1.5,
      cacheWriteInputPerMillion: 18.75,
      outputPerMillion: 75,
    },
  },
};

/**
 * `base` with the user's entries added; a user entry replaces the built-in
 * one of the same key. Validate `extra` first (`priceTableSchema`).
 *
 * @example
 * ```ts
 * const prices = withPrices(defaultPrices, { "openai:gpt-5": { inputPerMillion: 1.25, outputPerMillion: 10 } });
 * ```
 */
export function withPrices(base: PriceTable, extra: PriceEntries | undefined): PriceTable {
  if (!extra) return base;
  return { asOf: base.asOf, models: { ...base.models, ...extra } };
}

// Snapshot suffixes: OpenAI `-2025-04-14`, Anthropic `-20250929`, aliases `-latest`.
const snapshotSuffix = /(?:-\d{4}-\d{2}-\d{2}|-\d{8}|-latest)$/;

/**
 * The price of `modelKey`, or `undefined`. An exact entry wins. Else a dated
 * snapshot (`openai:gpt-4.1-mini-2025-04-14`) takes the price of the entry
 * it extends by exactly a snapshot suffix — the longest matching prefix
 * (`openai:gpt-4.1-mini`, not `openai:gpt-4.1`). Other variants (`gpt-4o-audio-preview`) do not inherit a
 * base price: their prices differ, and a wrong price is worse than none.
 * An AI SDK provider id with a suffix (`openai.responses:gpt-4.1`) is also
 * looked up under its family (`openai:gpt-4.1`).
 */
export function priceOf(modelKey: string, table: PriceTable): ModelPrice | undefined {
  for (const key of lookupKeys(modelKey)) {
    const price = table.models[key] ?? table.models[key.replace(snapshotSuffix, "")];
    if (price) return price;
  }
  return undefined;
}

function lookupKeys(modelKey: string): string[] {
  const colon = modelKey.indexOf(":");
  const dot = modelKey.indexOf(".");
  if (colon < 0 || dot < 0 || dot > colon) return [modelKey];
  return [modelKey, modelKey.slice(0, dot) + modelKey.slice(colon)];
}

/**
 * Cost in US dollars of `tokens` used on `modelKey`; `null` when the table has
 * no price for it (never 0: an unknown price is not a free model).
 *
 * @example
 * ```ts
 * costOf("openai:gpt-4.1-mini", { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 0 }, defaultPrices);
 * ```
 */
export function costOf(modelKey: string, tokens: BillableTokens, table: PriceTable): number | null {
  const price = priceOf(modelKey, table);
  if (!price) return null;
  const cacheWrite = tokens.cacheWriteInputTokens ?? 0;
  // Clamped: a provider that reports cache reads outside `inputTokens` must not yield a negative part.
  const uncached = Math.max(0, tokens.inputTokens - tokens.cachedInputTokens - cacheWrite);
  const microdollars =
    uncached * price.inputPerMillion +
    tokens.cachedInputTokens * (price.cachedInputPerMillion ?? price.inputPerMillion) +
    cacheWrite * (price.cacheWriteInputPerMillion ?? price.inputPerMillion) +
    tokens.outputTokens * price.outputPerMillion;
  return microdollars / 1_000_000;
}
