import { describe, expect, it } from "vitest";
import { AudioChunk, silentChunk } from "./audio-chunk.js";
import { detectDtmf, dtmfSamples } from "./dtmf.js";
import { decodeMulaw, encodeMulaw } from "./mulaw.js";
import { fromSamples, toSamples } from "./pcm.js";
import { resample } from "./resample.js";
import { SampleAligner } from "./sample-aligner.js";
import { SeededRandom } from "./seeded-random.js";
import { decodeWav, encodeWav } from "./wav.js";

const tone = (length: number, frequency = 440, rate = 24_000): Int16Array =>
  Int16Array.from({ length }, (_, index) => Math.round(8000 * Math.sin((2 * Math.PI * frequency * index) / rate)));

describe("AudioChunk", () => {
  it("refuses half a sample, naming the cause", () => {
    expect(() => new AudioChunk({ data: new Uint8Array(3) })).toThrow(/3 bytes is not a multiple of 2.*partial transport frame/);
  });

  it("measures its duration from the bytes (PCM16 mono 24 kHz)", () => {
    const chunk = new AudioChunk({ data: new Uint8Array(48_000), transcript: "hi" });
    expect(chunk.durationSeconds).toBe(1);
    expect([chunk.sampleRate, chunk.channels, chunk.transcript]).toEqual([24_000, 1, "hi"]);
    expect(new AudioChunk({ data: new Uint8Array(0) }).durationSeconds).toBe(0);
  });

  it("silentChunk is zeros of the asked length; a negative length is an error", () => {
    const chunk = silentChunk(0.5);
    expect(chunk.data.length).toBe(24_000);
    expect(chunk.data.every((byte) => byte === 0)).toBe(true);
    expect(() => silentChunk(-1)).toThrow(/≥ 0/);
  });
});

describe("WAV", () => {
  it("round-trips PCM16 and reads the rate and channels", () => {
    const samples = tone(2400);
    const decoded = decodeWav(encodeWav(fromSamples(samples), 16_000, 1));
    expect(decoded.sampleRate).toBe(16_000);
    expect(decoded.channels).toBe(1);
    expect(Array.from(decoded.samples)).toEqual(Array.from(samples));
  });

  it("reads a streamed WAV whose data size is unknown (0xFFFFFFFF), as espeak-ng --stdout writes", () => {
    const file = encodeWav(fromSamples(tone(100)), 22_050);
    new DataView(file.buffer).setUint32(40, 0xffffffff, true);
    expect(decodeWav(file).samples.length).toBe(100);
  });

  it("names what is wrong with a file that is not WAV", () => {
    expect(() => decodeWav(new TextEncoder().encode("ID3 not a wav file"))).toThrow(/not a WAV file/);
  });
});

describe("µ-law", () => {
  it("round-trips within the codec's quantisation error", () => {
    const samples = tone(800, 300, 8000);
    const back = decodeMulaw(encodeMulaw(samples));
    for (let index = 0; index < samples.length; index++) {
      const original = samples[index] ?? 0;
      expect(Math.abs((back[index] ?? 0) - original)).toBeLessThanOrEqual(Math.abs(original) / 16 + 16);
    }
  });
});

describe("resample", () => {
  it("changes the length by the rate ratio and keeps a tone's shape", () => {
    const down = resample(tone(24_000), 24_000, 8000);
    expect(down.length).toBe(8000);
    const up = resample(down, 8000, 24_000);
    expect(up.length).toBe(24_000);
  });
});

describe("DTMF", () => {
  it("generates tones a Goertzel detector reads back", () => {
    expect(detectDtmf(dtmfSamples("12#*09"))).toBe("12#*09");
  });

  it("refuses a key that is not on the keypad", () => {
    expect(() => dtmfSamples("1x")).toThrow(/"X" is not a DTMF key/);
  });
});

describe("SeededRandom", () => {
  it("repeats its sequence for a seed and differs for another", () => {
    const draws = (seed: string): number[] => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draws("run-1")).toEqual(draws("run-1"));
    expect(draws("run-1")).not.toEqual(draws("run-2"));
    for (const value of draws("x")) expect(value).toBeGreaterThanOrEqual(0);
  });

  it("forks independent, reproducible streams", () => {
    const a = new SeededRandom(7).fork("noise").next();
    const b = new SeededRandom(7).fork("noise").next();
    expect(a).toBe(b);
  });
});

describe("PCM bytes", () => {
  it("reads samples from bytes at an odd offset of their buffer", () => {
    const buffer = new Uint8Array(5);
    buffer.set([0x34, 0x12, 0xff, 0x7f], 1);
    expect(Array.from(toSamples(buffer.subarray(1)))).toEqual([0x1234, 0x7fff]);
  });
});

describe("SampleAligner", () => {
  it("carries a frame's half sample into the next frame, so every chunk is whole samples", () => {
    const aligner = new SampleAligner();
    expect(Array.from(aligner.align(Uint8Array.from([1, 2, 3])))).toEqual([1, 2]);
    expect(Array.from(aligner.align(Uint8Array.from([4, 5, 6])))).toEqual([3, 4, 5, 6]);
    expect(Array.from(aligner.align(Uint8Array.from([7])))).toEqual([]);
    aligner.reset();
    expect(Array.from(aligner.align(Uint8Array.from([8, 9])))).toEqual([8, 9]);
  });
});
