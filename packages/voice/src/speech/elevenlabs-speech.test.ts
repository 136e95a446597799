import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { AudioChunk } from "../audio/audio-chunk.js";
import { decodeWav } from "../audio/wav.js";
import { ELEVENLABS_DEFAULT_VOICE_ID, ElevenLabsSTTProvider, elevenLabsTts } from "./elevenlabs-speech.js";
import { type FakeHttpServer, formOf, startFakeHttpServer } from "./test-support/fake-http-server.js";

const apiKey = "el-secret-key-9876543210";
let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("elevenLabsTts", () => {
  it("posts the text to the voice's endpoint asking for pcm_24000, with the key header", async () => {
    server = await startFakeHttpServer(() => ({
      headers: { "content-type": "audio/pcm" },
      body: new Uint8Array([5, 0, 6, 0, 7]),
    }));
    const chunk = await elevenLabsTts({ apiKey, baseURL: server.origin })("Hello there", "voice123");
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/v1/text-to-speech/voice123?output_format=pcm_24000");
    expect(request?.headers["xi-api-key"]).toBe(apiKey);
    expect(JSON.parse(new TextDecoder().decode(request?.body))).toEqual({
      text: "Hello there",
      model_id: "eleven_multilingual_v2",
    });
    expect([...chunk.data]).toEqual([5, 0, 6, 0]);
    expect(chunk.transcript).toBe("Hello there");
  });

  it("falls back to ELEVENLABS_VOICE_ID, then to the free-tier voice", async () => {
    server = await startFakeHttpServer(() => ({ body: new Uint8Array(2) }));
    await elevenLabsTts({ baseURL: server.origin, env: { ELEVENLABS_API_KEY: apiKey, ELEVENLABS_VOICE_ID: "fromEnv" } })("a", "");
    await elevenLabsTts({ baseURL: server.origin, env: { ELEVENLABS_API_KEY: apiKey } })("a", "");
    expect(server.requests.map((request) => request.url.split("?")[0])).toEqual([
      "/v1/text-to-speech/fromEnv",
      `/v1/text-to-speech/${ELEVENLABS_DEFAULT_VOICE_ID}`,
    ]);
  });

  it("reports a failed request by status only", async () => {
    server = await startFakeHttpServer(() => ({ status: 402, body: `{"detail":"payment required for ${apiKey}"}` }));
    const error = await elevenLabsTts({ apiKey, baseURL: server.origin })("hi", "v").catch((caught: unknown) => caught);
    expect(String(error)).toContain('ElevenLabs TTS HTTP 402 for voice "v"');
    expect(inspect(error)).not.toContain(apiKey);
    expect(inspect(error)).not.toContain("payment required");
  });
});

describe("ElevenLabsSTTProvider", () => {
  it("posts audio.wav and model_id scribe_v1 as multipart and returns the text", async () => {
    server = await startFakeHttpServer(() => ({
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "I need help ", language_code: "en" }),
    }));
    const stt = new ElevenLabsSTTProvider({ apiKey, baseURL: `${server.origin}/` });
    expect(await stt.transcribe(new AudioChunk({ data: new Uint8Array(960) }))).toBe("I need help");
    const [request] = server.requests;
    expect(request?.url).toBe("/v1/speech-to-text");
    expect(request?.headers["xi-api-key"]).toBe(apiKey);
    const form = await formOf(request!);
    expect(form.get("model_id")).toBe("scribe_v1");
    const file = form.get("file") as File;
    expect(file.name).toBe("audio.wav");
    expect(decodeWav(new Uint8Array(await file.arrayBuffer())).samples.length).toBe(480);
  });

  it("fails with the status only, never the body or the key", async () => {
    server = await startFakeHttpServer(() => ({ status: 401, body: `invalid key ${apiKey}` }));
    const error = await new ElevenLabsSTTProvider({ apiKey, baseURL: server.origin })
      .transcribe(new AudioChunk({ data: new Uint8Array(960) }))
      .catch((caught: unknown) => caught);
    expect(String(error)).toContain("ElevenLabs STT HTTP 401");
    expect(inspect(error)).not.toContain(apiKey);
    expect(inspect(error)).not.toContain("invalid key");
  });

  it("says so when the answer has no text", async () => {
    server = await startFakeHttpServer(() => ({ body: "<html>gateway</html>" }));
    await expect(
      new ElevenLabsSTTProvider({ apiKey, baseURL: server.origin }).transcribe(new AudioChunk({ data: new Uint8Array(960) })),
    ).rejects.toThrow("ElevenLabs STT answered without a text field");
  });

  it("fails before any request without a key, and never prints the key", async () => {
    await expect(new ElevenLabsSTTProvider({ env: {} }).transcribe(new AudioChunk({ data: new Uint8Array(2) }))).rejects.toThrow(
      "ElevenLabs STT: no API key; pass apiKey or set ELEVENLABS_API_KEY",
    );
    const stt = new ElevenLabsSTTProvider({ apiKey });
    for (const printed of [String(stt), JSON.stringify(stt), inspect(stt)]) expect(printed).not.toContain(apiKey);
    expect(String(stt)).toBe("ElevenLabsSTTProvider(model=scribe_v1, apiKey=***)");
  });
});
