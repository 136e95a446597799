import { APICallError, type LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText, simulateReadableStream, streamText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelNotConfiguredError } from "../../domain/errors.js";
import { type FakeProviderServer, startFakeProviderServer } from "../../test-support/fake-provider-server.js";
import { manualClock } from "../../testing/manual-clock.js";
import { textResult } from "../../testing/mock-models.js";
import { ModelCallError } from "../model-call-error.js";
import { createModelRegistry, wrapModel } from "../registry.js";
import { type RetryDependencies, type RetryInfo, type RetryPolicy, retryMiddleware } from "./retry.js";

let server: FakeProviderServer;
beforeEach(async () => {
  server = await startFakeProviderServer({ defaultReply: { text: "finally" } });
});
afterEach(() => server.close());

const modelKey = "openai:gpt-4.1-mini";
const rateLimited = { status: 429, body: { error: { message: "Rate limit reached", type: "requests" } } };

/** The real @ai-sdk/openai model pointed at the fake, wrapped in the retry middleware. */
async function openaiWithRetries(dependencies: Partial<RetryDependencies> = {}, policy: Partial<RetryPolicy> = {}) {
  const clock = manualClock();
  const retries: RetryInfo[] = [];
  const registry = createModelRegistry({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` } });
  const base = await registry.resolve(modelKey);
  const deps: RetryDependencies = {
    sleep: clock.sleep,
    random: () => 0.5,
    modelKey,
    onRetry: (info) => retries.push(info),
    ...dependencies,
  };
  const model = await wrapModel(base, [retryMiddleware(policy, deps)]);
  const ask = () => generateText({ model, prompt: "Hi", maxRetries: 0 });
  return { clock, retries, ask };
}

describe("retryMiddleware through @ai-sdk/openai", () => {
  it("waits what Retry-After asks after a 429, then returns the answer", async () => {
    server.enqueue({ ...rateLimited, headers: { "retry-after": "2" } });
    const { clock, retries, ask } = await openaiWithRetries();

    expect((await ask()).text).toBe("finally");
    expect(clock.sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
    expect(retries).toEqual([{ attempt: 1, delayMs: 2000, status: 429, modelKey }]);
  });

  it("backs off with jitter after a 500", async () => {
    server.enqueue({ status: 500, body: { error: { message: "internal" } } });
    const { clock, ask } = await openaiWithRetries({ random: () => 0.25 });

    expect((await ask()).text).toBe("finally");
    expect(clock.sleeps).toEqual([250]);
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry a 400 and fails with the status and a body excerpt", async () => {
    const message = `Unsupported parameter: 'temperature'. ${"x".repeat(400)}`;
    server.enqueue({ status: 400, body: { error: { message, type: "invalid_request_error" } } });
    const { clock, ask } = await openaiWithRetries();
    const error = await ask().catch((caught: unknown) => caught);

    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "model_failed", modelKey, status: 400, attempts: 1, isRetryable: false });
    const text = (error as ModelCallError).message;
    expect(text).toMatch(
      /^openai:gpt-4\.1-mini failed after 1 attempt: HTTP 400 Bad Request: \{"error":\{"message":"Unsupported parameter/,
    );
    expect(text.length).toBeLessThan(400);
    expect(text.endsWith("…")).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("gives up after maxAttempts with a ModelCallError", async () => {
    server.enqueue(rateLimited, rateLimited, rateLimited, rateLimited);
    const { clock, ask } = await openaiWithRetries();
    const error = await ask().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ status: 429, attempts: 4, isRetryable: true });
    expect((error as Error).message).toContain(
      'failed after 4 attempts: HTTP 429 Too Many Requests: {"error":{"message":"Rate limit reached"',
    );
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    expect(server.requests).toHaveLength(4);
  });

  it("honours retry-after-ms and Retry-After dates", async () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    server.enqueue(
      { ...rateLimited, headers: { "retry-after-ms": "1500" } },
      { ...rateLimited, headers: { "retry-after": new Date(now + 3000).toUTCString() } },
    );
    const { clock, ask } = await openaiWithRetries({ random: () => 0, now: () => now });

    expect((await ask()).text).toBe("finally");
    expect(clock.sleeps).toEqual([1500, 3000]);
  });

  it("fails at once when the server asks to wait longer than maxDelayMs", async () => {
    server.enqueue({ ...rateLimited, headers: { "retry-after": "120" } });
    const { clock, ask } = await openaiWithRetries();
    const error = await ask().catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 429, attempts: 1 });
    expect((error as Error).message).toContain("server asked to wait 120000 ms before retrying, more than maxDelayMs (60000 ms)");
    expect(clock.sleeps).toEqual([]);
  });

  it("retries network errors", async () => {
    await server.close();
    const { clock, ask } = await openaiWithRetries({}, { maxAttempts: 2 });
    const error = await ask().catch((caught: unknown) => caught);

    expect(error).toMatchObject({ attempts: 2, status: undefined, isRetryable: true });
    expect((error as Error).message).toMatch(/failed after 2 attempts: Cannot connect to API/);
    expect(clock.sleeps).toEqual([500]);
    server = await startFakeProviderServer(); // afterEach closes it
  });
});

describe("retryMiddleware", () => {
  const unavailable = () =>
    new APICallError({ message: "Service Unavailable", url: "http://fake", requestBodyValues: {}, statusCode: 503 });

  it("stops waiting as soon as the call is aborted", async () => {
    const controller = new AbortController();
    const model = await wrapModel(new MockLanguageModelV3({ doGenerate: () => Promise.reject(unavailable()) }), [
      retryMiddleware(
        {},
        { sleep: () => new Promise(() => {}), random: () => 0.5, onRetry: () => controller.abort(new Error("stop")) },
      ),
    ]);
    await expect(generateText({ model, prompt: "Hi", maxRetries: 0, abortSignal: controller.signal })).rejects.toThrow("stop");
  });

  it("passes Rehearse errors through and wraps other failures without retrying", async () => {
    const sleeps: number[] = [];
    const sleep = async (milliseconds: number) => void sleeps.push(milliseconds);
    const ours = new ModelNotConfiguredError("no model");
    const first = await wrapModel(new MockLanguageModelV3({ doGenerate: () => Promise.reject(ours) }), [
      retryMiddleware({}, { sleep, random: () => 0.5 }),
    ]);
    await expect(generateText({ model: first, prompt: "Hi", maxRetries: 0 })).rejects.toBe(ours);

    const second = await wrapModel(new MockLanguageModelV3({ doGenerate: () => Promise.reject(new TypeError("bad JSON")) }), [
      retryMiddleware({}, { sleep, random: () => 0.5 }),
    ]);
    await expect(generateText({ model: second, prompt: "Hi", maxRetries: 0 })).rejects.toThrow(
      "mock-provider:mock-model-id failed after 1 attempt: bad JSON",
    );
    expect(sleeps).toEqual([]);
  });

  it("retries opening a stream", async () => {
    const parts: LanguageModelV3StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "text-start", id: "1" },
      { type: "text-delta", id: "1", delta: "streamed" },
      { type: "text-end", id: "1" },
      { type: "finish", finishReason: textResult("").finishReason, usage: textResult("").usage },
    ];
    let calls = 0;
    const base = new MockLanguageModelV3({
      doStream: async () => {
        calls++;
        if (calls === 1) throw unavailable();
        return { stream: simulateReadableStream({ chunks: parts }) };
      },
    });
    const clock = manualClock();
    const model = await wrapModel(base, [retryMiddleware({ initialDelayMs: 100 }, { sleep: clock.sleep, random: () => 0.5 })]);
    const result = streamText({ model, prompt: "Hi", maxRetries: 0 });

    expect(await result.text).toBe("streamed");
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([50]);
  });
});
