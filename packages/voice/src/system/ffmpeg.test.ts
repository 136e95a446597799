import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromSamples, toSamples } from "../audio/pcm.js";
import { encodeWav } from "../audio/wav.js";
import { decodeAudioFile, transcodeWav } from "./ffmpeg.js";

/** One second of a 440 Hz tone at `rate`, so resampling to 24 kHz is visible in the length. */
function tone(rate: number, seconds = 1): Uint8Array {
  const samples = new Int16Array(Math.round(rate * seconds));
  for (let index = 0; index < samples.length; index++)
    samples[index] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / rate));
  return fromSamples(samples);
}

let directory = "";
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "rehearse-ffmpeg-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("decodeAudioFile", () => {
  it("decodes a WAV file at another rate to 24 kHz mono PCM16", async () => {
    const path = join(directory, "tone 16k.wav");
    await writeFile(path, encodeWav(tone(16_000), 16_000));
    const pcm = await decodeAudioFile(path);
    expect(pcm.length / 2).toBeGreaterThan(23_500);
    expect(pcm.length / 2).toBeLessThan(24_500);
    // still a tone, not silence
    expect(Math.max(...toSamples(pcm).subarray(1000, 2000))).toBeGreaterThan(6000);
  });

  it("decodes stereo WAV bytes from memory to mono", async () => {
    const mono = toSamples(tone(24_000, 0.5));
    const stereo = new Int16Array(mono.length * 2);
    mono.forEach((sample, index) => {
      stereo[index * 2] = sample;
      stereo[index * 2 + 1] = sample;
    });
    const pcm = await decodeAudioFile(encodeWav(fromSamples(stereo), 24_000, 2));
    expect(pcm.length).toBe(mono.length * 2);
  });

  it("refuses URLs before running ffmpeg", async () => {
    const env = { REHEARSE_FFMPEG: "/nonexistent/ffmpeg" };
    await expect(decodeAudioFile("https://example.com/a.wav", { env })).rejects.toThrow(
      /is a URL; remote URLs are not fetched\. Download the file yourself/,
    );
    await expect(decodeAudioFile("concat://a.wav|b.wav", { env })).rejects.toThrow(/remote URLs are not fetched/);
  });

  it("names the path of a missing file", async () => {
    const path = join(directory, "missing.wav");
    await expect(decodeAudioFile(path)).rejects.toThrow(`no audio file at ${path}`);
  });

  it("says ffmpeg failed to decode garbage bytes, with ffmpeg's reason", async () => {
    const garbage = new TextEncoder().encode("this is not audio at all, just some text ".repeat(20));
    await expect(decodeAudioFile(garbage)).rejects.toThrow(/^ffmpeg failed to decode audio: .+/);
  });

  it("says which package to install when ffmpeg is missing", async () => {
    const path = join(directory, "present.wav");
    await writeFile(path, encodeWav(tone(24_000, 0.1)));
    await expect(decodeAudioFile(path, { env: { REHEARSE_FFMPEG: "/nonexistent/ffmpeg" } })).rejects.toThrow(
      /apt-get install ffmpeg/,
    );
  });
});

describe("transcodeWav", () => {
  const original = tone(24_000, 2);

  it.each(["mp3", "ogg", "flac"] as const)("writes %s that decodes back to about the same length", async (format) => {
    const path = join(directory, `call.${format}`);
    const written = await transcodeWav(encodeWav(original), format, path);
    expect(written).toBe(path);
    expect((await readFile(path)).length).toBeGreaterThan(100);
    const decoded = await decodeAudioFile(path);
    // codecs pad (MP3 adds an encoder delay): within 5 % of the original length
    expect(Math.abs(decoded.length - original.length) / original.length).toBeLessThan(0.05);
  });

  it("refuses an unknown format and a URL as the destination", async () => {
    await expect(transcodeWav(encodeWav(original), "aac" as "mp3", join(directory, "x.aac"))).rejects.toThrow(
      /format must be one of mp3, ogg, flac/,
    );
    await expect(transcodeWav(encodeWav(original), "mp3", "ftp://host/x.mp3")).rejects.toThrow(/local files only/);
  });
});
