import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { convertArrayToReadableStream } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentRole } from "../domain/roles.js";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";
import { manualClock } from "../testing/manual-clock.js";
import { MockLanguageModelV3 } from "../testing/mock-models.js";
import { defaultRetryPolicy, type RetryDependencies, type RetryInfo } from "./middleware/retry.js";
import { ModelCallError } from "./model-call-error.js";
import { defaultPrices } from "./prices.js";
import { createModelRegistry } from "./registry.js";
import { RunModel } from "./run-model.js";
import { UsageMeter } from "./usage-meter.js";

let server: FakeProviderServer;
beforeEach(async () => {
  server = await startFakeProviderServer({ defaultReply: { text: "finally" } });
});
afterEach(() => server.close());

const modelKey = "openai:gpt-4.1-mini";

function dependencies() {
  const clock = manualClock();
  const retries: RetryInfo[] = [];
  const retry: RetryDependencies = { sleep: clock.sleep, random: () => 0.5, onRetry: (info) => retries.push(info) };
  return { clock, retries, retry };
}

describe("RunModel", () => {
  it("retries the real provider after a 429 and counts the call that returned, once", async () => {
    server.enqueue({ status: 429, headers: { "retry-after": "2" }, body: { error: { message: "Rate limit reached" } } });
    const registry = createModelRegistry({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` } });
    const base = await registry.resolve(modelKey);
    const meter = new UsageMeter();
    const { clock, retries, retry } = dependencies();
    const model = new RunModel(base, meter, { role: AgentRole.JUDGE, modelKey }, { ...defaultRetryPolicy }, retry);

    expect((await generateText({ model, prompt: "Hi", maxRetries: 0 })).text).toBe("finally");
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([2000]);
    expect(retries).toEqual([{ attempt: 1, delayMs: 2000, status: 429, modelKey }]);
    expect(model.provider).toBe(base.provider);
    expect(model.modelId).toBe("gpt-4.1-mini");
    const usage = meter.summary(defaultPrices);
    expect(usage.total.calls).toBe(1);
    expect(usage.byRole[AgentRole.JUDGE]?.calls).toBe(1);
    expect(usage.byModel[modelKey]?.calls).toBe(1);
  });

  it("fails with a ModelCallError naming the model once the attempts are spent, counting nothing", async () => {
    for (let attempt = 0; attempt < 2; attempt++) server.enqueue({ status: 500, body: { error: { message: "internal" } } });
    const registry = createModelRegistry({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` } });
    const meter = new UsageMeter();
    const model = new RunModel(
      await registry.resolve(modelKey),
      meter,
      { role: AgentRole.AGENT, modelKey },
      { ...defaultRetryPolicy, maxAttempts: 2 },
      dependencies().retry,
    );

    const failure = await generateText({ model, prompt: "Hi", maxRetries: 0 }).catch((error: unknown) => error);
    expect(ModelCallError.isInstance(failure)).toBe(true);
    expect((failure as ModelCallError).message).toContain(modelKey);
    expect(server.requests).toHaveLength(2);
    expect(meter.summary(defaultPrices).total.calls).toBe(0);
  });

  it("counts a stream when its finish part passes, and passes every part through", async () => {
    const parts: LanguageModelV3StreamPart[] = [
      { type: "text-start", id: "1" },
      { type: "text-delta", id: "1", delta: "hel" },
      { type: "text-delta", id: "1", delta: "lo" },
      { type: "text-end", id: "1" },
      {
        type: "finish",
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 7, noCache: 7, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 2, text: 2, reasoning: 0 },
        },
      },
    ];
    const base = new MockLanguageModelV3({ doStream: async () => ({ stream: convertArrayToReadableStream(parts) }) });
    const meter = new UsageMeter();
    const model = new RunModel(
      base,
      meter,
      { role: AgentRole.USER, modelKey: "mock:m" },
      { ...defaultRetryPolicy },
      dependencies().retry,
    );

    const streamed = streamText({ model, prompt: "Hi", maxRetries: 0 });
    expect(await streamed.text).toBe("hello");
    const usage = meter.summary(defaultPrices);
    expect(usage.total).toMatchObject({ calls: 1, inputTokens: 7, outputTokens: 2 });
  });
});
