import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { AudioChunk } from "../audio/audio-chunk.js";
import { decodeWav } from "../audio/wav.js";
import { loadOpenAIModule, OpenAISTTProvider, openAITts } from "./openai-speech.js";
import { type FakeHttpServer, formOf, startFakeHttpServer } from "./test-support/fake-http-server.js";

const apiKey = "sk-test-secret-0123456789";
let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("openAITts", () => {
  it("asks OpenAI's speech endpoint for pcm with the voice and returns it as canonical audio", async () => {
    const pcm = new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0, 9]);
    server = await startFakeHttpServer(() => ({ headers: { "content-type": "audio/pcm" }, body: pcm }));
    const synthesize = openAITts({ apiKey, baseURL: `${server.origin}/v1`, model: "tts-1" });
    const chunk = await synthesize("Where is my order?", "nova");
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/v1/audio/speech");
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(JSON.parse(new TextDecoder().decode(request?.body))).toMatchObject({
      model: "tts-1",
      input: "Where is my order?",
      voice: "nova",
      response_format: "pcm",
    });
    // the odd trailing byte is half a sample and is dropped
    expect([...chunk.data]).toEqual([1, 0, 2, 0, 3, 0, 4, 0]);
    expect(chunk.transcript).toBe("Where is my order?");
  });

  it("uses alloy when no voice is named, and reads the key from the env it is given", async () => {
    server = await startFakeHttpServer(() => ({ body: new Uint8Array(4) }));
    const synthesize = openAITts({ env: { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: `${server.origin}/v1` } });
    await synthesize("hi", "");
    expect(JSON.parse(new TextDecoder().decode(server.requests[0]?.body)).voice).toBe("alloy");
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("fails before any request when no key is configured", async () => {
    await expect(openAITts({ env: {} })("hi", "nova")).rejects.toThrow(
      "OpenAI TTS: no API key; pass apiKey or set OPENAI_API_KEY",
    );
  });

  it("keeps the key out of a failed request's error", async () => {
    server = await startFakeHttpServer(() => ({
      status: 401,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error" } }),
    }));
    const error = await openAITts({ apiKey, baseURL: `${server.origin}/v1`, maxRetries: 0 })("hi", "nova").catch(
      (caught: unknown) => caught,
    );
    expect(String(error)).toContain("Incorrect API key provided");
    expect(inspect(error, { depth: 8 })).not.toContain(apiKey);
  });
});

describe("OpenAISTTProvider", () => {
  it("sends WAV to the transcription endpoint and returns the text", async () => {
    server = await startFakeHttpServer(() => ({
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: " hello there " }),
    }));
    const stt = new OpenAISTTProvider({ apiKey, baseURL: `${server.origin}/v1` });
    const audio = new AudioChunk({ data: new Uint8Array(4800) });
    expect(await stt.transcribe(audio)).toBe("hello there");
    const [request] = server.requests;
    expect(request?.url).toBe("/v1/audio/transcriptions");
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    const form = await formOf(request!);
    expect(form.get("model")).toBe("gpt-4o-transcribe");
    const file = form.get("file") as File;
    expect(file.name).toBe("audio.wav");
    const wav = decodeWav(new Uint8Array(await file.arrayBuffer()));
    expect(wav).toMatchObject({ sampleRate: 24_000, channels: 1 });
    expect(wav.samples.length).toBe(2400);
  });

  it("splits audio longer than the per-request limit and joins the non-empty pieces with spaces", async () => {
    const replies = ["first part", "", "third part"];
    server = await startFakeHttpServer((request) => {
      const index = server ? server.requests.indexOf(request) : 0;
      return { headers: { "content-type": "application/json" }, body: JSON.stringify({ text: replies[index] ?? "" }) };
    });
    const stt = new OpenAISTTProvider({ apiKey, baseURL: `${server.origin}/v1`, maxSecondsPerRequest: 1 });
    const audio = new AudioChunk({ data: new Uint8Array(24_000 * 2 * 2.5) });
    expect(await stt.transcribe(audio)).toBe("first part third part");
    const seconds = await Promise.all(
      server.requests.map(
        async (request) =>
          decodeWav(new Uint8Array(await ((await formOf(request)).get("file") as File).arrayBuffer())).samples.length / 24_000,
      ),
    );
    expect(seconds).toEqual([1, 1, 0.5]);
  });

  it("returns an empty transcript for empty audio without a request", async () => {
    expect(await new OpenAISTTProvider({ env: {} }).transcribe(new AudioChunk({ data: new Uint8Array(0) }))).toBe("");
  });

  it("never shows its key in toString, JSON or util.inspect", () => {
    const stt = new OpenAISTTProvider({ apiKey, model: "whisper-1" });
    for (const printed of [String(stt), JSON.stringify(stt), inspect(stt), inspect({ nested: { stt } }, { depth: 5 })]) {
      expect(printed).not.toContain(apiKey);
      expect(printed).toContain("***");
    }
    expect(String(stt)).toBe("OpenAISTTProvider(model=whisper-1, apiKey=***)");
  });
});

describe("loadOpenAIModule", () => {
  it("says which package to install when @ai-sdk/openai is missing", () => {
    const missing = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
    };
    expect(() => loadOpenAIModule(missing)).toThrow("npm install @ai-sdk/openai");
  });

  it("loads the installed provider", () => {
    expect(typeof loadOpenAIModule().createOpenAI).toBe("function");
  });
});
