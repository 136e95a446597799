import { describe, expect, it } from "vitest";
import { toSamples } from "../audio/pcm.js";
import { espeakTts, synthesizeWithEspeak } from "./espeak-tts.js";

const speak = espeakTts();

function peak(data: Uint8Array): number {
  let highest = 0;
  for (const sample of toSamples(data)) highest = Math.max(highest, Math.abs(sample));
  return highest;
}

describe("espeakTts", () => {
  it("speaks text as 24 kHz PCM16 lasting about as long as the words take", async () => {
    const chunk = await speak("Please transfer me to the billing department.", "en-us");
    expect(chunk.sampleRate).toBe(24_000);
    expect(chunk.durationSeconds).toBeGreaterThan(1.5);
    expect(chunk.durationSeconds).toBeLessThan(6);
    expect(peak(chunk.data)).toBeGreaterThan(3000);
    expect(chunk.transcript).toBe("Please transfer me to the billing department.");
  });

  it("gives byte-identical audio for the same text and voice", async () => {
    const first = await speak("Your order has shipped.", "en-us+f3");
    const second = await speak("Your order has shipped.", "en-us+f3");
    expect(Buffer.from(first.data).equals(Buffer.from(second.data))).toBe(true);
    const other = await speak("Your order has shipped.", "en-us+m3");
    expect(Buffer.from(first.data).equals(Buffer.from(other.data))).toBe(false);
  });

  it("speaks slower at a lower rate", async () => {
    const text = "one two three four five six seven eight";
    const slow = await speak(text, "en-us", { rate: 100 });
    const fast = await speak(text, "en-us", { rate: 300 });
    expect(slow.durationSeconds).toBeGreaterThan(fast.durationSeconds * 1.8);
  });

  it("reads text from stdin, so text that looks like an option is spoken", async () => {
    const chunk = await speak("--version -v xx", "en-us");
    expect(chunk.durationSeconds).toBeGreaterThan(0.5);
  });

  it("refuses voice names that are not espeak voice names, before running anything", async () => {
    const env = { REHEARSE_ESPEAK: "/nonexistent/espeak-ng" };
    await expect(synthesizeWithEspeak("hi", "en-us --stdin", { env })).rejects.toThrow(/voice "en-us --stdin" is not valid/);
    await expect(synthesizeWithEspeak("hi", "-w/tmp/x", { env })).rejects.toThrow(/is not valid/);
  });

  it("refuses a rate or pitch out of espeak-ng's range", async () => {
    await expect(speak("hi", "en-us", { rate: 5 })).rejects.toThrow(/rate must be a number from 80 to 450/);
    await expect(speak("hi", "en-us", { pitch: 120 })).rejects.toThrow(/pitch must be a number from 0 to 99/);
  });

  it("uses the default voice when none is named, and returns empty audio for empty text", async () => {
    expect((await speak("Hello", "")).durationSeconds).toBeGreaterThan(0.2);
    const silent = await speak("   ", "en-us");
    expect(silent.empty).toBe(true);
  });

  it("names the package to install when espeak-ng is missing", async () => {
    const missing = espeakTts({ env: { REHEARSE_ESPEAK: "/nonexistent/espeak-ng" } });
    await expect(missing("hello", "en-us")).rejects.toThrow(/apt-get install espeak-ng/);
  });
});
