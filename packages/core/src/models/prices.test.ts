import { describe, expect, it } from "vitest";
import { z } from "zod";
import { priceTableSchema } from "./price-schema.js";
import { costOf, defaultPrices, type PriceTable, priceOf, withPrices } from "./prices.js";

const tokens = (inputTokens: number, outputTokens: number, cachedInputTokens = 0) => ({
  inputTokens,
  outputTokens,
  cachedInputTokens,
});

describe("defaultPrices", () => {
  it("is dated and prices the common models under provider:model keys", () => {
    expect(defaultPrices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const key of [
      "openai:gpt-4.1",
      "openai:gpt-4.1-mini",
      "openai:gpt-4.1-nano",
      "openai:gpt-4o",
      "openai:gpt-4o-mini",
      "openai:o4-mini",
      "anthropic:claude-sonnet-4-5",
      "anthropic:claude-haiku-4-5",
      "anthropic:claude-opus-4-1",
    ]) {
      expect(priceOf(key, defaultPrices), key).toBeDefined();
    }
  });
});

describe("costOf", () => {
  it("computes the cost of input, cached input and output exactly", () => {
    // gpt-4.1-mini: $0.40 input, $0.10 cached input, $1.60 output per million.
    expect(costOf("openai:gpt-4.1-mini", tokens(1_000_000, 0), defaultPrices)).toBe(0.4);
    expect(costOf("openai:gpt-4.1-mini", tokens(0, 1_000_000), defaultPrices)).toBe(1.6);
    expect(costOf("openai:gpt-4.1-mini", tokens(1000, 200), defaultPrices)).toBe(0.00072);
    // 600 uncached × 0.4 + 400 cached × 0.1 + 200 × 1.6 = 600 microdollars.
    expect(costOf("openai:gpt-4.1-mini", tokens(1000, 200, 400), defaultPrices)).toBe(0.0006);
  });

  it("bills Anthropic cache writes at their own price", () => {
    // claude-sonnet-4-5: 100 uncached × 3 + 200 cache reads × 0.3 + 700 cache writes × 3.75 + 10 × 15.
    const cost = costOf("anthropic:claude-sonnet-4-5", { ...tokens(1000, 10, 200), cacheWriteInputTokens: 700 }, defaultPrices);
    expect(cost).toBeCloseTo((300 + 60 + 2625 + 150) / 1e6, 15);
  });

  it("prices cached input at the input price when the table gives no cached price", () => {
    const table: PriceTable = { asOf: "2026-01-01", models: { "acme:m": { inputPerMillion: 2, outputPerMillion: 4 } } };
    expect(costOf("acme:m", tokens(1000, 0, 1000), table)).toBe(0.002);
  });

  it("is null, not 0, for a model without a price", () => {
    expect(costOf("openai:gpt-9-unknown", tokens(10, 10), defaultPrices)).toBeNull();
    expect(costOf("openai-compatible:http://127.0.0.1:1234/v1#llama", tokens(10, 10), defaultPrices)).toBeNull();
    expect(costOf("openai:gpt-9-unknown", tokens(0, 0), defaultPrices)).toBeNull();
  });
});

describe("priceOf", () => {
  it("gives a dated snapshot the price of its base entry, the longest matching one", () => {
    expect(priceOf("openai:gpt-4.1-mini-2025-04-14", defaultPrices)).toBe(defaultPrices.models["openai:gpt-4.1-mini"]);
    expect(priceOf("openai:gpt-4.1-2025-04-14", defaultPrices)).toBe(defaultPrices.models["openai:gpt-4.1"]);
    expect(priceOf("anthropic:claude-sonnet-4-5-20250929", defaultPrices)).toBe(
      defaultPrices.models["anthropic:claude-sonnet-4-5"],
    );
  });

  it("does not give other variants the base price", () => {
    expect(priceOf("openai:gpt-4o-audio-preview", defaultPrices)).toBeUndefined();
    expect(priceOf("openai:gpt-4.1-minis", defaultPrices)).toBeUndefined();
  });

  it("prefers an exact entry for a snapshot", () => {
    const snapshot = { inputPerMillion: 5, outputPerMillion: 15 };
    const table = withPrices(defaultPrices, { "openai:gpt-4o-2024-05-13": snapshot });
    expect(priceOf("openai:gpt-4o-2024-05-13", table)).toBe(snapshot);
    expect(priceOf("openai:gpt-4o-2024-08-06", table)).toBe(defaultPrices.models["openai:gpt-4o"]);
  });

  it("looks up AI SDK provider ids under their family", () => {
    expect(priceOf("openai.responses:gpt-4.1", defaultPrices)).toBe(defaultPrices.models["openai:gpt-4.1"]);
    expect(priceOf("anthropic.messages:claude-haiku-4-5-20251001", defaultPrices)).toBe(
      defaultPrices.models["anthropic:claude-haiku-4-5"],
    );
  });
});

describe("withPrices", () => {
  it("adds user entries and lets them override built-in ones, keeping the date", () => {
    const local = { inputPerMillion: 0, outputPerMillion: 0 };
    const cheaper = { inputPerMillion: 1, outputPerMillion: 4 };
    const table = withPrices(defaultPrices, { "openai-compatible:llama": local, "openai:gpt-4.1": cheaper });
    expect(costOf("openai-compatible:llama", tokens(10, 10), table)).toBe(0);
    expect(costOf("openai:gpt-4.1", tokens(1_000_000, 0), table)).toBe(1);
    expect(table.asOf).toBe(defaultPrices.asOf);
    expect(defaultPrices.models["openai:gpt-4.1"]?.inputPerMillion).toBe(2);
    expect(withPrices(defaultPrices, undefined)).toBe(defaultPrices);
  });
});

describe("priceTableSchema", () => {
  const schema = priceTableSchema(z);

  it("accepts model keys with prices per million tokens", () => {
    const value = { "openai:gpt-5": { inputPerMillion: 1.25, cachedInputPerMillion: 0.125, outputPerMillion: 10 } };
    expect(schema.parse(value)).toEqual(value);
  });

  it("rejects negative prices, missing prices, unknown fields and malformed keys, naming the path", () => {
    const negative = schema.safeParse({ "openai:x": { inputPerMillion: -1, outputPerMillion: 1 } });
    expect(negative.success).toBe(false);
    expect(negative.error?.issues[0]?.path).toEqual(["openai:x", "inputPerMillion"]);
    expect(schema.safeParse({ "openai:x": { inputPerMillion: 1 } }).success).toBe(false);
    expect(schema.safeParse({ "openai:x": { input: 1, inputPerMillion: 1, outputPerMillion: 1 } }).success).toBe(false);
    const key = schema.safeParse({ "gpt-4.1": { inputPerMillion: 1, outputPerMillion: 1 } });
    expect(key.success).toBe(false);
    expect(key.error?.issues[0]?.path).toEqual(["gpt-4.1"]);
    expect(key.error?.issues[0]?.message).toContain("provider:modelId");
  });
});
