import { describe, expect, it } from "vitest";
import { AudioChunk } from "../audio/audio-chunk.js";
import { createTtsRouter } from "./create-tts-router.js";
import { parseVoice, type TTSCallable, TtsRouter } from "./tts.js";

const beep: TTSCallable = async (text, voiceName) =>
  new AudioChunk({ data: new Uint8Array(text.length * 2), transcript: `${voiceName}:${text}` });

describe("TtsRouter", () => {
  it("routes provider/voiceName to the provider registered for the prefix, case-insensitively", async () => {
    const calls: string[] = [];
    const router = new TtsRouter().register("MyTTS", async (text, voiceName) => {
      calls.push(`${voiceName}|${text}`);
      return new AudioChunk({ data: new Uint8Array(4) });
    });
    const chunk = await router.synthesize("Hello there", "mytts/deep-voice");
    expect(calls).toEqual(["deep-voice|Hello there"]);
    expect(await router.synthesize("Hi", "MYTTS/x")).toBeInstanceOf(AudioChunk);
    expect(chunk.data.length).toBe(4);
  });

  it("sets the chunk's transcript to the text, whatever the provider said", async () => {
    const chunk = await new TtsRouter().register("beep", beep).synthesize("order 42", "beep/low");
    expect(chunk.transcript).toBe("order 42");
    expect(chunk.data.length).toBe(16);
  });

  it("lists the registered prefixes when the provider is unknown", async () => {
    const router = new TtsRouter().register("beep", beep).register("alpha", beep);
    await expect(router.synthesize("hi", "acme/voice")).rejects.toThrow(
      'No TTS provider "acme" for voice "acme/voice"; registered: alpha, beep.',
    );
    await expect(new TtsRouter().synthesize("hi", "acme/voice")).rejects.toThrow(/registered: none/);
  });

  it("keeps registries apart: one router's provider is not another's", async () => {
    const first = new TtsRouter().register("beep", beep);
    const second = new TtsRouter();
    expect(first.has("beep")).toBe(true);
    expect(second.has("beep")).toBe(false);
  });

  it("refuses a provider that returns something other than audio", async () => {
    const router = new TtsRouter().register("bad", (async () => "not audio") as unknown as TTSCallable);
    await expect(router.synthesize("hi", "bad/x")).rejects.toThrow('TTS provider "bad" returned string instead of an AudioChunk');
  });

  it("refuses prefixes that could never match", () => {
    expect(() => new TtsRouter().register("", beep)).toThrow(/non-empty name/);
    expect(() => new TtsRouter().register("a/b", beep)).toThrow(/without "\/"/);
  });
});

describe("parseVoice", () => {
  it("splits at the first slash and lowercases the provider only", () => {
    expect(parseVoice("ElevenLabs/EXAVITQu4vr4xnSDxMaL")).toEqual({ provider: "elevenlabs", voiceName: "EXAVITQu4vr4xnSDxMaL" });
    expect(parseVoice("espeak/en-us+f3")).toEqual({ provider: "espeak", voiceName: "en-us+f3" });
    expect(parseVoice("espeak")).toEqual({ provider: "espeak", voiceName: "" });
    expect(() => parseVoice(" ")).toThrow(/non-empty "provider\/voice"/);
  });
});

describe("createTtsRouter", () => {
  it("comes with espeak, openai and elevenlabs registered, and builds without keys", () => {
    expect(createTtsRouter().prefixes).toEqual(["elevenlabs", "espeak", "openai"]);
  });

  it("speaks offline through espeak-ng", async () => {
    const chunk = await createTtsRouter().synthesize("Hello", "espeak/en-us");
    expect(chunk.durationSeconds).toBeGreaterThan(0.2);
    expect(chunk.transcript).toBe("Hello");
  });
});
