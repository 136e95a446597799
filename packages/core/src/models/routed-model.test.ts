import type { LanguageModelV3 } from "@ai-sdk/provider";
import { generateText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { textResult } from "../testing/mock-models.js";
import { ModelCallError } from "./model-call-error.js";
import { createProviderHealth, type ProviderHealth } from "./provider-health.js";
import { RoutedModel, type RouteLink } from "./routed-model.js";

const failing = (key: string, details: Partial<ConstructorParameters<typeof ModelCallError>[0]> = {}) =>
  new MockLanguageModelV3({
    doGenerate: async () => {
      throw new ModelCallError({ modelKey: key, attempts: 2, isRetryable: true, status: 503, ...details });
    },
  });
const answering = (text: string) => new MockLanguageModelV3({ doGenerate: async () => textResult(text) });

const settings = { failureThreshold: 2, cooldownMs: 1_000 };

function route(models: Record<string, LanguageModelV3>, health: ProviderHealth = createProviderHealth()) {
  let now = 0;
  const fallbacks: string[] = [];
  const opened: string[] = [];
  const links = Object.entries(models).map(([key, model]): RouteLink => ({ key, provider: key.split(":")[0] ?? key, model }));
  const model = new RoutedModel(Object.keys(models).join(" | "), links as [RouteLink, ...RouteLink[]], {
    circuitOf: (provider) => health.circuit(provider, settings),
    now: () => now,
    onFallback: ({ from, to }) => fallbacks.push(`${from} -> ${to}`),
    onCircuitOpen: ({ provider }) => opened.push(provider),
  });
  const advance = (milliseconds: number) => {
    now += milliseconds;
  };
  return { model, fallbacks, opened, health, advance };
}

describe("RoutedModel", () => {
  it("falls back to the next link on a retryable failure and answers from it", async () => {
    const { model, fallbacks } = route({
      "openai:gpt-4.1-mini": failing("openai:gpt-4.1-mini"),
      "anthropic:haiku": answering("from anthropic"),
    });
    const result = await generateText({ model, prompt: "hi", maxRetries: 0 });
    expect(result.text).toBe("from anthropic");
    expect(fallbacks).toEqual(["openai:gpt-4.1-mini -> anthropic:haiku"]);
  });

  it("falls back on a timeout too", async () => {
    const timedOut = failing("openai:a", { isRetryable: false, timedOut: true });
    const { model } = route({ "openai:a": timedOut, "anthropic:b": answering("b") });
    expect((await generateText({ model, prompt: "hi", maxRetries: 0 })).text).toBe("b");
  });

  it("does not fall back on a non-retryable error (a 400 or 401): the request itself is wrong", async () => {
    const rejected = failing("openai:a", { isRetryable: false, status: 400 });
    const backup = answering("b");
    const { model, fallbacks } = route({ "openai:a": rejected, "anthropic:b": backup });
    await expect(generateText({ model, prompt: "hi", maxRetries: 0 })).rejects.toThrow(
      /openai:a failed after 2 attempts: HTTP 400/,
    );
    expect(backup.doGenerateCalls).toHaveLength(0);
    expect(fallbacks).toEqual([]);
  });

  it("skips a provider whose circuit is open, then probes it after the cool-down and closes it on success", async () => {
    let openaiUp = false;
    const openai = new MockLanguageModelV3({
      doGenerate: async () => {
        if (openaiUp) return textResult("from openai");
        throw new ModelCallError({ modelKey: "openai:a", attempts: 1, isRetryable: true, status: 500 });
      },
    });
    const anthropic = answering("from anthropic");
    const { model, opened, health, advance } = route({ "openai:a": openai, "anthropic:b": anthropic });
    for (let call = 0; call < 2; call++) await generateText({ model, prompt: "hi", maxRetries: 0 });
    expect(opened).toEqual(["openai"]);
    await generateText({ model, prompt: "hi", maxRetries: 0 });
    expect(openai.doGenerateCalls).toHaveLength(2);
    expect(anthropic.doGenerateCalls).toHaveLength(3);
    advance(1_000);
    openaiUp = true;
    expect((await generateText({ model, prompt: "hi", maxRetries: 0 })).text).toBe("from openai");
    expect(health.circuit("openai", settings).state).toBe("closed");
  });

  it("fails naming the chain and each link's outcome when no link answers", async () => {
    const { model } = route({ "openai:a": failing("openai:a"), "anthropic:b": failing("anthropic:b", { status: 529 }) });
    const error = await generateText({ model, prompt: "hi", maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect((error as ModelCallError).modelKey).toBe("openai:a | anthropic:b");
    expect((error as ModelCallError).attempts).toBe(4);
    expect((error as Error).message).toMatch(
      /^openai:a \| anthropic:b failed after 4 attempts: no model of the fallback chain answered: openai:a failed after 2 attempts: HTTP 503.*; anthropic:b failed after 2 attempts: HTTP 529/,
    );
  });

  it("keeps circuits per ProviderHealth: a chain with another still tries the provider, one sharing it does not", async () => {
    const shared = route({ "openai:a": failing("openai:a"), "anthropic:b": answering("b") });
    for (let call = 0; call < 2; call++) await generateText({ model: shared.model, prompt: "hi", maxRetries: 0 });
    const otherOpenai = failing("openai:a");
    const other = route({ "openai:a": otherOpenai, "anthropic:b": answering("b") });
    await generateText({ model: other.model, prompt: "hi", maxRetries: 0 });
    expect(otherOpenai.doGenerateCalls).toHaveLength(1);
    const sharingOpenai = failing("openai:a");
    const sharing = route({ "openai:a": sharingOpenai, "anthropic:b": answering("b") }, shared.health);
    await generateText({ model: sharing.model, prompt: "hi", maxRetries: 0 });
    expect(sharingOpenai.doGenerateCalls).toHaveLength(0);
  });
});
