import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AudioChunk, silentChunk } from "../audio/audio-chunk.js";
import { espeakTts } from "./espeak-tts.js";
import { PocketsphinxSTTProvider } from "./pocketsphinx-stt.js";
import { wordErrorRate } from "./wer.js";

const speak = espeakTts();
const missingBinary = { REHEARSE_POCKETSPHINX: "/nonexistent/pocketsphinx_continuous" };

describe("PocketsphinxSTTProvider", () => {
  it("transcribes espeak-ng speech back to nearly the same words", { timeout: 60_000 }, async () => {
    const sentences = [
      "Please transfer me to the billing department.",
      "I would like to check my account balance.",
      "The package was delivered to the wrong address.",
      "Thank you very much for your help.",
    ];
    const stt = new PocketsphinxSTTProvider();
    const heard = await Promise.all(sentences.map(async (sentence) => stt.transcribe(await speak(sentence, "en-us+klatt2"))));
    const scores = sentences.map((sentence, index) => wordErrorRate(sentence, heard[index] ?? ""));
    const errors = scores.reduce((total, score) => total + score.wer * score.referenceWords, 0);
    const words = scores.reduce((total, score) => total + score.referenceWords, 0);
    // Measured on Debian 12 (espeak-ng 1.51, pocketsphinx 5prealpha, en-us model): WER 0.07 over these four
    // sentences with the en-us+klatt2 voice (0.16 over ten support phrases; 0.73 and 0.55 with the plain "en-us"
    // voice). ASR on synthetic speech is imperfect: the bound leaves a wide margin.
    expect(errors / words).toBeLessThanOrEqual(0.4);
  });

  it("returns the same transcript for the same audio", { timeout: 30_000 }, async () => {
    const audio = await speak("Can you help me reset my password", "en-us+klatt2");
    const stt = new PocketsphinxSTTProvider();
    expect(await stt.transcribe(audio)).toBe(await stt.transcribe(audio));
  });

  it("returns an empty transcript for empty or very short audio without running pocketsphinx", async () => {
    const stt = new PocketsphinxSTTProvider({ env: missingBinary });
    expect(await stt.transcribe(new AudioChunk({ data: new Uint8Array(0) }))).toBe("");
    expect(await stt.transcribe(silentChunk(0.05))).toBe("");
  });

  it("hears nothing in silence", async () => {
    expect(await new PocketsphinxSTTProvider().transcribe(silentChunk(1))).toBe("");
  });

  it("spots only the given keywords", async () => {
    const audio = await speak("I would like to check my account balance", "en-us+klatt2");
    const stt = new PocketsphinxSTTProvider({ keywords: ["account balance", "password", "billing"] });
    expect(await stt.transcribe(audio)).toBe("account balance");
  });

  it("decodes against a JSGF grammar", async () => {
    const grammar = "#JSGF V1.0;\ngrammar menu;\npublic <choice> = ( press | say ) ( one | two | three ) [ please ];\n";
    const stt = new PocketsphinxSTTProvider({ grammar });
    expect(await stt.transcribe(await speak("press two please", "en-us+klatt2"))).toBe("press two please");
  });

  it("removes its temporary files, also when pocketsphinx fails", async () => {
    const tempDirectory = await mkdtemp(join(tmpdir(), "rehearse-stt-test-"));
    try {
      await new PocketsphinxSTTProvider({ tempDirectory }).transcribe(await speak("hello world", "en-us+klatt2"));
      const failing = new PocketsphinxSTTProvider({ tempDirectory, env: missingBinary });
      await expect(failing.transcribe(silentChunk(1))).rejects.toThrow(/apt-get install pocketsphinx pocketsphinx-en-us/);
      expect(await readdir(tempDirectory)).toEqual([]);
    } finally {
      await rm(tempDirectory, { recursive: true, force: true });
    }
  });

  it("refuses keyword and grammar settings it cannot honour", () => {
    expect(() => new PocketsphinxSTTProvider({ keywords: ["yes"], grammar: "#JSGF V1.0;" })).toThrow(/not both/);
    expect(() => new PocketsphinxSTTProvider({ keywords: ["yes /1e-5/\nno"] })).toThrow(/must be words/);
  });
});
