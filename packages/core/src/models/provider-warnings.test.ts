import { generateText, simulateReadableStream, streamText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";
import { textResult } from "../testing/mock-models.js";
import { providerWarnings, warningsMiddleware } from "./provider-warnings.js";
import { createModelRegistry, wrapModel } from "./registry.js";

// The AI SDK prints warnings itself by default; these tests read them another way.
const aiLogWarnings = globalThis.AI_SDK_LOG_WARNINGS;
beforeAll(() => {
  globalThis.AI_SDK_LOG_WARNINGS = false;
});
afterAll(() => {
  globalThis.AI_SDK_LOG_WARNINGS = aiLogWarnings;
});

let server: FakeProviderServer;
beforeEach(async () => {
  server = await startFakeProviderServer({ defaultReply: { text: "ok" } });
});
afterEach(() => server.close());

describe("providerWarnings", () => {
  it("describes a setting @ai-sdk/openai dropped for a reasoning model", async () => {
    const registry = createModelRegistry({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` } });
    const model = await registry.resolve("openai:o4-mini");
    const result = await generateText({ model, prompt: "Hi", temperature: 0.3, maxRetries: 0 });

    expect(providerWarnings(result, "openai:o4-mini")).toEqual([
      "dropped temperature for openai:o4-mini: temperature is not supported for reasoning models",
    ]);
    expect(server.requests[0]?.body).not.toHaveProperty("temperature");
  });

  it("describes every warning kind", () => {
    const warnings = [
      { type: "unsupported", feature: "topK" },
      { type: "compatibility", feature: "tool choice", details: "emulated" },
      { type: "other", message: "beta endpoint" },
    ] as const;
    expect(providerWarnings({ warnings }, "m:x")).toEqual([
      "dropped topK for m:x: not supported",
      "tool choice for m:x runs in compatibility mode: emulated",
      "m:x: beta endpoint",
    ]);
    expect(providerWarnings({}, "m:x")).toEqual([]);
  });
});

describe("warningsMiddleware", () => {
  it("reports each distinct warning once, from generate and stream calls", async () => {
    const warning = { type: "unsupported", feature: "temperature", details: "not for this model" } as const;
    const base = new MockLanguageModelV3({
      doGenerate: async () => ({ ...textResult("hi"), warnings: [warning] }),
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            { type: "stream-start", warnings: [warning, { type: "other", message: "slow" }] },
            { type: "finish", finishReason: textResult("").finishReason, usage: textResult("").usage },
          ],
        }),
      }),
    });
    const messages: string[] = [];
    const model = await wrapModel(base, [warningsMiddleware("mock:m", (message) => messages.push(message))]);
    await generateText({ model, prompt: "one" });
    await generateText({ model, prompt: "two" });
    await streamText({ model, prompt: "three" }).consumeStream();

    expect(messages).toEqual(["dropped temperature for mock:m: not for this model", "mock:m: slow"]);
  });
});
