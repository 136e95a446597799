import type { LanguageModelV3, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeProviderServer, startFakeProviderServer } from "../../test-support/fake-provider-server.js";
import { textResult } from "../../testing/mock-models.js";
import { createModelRegistry, wrapModel } from "../registry.js";
import { createConcurrencyLimiter } from "./concurrency-limit.js";

describe("createConcurrencyLimiter through @ai-sdk/openai-compatible", () => {
  let server: FakeProviderServer;
  beforeEach(async () => {
    server = await startFakeProviderServer({ delayMs: 30, defaultReply: { text: "pong" } });
  });
  afterEach(() => server.close());

  async function tenCalls(limit: number | undefined) {
    const id = `openai-compatible:${server.origin}/v1#llama3.2`;
    const base = await createModelRegistry({ env: {} }).resolve(id);
    const limiter = createConcurrencyLimiter((key) => (key === id ? limit : undefined));
    const model = await wrapModel(base, [limiter.middleware(id)]);
    return Promise.all(Array.from({ length: 10 }, () => generateText({ model, prompt: "ping", maxRetries: 0 })));
  }

  it("keeps at most `limit` requests in flight", async () => {
    const results = await tenCalls(3);
    expect(results.map((result) => result.text)).toEqual(Array(10).fill("pong"));
    expect(server.requests).toHaveLength(10);
    expect(server.maxInFlight).toBe(3);
  });

  it("does not limit models without a limit", async () => {
    await tenCalls(undefined);
    expect(server.maxInFlight).toBeGreaterThan(3);
  });
});

/** A mock model whose calls finish only when the test says; `started` lists the prompts in call order. */
function gatedModel() {
  const started: string[] = [];
  const gates = new Map<string, { open(): void; fail(error: Error): void }>();
  const model = new MockLanguageModelV3({
    doGenerate: async ({ prompt }) => {
      const text = JSON.stringify(prompt.at(-1)?.content);
      const name = /"text":"(\w+)"/.exec(text)?.[1] ?? "?";
      started.push(name);
      await new Promise<void>((resolve, reject) => gates.set(name, { open: resolve, fail: reject }));
      return textResult(name);
    },
  });
  const gate = (name: string) => gates.get(name) ?? { open: () => {}, fail: () => {} };
  return { model, started, gate };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function limited(base: LanguageModelV3, limit: number, key = "mock:model") {
  return wrapModel(base, [createConcurrencyLimiter(() => limit).middleware(key)]);
}

describe("createConcurrencyLimiter", () => {
  it("serves waiters first in, first out and frees the slot when a call fails", async () => {
    const { model: base, started, gate } = gatedModel();
    const model = await limited(base, 1);
    const calls = ["a", "b", "c"].map((prompt) =>
      generateText({ model, prompt, maxRetries: 0 }).then(
        (result) => result.text,
        (error: Error) => error.message,
      ),
    );
    await settle();
    expect(started).toEqual(["a"]);

    gate("a").fail(new Error("a broke"));
    await settle();
    expect(started).toEqual(["a", "b"]);
    gate("b").open();
    await settle();
    gate("c").open();
    expect(await Promise.all(calls)).toEqual(["a broke", "b", "c"]);
  });

  it("takes an aborted waiter out of the queue", async () => {
    const { model: base, started, gate } = gatedModel();
    const model = await limited(base, 1);
    const controller = new AbortController();
    const first = generateText({ model, prompt: "a", maxRetries: 0 });
    const aborted = generateText({ model, prompt: "b", maxRetries: 0, abortSignal: controller.signal });
    const third = generateText({ model, prompt: "c", maxRetries: 0 });
    await settle();
    controller.abort(new Error("user stopped"));
    await expect(aborted).rejects.toThrow("user stopped");

    gate("a").open();
    await settle();
    expect(started).toEqual(["a", "c"]);
    gate("c").open();
    expect((await first).text).toBe("a");
    expect((await third).text).toBe("c");
  });

  it("shares one limit per key across wrapped models, and keys are independent", async () => {
    const { model: base, started } = gatedModel();
    const limiter = createConcurrencyLimiter(() => 1);
    const one = await wrapModel(base, [limiter.middleware("mock:model")]);
    const two = await wrapModel(base, [limiter.middleware("mock:model")]);
    const other = await wrapModel(base, [limiter.middleware("mock:other")]);
    for (const [model, prompt] of [
      [one, "a"],
      [two, "b"],
      [other, "c"],
    ] as const) {
      void generateText({ model, prompt, maxRetries: 0 }).catch(() => {});
    }
    await settle();
    expect(started).toEqual(["a", "c"]);
  });

  it("holds the slot of a stream until it is read to the end or cancelled", async () => {
    let opened = 0;
    let pushFinish: (() => void) | undefined;
    const base = new MockLanguageModelV3({
      doStream: async () => {
        opened++;
        const stream = new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            controller.enqueue({ type: "stream-start", warnings: [] });
            pushFinish = () => controller.close();
          },
        });
        return { stream };
      },
    });
    const model = await limited(base, 1);
    const call = { prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }] };
    const first = await model.doStream(call);
    const second = model.doStream(call);
    await settle();
    expect(opened).toBe(1);

    const reader = first.stream.getReader();
    await reader.read();
    pushFinish?.();
    expect((await reader.read()).done).toBe(true);
    const third = model.doStream(call);
    await (await second).stream.cancel();
    await third;
    expect(opened).toBe(3);
  });
});
