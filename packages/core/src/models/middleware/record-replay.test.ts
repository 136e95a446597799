import type { LanguageModelV3GenerateResult, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText, jsonSchema, streamText, tool, wrapLanguageModel } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { CassetteMissError, type CassetteMode, createCassetteSession, createMemoryCassetteStore } from "../cassette.js";

const modelKey = "mock:test-model";
const recordedAt = new Date("2026-03-04T05:06:07.000Z");

type MemoryStore = ReturnType<typeof createMemoryCassetteStore>;

function session(mode: CassetteMode, store: MemoryStore) {
  return createCassetteSession({ mode, scenarioId: "refund", store, cassettePath: ".rehearse/cassettes/refund.json" });
}

/** A mock whose n-th answer is `answer n`, so occurrences are visible. */
function answeringModel() {
  let count = 0;
  return new MockLanguageModelV3({
    provider: "mock",
    modelId: "test-model",
    doGenerate: async (): Promise<LanguageModelV3GenerateResult> => ({
      content: [{ type: "text", text: `answer ${count++}` }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 3, text: 3, reasoning: 0 },
      },
      warnings: [],
      request: { body: "raw request body" },
      response: { id: `response-${count}`, modelId: "test-model-2026", timestamp: recordedAt, headers: { "x-raw": "1" } },
    }),
    doStream: async () => ({
      stream: convertArrayToReadableStream<LanguageModelV3StreamPart>([
        { type: "stream-start", warnings: [] },
        { type: "response-metadata", id: "stream-1", modelId: "test-model-2026", timestamp: recordedAt },
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: `streamed ` },
        { type: "text-delta", id: "t", delta: `${count++}` },
        { type: "text-end", id: "t" },
        { type: "raw", rawValue: { not: "recorded" } },
        {
          type: "finish",
          finishReason: { unified: "stop", raw: "stop" },
          usage: {
            inputTokens: { total: 4, noCache: 4, cacheRead: 0, cacheWrite: 0 },
            outputTokens: { total: 2, text: 2, reasoning: 0 },
          },
        },
      ]),
    }),
  });
}

function wrapped(model: MockLanguageModelV3, cassette: ReturnType<typeof session>, onReplay?: () => void) {
  return wrapLanguageModel({ model, middleware: cassette.middleware(modelKey, onReplay ? { onReplay } : {}) });
}

