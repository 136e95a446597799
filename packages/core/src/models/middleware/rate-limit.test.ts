import { APICallError, type LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { MockLanguageModelV3, simulateReadableStream } from "ai/test";
import { describe, expect, it } from "vitest";
import { textResult } from "../../testing/mock-models.js";
import { createMemoryRateLimitStore } from "../rate-limit-store.js";
import { wrapModel } from "../registry.js";
import { createModelRateLimiter, type RateLimitsConfig } from "./rate-limit.js";

/** A limiter on a manual clock: `sleep` records the wait and moves the clock on. */
function limiter(limits: RateLimitsConfig, maxWaitMs?: number) {
  const clock = { now: 0 };
  const waits: number[] = [];
  const store = createMemoryRateLimitStore({ now: () => clock.now });
  const created = createModelRateLimiter(limits, {
    store,
    now: () => clock.now,
    sleep: async (milliseconds) => {
      waits.push(milliseconds);
      clock.now += milliseconds;
    },
    ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
  });
  return { limiter: created, waits, clock, store };
}

const tooMany = (headers: Record<string, string>) =>
  new APICallError({
    message: "Too Many Requests",
    url: "http://127.0.0.1/v1/chat/completions",
    requestBodyValues: {},
    statusCode: 429,
    responseHeaders: headers,
    isRetryable: true,
  });

describe("createModelRateLimiter", () => {
  it("finds a model's entry, else its provider's (one bucket for all its models), else default, else none", () => {
    const { limiter: created } = limiter({ "openai:gpt-4.1": { requestsPerMinute: 1 }, anthropic: { requestsPerMinute: 1 } });
    expect(created.middleware("openai:gpt-4.1")).toBeDefined();
    expect(created.middleware("anthropic:claude-haiku-4-5")).toBeDefined();
    expect(created.middleware("openai:gpt-4.1-mini")).toBeUndefined();
    expect(limiter({ default: { maxConcurrency: 2 } }).limiter.middleware("azure:eu")).toBeDefined();
  });

  it("makes calls past requestsPerMinute wait for the next window", async () => {
    const { limiter: created, waits } = limiter({ openai: { requestsPerMinute: 2 } });
    const base = new MockLanguageModelV3({ doGenerate: async () => textResult("ok") });
    const one = await wrapModel(base, [created.middleware("openai:a")!]);
    const two = await wrapModel(base, [created.middleware("openai:b")!]);
    await generateText({ model: one, prompt: "hi" });
    await generateText({ model: two, prompt: "hi" });
    expect(waits).toEqual([]);
    await generateText({ model: one, prompt: "hi" });
    expect(waits).toEqual([60_000]);
  });

  it("takes estimated tokens before a call and the reported usage after it", async () => {
    const { limiter: created, waits } = limiter({ "openai:a": { tokensPerMinute: 100 } });
    const base = new MockLanguageModelV3({
      doGenerate: async () => ({
        ...textResult("ok"),
        usage: {
          inputTokens: { total: 90, noCache: 90, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 5, text: 5, reasoning: 0 },
        },
      }),
    });
    const model = await wrapModel(base, [created.middleware("openai:a")!]);
    // the estimate is small (a short prompt); the usage, 95 tokens, is what counts afterwards
    await generateText({ model, prompt: "hi" });
    expect(waits).toEqual([]);
    await generateText({ model, prompt: "hi", maxOutputTokens: 20 });
    expect(waits).toEqual([60_000]);
  });

  it("blocks every caller of the store for a 429's Retry-After and halves the concurrency", async () => {
    const { limiter: created, waits } = limiter({ openai: { maxConcurrency: 4 } });
    let calls = 0;
    const base = new MockLanguageModelV3({
      doGenerate: async () => {
        calls++;
        if (calls === 1) throw tooMany({ "retry-after": "3" });
        return textResult("ok");
      },
    });
    const middleware = created.middleware("openai:a")!;
    const model = await wrapModel(base, [middleware]);
    await expect(generateText({ model, prompt: "hi", maxRetries: 0 })).rejects.toThrow(/Too Many Requests/);
    expect(created.concurrencyOf("openai:a")).toBe(2);
    // another model of the same provider bucket waits out the block
    const other = await wrapModel(new MockLanguageModelV3({ doGenerate: async () => textResult("ok") }), [
      created.middleware("openai:b")!,
    ]);
    await generateText({ model: other, prompt: "hi" });
    expect(waits).toEqual([3_000]);
    expect(created.concurrencyOf("openai:b")).toBe(3);
  });

  it("fails at once, retryable, rather than wait out a block longer than maxWaitMs", async () => {
    const { limiter: created, waits, store } = limiter({ openai: { maxConcurrency: 2 } }, 60_000);
    await store.block("rehearse:requests:openai", 600_000, { points: 1_000_000_000, durationMs: 60_000 });
    const base = new MockLanguageModelV3({ doGenerate: async () => textResult("ok") });
    const model = await wrapModel(base, [created.middleware("openai:a")!]);
    const error = await generateText({ model, prompt: "hi", maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ModelCallError", modelKey: "openai:a", status: 429, isRetryable: true });
    expect((error as Error).message).toMatch(/the rate limit of openai is closed for 600000 ms, longer than 60000 ms/);
    expect(waits).toEqual([]);
    expect(base.doGenerateCalls).toHaveLength(0);
  });

  it("blocks the store until the reset a successful answer's headers give when a limit is spent", async () => {
    const { limiter: created, waits } = limiter({ "openai:a": { requestsPerMinute: 1_000 } });
    const headers = { "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "2s" };
    const base = new MockLanguageModelV3({ doGenerate: async () => ({ ...textResult("ok"), response: { headers } }) });
    const model = await wrapModel(base, [created.middleware("openai:a")!]);
    await generateText({ model, prompt: "hi" });
    await generateText({ model, prompt: "hi" });
    expect(waits).toEqual([2_000]);
  });

  it("holds a stream's slot until the stream ends", async () => {
    const { limiter: created } = limiter({ "openai:a": { maxConcurrency: 1 } });
    const chunks: LanguageModelV3StreamPart[] = [
      { type: "text-start", id: "1" },
      { type: "text-delta", id: "1", delta: "hello" },
      { type: "text-end", id: "1" },
      {
        type: "finish",
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
      },
    ];
    const base = new MockLanguageModelV3({
      doStream: async () => ({ stream: simulateReadableStream({ chunks, chunkDelayInMs: 20 }) }),
    });
    const model = await wrapModel(base, [created.middleware("openai:a")!]);
    const order: string[] = [];
    const first = streamText({ model, prompt: "one" });
    const second = streamText({ model, prompt: "two" });
    await Promise.all([
      first.text.then(() => order.push("first ended")),
      (async () => {
        for await (const _ of second.textStream) order.push("second streaming");
      })(),
    ]);
    expect(order[0]).toBe("first ended");
  });
});
