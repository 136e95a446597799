import type { LanguageModelV3StreamPart, LanguageModelV3Usage } from "@ai-sdk/provider";
import { generateText, streamText, wrapLanguageModel } from "ai";
import { MockLanguageModelV3, simulateReadableStream } from "ai/test";
import { describe, expect, it } from "vitest";
import { AgentRole } from "../../domain/roles.js";
import { defaultPrices } from "../prices.js";
import { type MeteredUse, UsageMeter } from "../usage-meter.js";
import { usageMiddleware } from "./usage.js";

function usage(input: number, output: number, extra: { cacheRead?: number; reasoning?: number } = {}): LanguageModelV3Usage {
  const cacheRead = extra.cacheRead ?? 0;
  const reasoning = extra.reasoning ?? 0;
  return {
    inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite: 0 },
    outputTokens: { total: output, text: output - reasoning, reasoning },
  };
}

function generating(modelId: string, reported: LanguageModelV3Usage): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: "openai",
    modelId,
    doGenerate: async () => ({
      content: [{ type: "text", text: "ok" }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: reported,
      warnings: [],
    }),
  });
}

function metered(model: MockLanguageModelV3, meter: UsageMeter, use: MeteredUse) {
  return wrapLanguageModel({ model, middleware: usageMiddleware(meter, use) });
}

function streamParts(reported: LanguageModelV3Usage): LanguageModelV3StreamPart[] {
  return [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "t" },
    { type: "text-delta", id: "t", delta: "hel" },
    { type: "text-delta", id: "t", delta: "lo" },
    { type: "text-end", id: "t" },
    { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: reported },
  ];
}

describe("usageMiddleware", () => {
  it("counts generateText usage per role and per model", async () => {
    const meter = new UsageMeter();
    const mini = generating("gpt-4.1-mini", usage(1000, 200, { cacheRead: 400, reasoning: 50 }));
    const judge = generating("gpt-4.1", usage(3000, 100));
    const asUser = metered(mini, meter, { role: AgentRole.USER, modelKey: "openai:gpt-4.1-mini" });
    const asAgent = metered(mini, meter, { role: AgentRole.AGENT, modelKey: "openai:gpt-4.1-mini" });
    const asJudge = metered(judge, meter, { role: AgentRole.JUDGE, modelKey: "openai:gpt-4.1" });

    await generateText({ model: asUser, prompt: "a" });
    await generateText({ model: asUser, prompt: "b" });
    await generateText({ model: asAgent, prompt: "c" });
    await generateText({ model: asJudge, prompt: "d" });

    const summary = meter.summary(defaultPrices);
    expect(summary.byRole.User).toMatchObject({ calls: 2, inputTokens: 2000, outputTokens: 400, cachedInputTokens: 800 });
    expect(summary.byRole.User?.reasoningTokens).toBe(100);
    expect(summary.byRole.Agent).toMatchObject({ calls: 1, inputTokens: 1000, totalTokens: 1200 });
    expect(summary.byRole.Judge).toMatchObject({ calls: 1, inputTokens: 3000, outputTokens: 100 });
    expect(summary.byModel["openai:gpt-4.1-mini"]).toMatchObject({ calls: 3, inputTokens: 3000, outputTokens: 600 });
    expect(summary.byModel["openai:gpt-4.1"]).toMatchObject({ calls: 1, totalTokens: 3100 });
    expect(summary.total).toMatchObject({ calls: 4, replayedCalls: 0, totalTokens: 3 * 1200 + 3100 });
    // gpt-4.1 judge: 3000 × $2 + 100 × $8 per million.
    expect(summary.byRole.Judge?.cost).toBeCloseTo(0.0068, 12);
  });

  it("counts streamText usage from the finish part", async () => {
    const meter = new UsageMeter();
    const model = new MockLanguageModelV3({
      provider: "anthropic",
      modelId: "claude-haiku-4-5",
      doStream: async () => ({ stream: simulateReadableStream({ chunks: streamParts(usage(500, 40)) }) }),
    });
    const result = streamText({
      model: metered(model, meter, { role: AgentRole.AGENT, modelKey: "anthropic:claude-haiku-4-5" }),
      prompt: "hi",
    });
    expect(await result.text).toBe("hello");
    const line = meter.summary(defaultPrices).byModel["anthropic:claude-haiku-4-5"];
    expect(line).toMatchObject({ calls: 1, inputTokens: 500, outputTokens: 40, totalTokens: 540 });
    // 500 × $1 + 40 × $5 per million.
    expect(line?.cost).toBeCloseTo(0.0007, 12);
  });

  it("passes stream parts through as they come, before the finish part exists", async () => {
    const meter = new UsageMeter();
    let push: ((part: LanguageModelV3StreamPart) => void) | undefined;
    let end: (() => void) | undefined;
    const source = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        push = (part) => controller.enqueue(part);
        end = () => controller.close();
      },
    });
    const model = new MockLanguageModelV3({ modelId: "slow", doStream: async () => ({ stream: source }) });
    const wrapped = metered(model, meter, { role: AgentRole.USER, modelKey: "local:slow" });
    const { stream } = await wrapped.doStream({ prompt: [] });
    const reader = stream.getReader();
    const [start, delta, finish] = [streamParts(usage(7, 3))[0]!, streamParts(usage(7, 3))[2]!, streamParts(usage(7, 3))[5]!];
    push?.(start);
    push?.(delta);
    expect(await reader.read()).toEqual({ done: false, value: start });
    expect(await reader.read()).toEqual({ done: false, value: delta });
    expect(meter.summary(defaultPrices).total.calls).toBe(0);
    push?.(finish);
    end?.();
    expect(await reader.read()).toEqual({ done: false, value: finish });
    expect((await reader.read()).done).toBe(true);
    expect(meter.summary(defaultPrices).total).toMatchObject({ calls: 1, totalTokens: 10 });
  });

  it("does not count calls that fail", async () => {
    const meter = new UsageMeter();
    const failing = new MockLanguageModelV3({
      modelId: "gpt-4.1",
      doGenerate: async () => {
        throw new Error("503 from provider");
      },
    });
    const wrapped = metered(failing, meter, { role: AgentRole.JUDGE, modelKey: "openai:gpt-4.1" });
    await expect(generateText({ model: wrapped, prompt: "x", maxRetries: 0 })).rejects.toThrow("503 from provider");
    expect(meter.summary(defaultPrices).total).toMatchObject({ calls: 0, totalTokens: 0, cost: 0 });
    expect(meter.summary(defaultPrices).byModel).toEqual({});
  });

  it("does not count a stream that errors before finishing", async () => {
    const meter = new UsageMeter();
    const parts: LanguageModelV3StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "error", error: new Error("connection reset") },
    ];
    const model = new MockLanguageModelV3({
      modelId: "gpt-4.1",
      doStream: async () => ({ stream: simulateReadableStream({ chunks: parts }) }),
    });
    const errors: unknown[] = [];
    const result = streamText({
      model: metered(model, meter, { role: AgentRole.AGENT, modelKey: "openai:gpt-4.1" }),
      prompt: "x",
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(errors).toHaveLength(1);
    expect(meter.summary(defaultPrices).total.calls).toBe(0);
  });
});