describe("record/replay middleware", () => {
  it("replays generateText exactly as recorded, without calling the model", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store);
    const live = answeringModel();
    const recorded = await generateText({ model: wrapped(live, recording), prompt: "refund order 42", temperature: 0 });
    await recording.flush();
    expect(live.doGenerateCalls).toHaveLength(1);
    expect(JSON.stringify(store.cassettes.get("refund"))).not.toContain("raw request body");

    const offline = answeringModel();
    let replays = 0;
    const replay = session("replay", store);
    const replayed = await generateText({
      model: wrapped(offline, replay, () => replays++),
      prompt: "refund order 42",
      temperature: 0,
    });
    expect(offline.doGenerateCalls).toHaveLength(0);
    expect(replays).toBe(1);
    expect(replayed.text).toBe(recorded.text);
    expect(replayed.text).toBe("answer 0");
    expect(replayed.finishReason).toBe(recorded.finishReason);
    expect(replayed.usage).toEqual(recorded.usage);
    expect(replayed.response.id).toBe(recorded.response.id);
    expect(replayed.response.modelId).toBe("test-model-2026");
    expect(replayed.response.timestamp).toEqual(recordedAt);
    expect(replayed.response.timestamp).toBeInstanceOf(Date);
  });

  it("replays streamText as a stream, without calling the model", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store);
    const recorded = streamText({ model: wrapped(answeringModel(), recording), prompt: "stream please" });
    const recordedText = await recorded.text;
    await recording.flush();
    expect(recordedText).toBe("streamed 0");

    const offline = answeringModel();
    const replayed = streamText({ model: wrapped(offline, session("replay", store)), prompt: "stream please" });
    const chunks: string[] = [];
    for await (const chunk of replayed.textStream) chunks.push(chunk);
    expect(chunks).toEqual(["streamed ", "0"]);
    expect(offline.doStreamCalls).toHaveLength(0);
    expect((await replayed.response).timestamp).toEqual(recordedAt);
    expect((await replayed.usage).inputTokens).toBe(4);
    expect(JSON.stringify(store.cassettes.get("refund"))).not.toContain("rawValue");
  });

  it("keys independently of object key order and of per-run headers such as thread ids", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store);
    await generateText({
      model: wrapped(answeringModel(), recording),
      prompt: "look up",
      headers: { "x-thread-id": "scenariothread_aaa" },
      providerOptions: { mock: { alpha: 1, beta: { x: 1, y: 2 } } },
      tools: {
        lookup: tool({
          inputSchema: jsonSchema({ type: "object", properties: { id: { type: "string" }, verbose: { type: "boolean" } } }),
        }),
      },
    });
    await recording.flush();

    const offline = answeringModel();
    const replayed = await generateText({
      model: wrapped(offline, session("replay", store)),
      prompt: "look up",
      headers: { "x-thread-id": "scenariothread_bbb" },
      providerOptions: { mock: { beta: { y: 2, x: 1 }, alpha: 1 } },
      tools: {
        lookup: tool({
          inputSchema: jsonSchema({ properties: { verbose: { type: "boolean" }, id: { type: "string" } }, type: "object" }),
        }),
      },
    });
    expect(replayed.text).toBe("answer 0");
    expect(offline.doGenerateCalls).toHaveLength(0);
  });

  it("fails a changed call in replay mode with CassetteMissError and never calls the model", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store);
    await generateText({ model: wrapped(answeringModel(), recording), prompt: "hello" });
    await recording.flush();

    const offline = answeringModel();
    const replay = session("replay", store);
    const error = await generateText({ model: wrapped(offline, replay), prompt: "hello, changed", maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CassetteMissError);
    const miss = error as CassetteMissError;
    expect(miss.code).toBe("replay_miss");
    expect(miss.model).toBe(modelKey);
    expect(miss.message).toContain(miss.key);
    expect(miss.message).toContain(modelKey);
    expect(miss.message).toContain(".rehearse/cassettes/refund.json");
    expect(offline.doGenerateCalls).toHaveLength(0);
    expect(replay.stats).toMatchObject({ hits: 0, misses: 1 });
  });

  it("gives identical calls occurrences 0, 1, 2 so retries replay their own answers", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store);
    const model = wrapped(answeringModel(), recording);
    for (let index = 0; index < 3; index += 1) await generateText({ model, prompt: "same" });
    await recording.flush();
    const entries = store.cassettes.get("refund")?.entries ?? [];
    expect(entries.map((entry) => entry.occurrence).sort()).toEqual([0, 1, 2]);

    const replayModel = wrapped(answeringModel(), session("replay", store));
    const texts = [];
    for (let index = 0; index < 3; index += 1) texts.push((await generateText({ model: replayModel, prompt: "same" })).text);
    expect(texts).toEqual(["answer 0", "answer 1", "answer 2"]);
  });

  it("in auto mode replays hits and records misses", async () => {
    const store = createMemoryCassetteStore();
    const first = session("auto", store);
    await generateText({ model: wrapped(answeringModel(), first), prompt: "one" });
    await first.flush();

    const live = answeringModel();
    const second = session("auto", store);
    const model = wrapped(live, second);
    expect((await generateText({ model, prompt: "one" })).text).toBe("answer 0");
    expect(live.doGenerateCalls).toHaveLength(0);
    expect((await generateText({ model, prompt: "two" })).text).toBe("answer 0");
    expect(live.doGenerateCalls).toHaveLength(1);
    await second.flush();
    expect(second.stats).toEqual({ calls: 2, hits: 1, misses: 1, recorded: 1 });
    expect(store.cassettes.get("refund")?.entries).toHaveLength(2);
  });

  it("passes through in off mode and records nothing", async () => {
    const store = createMemoryCassetteStore();
    const off = session("off", store);
    const live = answeringModel();
    const model = wrapped(live, off);
    await generateText({ model, prompt: "x" });
    await generateText({ model, prompt: "x" });
    await off.flush();
    expect(live.doGenerateCalls).toHaveLength(2);
    expect(store.saves).toBe(0);
  });

  it("does not record a stream that ended in an error part", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store);
    const failing = new MockLanguageModelV3({
      doStream: async () => ({
        stream: convertArrayToReadableStream<LanguageModelV3StreamPart>([
          { type: "stream-start", warnings: [] },
          { type: "error", error: new Error("overloaded") },
        ]),
      }),
    });
    const result = streamText({ model: wrapped(failing, recording), prompt: "x", onError: () => {} });
    await result.consumeStream();
    await recording.flush();
    expect(store.saves).toBe(0);
  });
});
