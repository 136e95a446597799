import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AudioChunk } from "../audio/audio-chunk.js";
import { toSamples } from "../audio/pcm.js";
import { decodeWav } from "../audio/wav.js";
import { interactionMetrics } from "./interaction-metrics.js";
import { LatencyMetrics } from "./latency-metrics.js";
import type { AudioSegment, VoiceEvent } from "./voice-event.js";
import { createAudioMessage, extractAudio, messageHasAudio, textOf } from "./voice-messages.js";
import { VoiceRecording } from "./voice-recording.js";
import { VoiceSession } from "./voice-session.js";

const filled = (samples: number, value: number): Uint8Array => {
  const bytes = new Uint8Array(samples * 2);
  new DataView(bytes.buffer).setInt16(0, value, true);
  return bytes;
};
const segment = (speaker: "user" | "agent", startTime: number, endTime: number, value = 1): AudioSegment => ({
  speaker,
  startTime,
  endTime,
  audio: filled(Math.round((endTime - startTime) * 24_000), value),
});

let directory: string | undefined;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

describe("VoiceRecording", () => {
  it("fullWav lays the segments end to end in start order (24 kHz mono PCM16)", () => {
    const recording = new VoiceRecording({ segments: [segment("agent", 1, 1.5, 2), segment("user", 0, 0.5, 1)] });
    const wav = decodeWav(recording.fullWav);
    expect([wav.sampleRate, wav.channels]).toEqual([24_000, 1]);
    expect(wav.samples.length).toBe(24_000);
    expect(wav.samples[0]).toBe(1);
    expect(wav.samples[12_000]).toBe(2);
    expect(recording.duration).toBe(1.5);
  });

  it("as JSON it carries the segments' times, transcripts and byte counts, and the timeline, but no audio", () => {
    const recording = new VoiceRecording({
      segments: [{ ...segment("agent", 1, 1.5, 2), transcript: "hello" }, segment("user", 0, 0.5, 1)],
      timeline: [{ time: 1, type: "agent_start_speaking", latency: 0.5 }],
    });
    const json = JSON.parse(JSON.stringify({ audio: recording }));
    expect(json.audio).toEqual({
      duration: 1.5,
      segments: [
        { speaker: "user", startTime: 0, endTime: 0.5, audioBytes: 24_000 },
        { speaker: "agent", startTime: 1, endTime: 1.5, transcript: "hello", audioBytes: 24_000 },
      ],
      timeline: [{ time: 1, type: "agent_start_speaking", latency: 0.5 }],
    });
  });

  it("saves WAV without ffmpeg and refuses an unknown format, naming the allowed ones", async () => {
    directory = await mkdtemp(join(tmpdir(), "rehearse-voice-"));
    const recording = new VoiceRecording({ segments: [segment("user", 0, 0.25)] });
    const path = await recording.save(join(directory, "call.wav"));
    expect(decodeWav(new Uint8Array(await readFile(path))).samples.length).toBe(6000);
    await expect(recording.save(join(directory, "call.aac"))).rejects.toThrow(/"aac" is not one of wav, mp3, ogg, flac/);
  });

  it("saveSegments writes one WAV per segment, full.wav and a manifest of segments and events", async () => {
    directory = await mkdtemp(join(tmpdir(), "rehearse-voice-"));
    const recording = new VoiceRecording({
      segments: [
        { ...segment("user", 0, 0.5), transcript: "hi" },
        { ...segment("agent", 0.8, 1.2), transcript: "hello", transcriptTruncated: true },
      ],
      timeline: [
        { time: 0.8, type: "agent_start_speaking", latency: 0.3 },
        { time: 0, type: "user_start_speaking" },
      ],
    });
    await recording.saveSegments(directory, { now: () => new Date("2026-12-07T10:00:00Z") });
    expect((await readdir(join(directory, "segments"))).sort()).toEqual(["00-user-0000ms.wav", "01-agent-0800ms.wav"]);
    const manifest = JSON.parse(await readFile(join(directory, "manifest.json"), "utf8"));
    expect(manifest.generated_at).toBe("2026-12-07T10:00:00.000Z");
    expect(manifest.segment_count).toBe(2);
    expect(manifest.segments[1]).toMatchObject({ idx: 1, role: "agent", transcript: "hello", transcript_truncated: true });
    expect(manifest.segments[0].transcript_truncated).toBeUndefined();
    expect(manifest.events.map((event: VoiceEvent) => event.type)).toEqual(["user_start_speaking", "agent_start_speaking"]);
    expect(manifest.events[1].latency).toBe(0.3);
    expect((await readdir(directory)).sort()).toEqual(["full.wav", "manifest.json", "segments"]);
  });
});

describe("LatencyMetrics", () => {
  it("mean, median and the ceiling-style 95th percentile of what was measured", () => {
    const metrics = new LatencyMetrics();
    expect(metrics.p50ResponseTime).toBeUndefined();
    for (const value of [0.4, 0.1, 0.3, 0.2, 1.0]) metrics.record(value);
    expect(metrics.timeToFirstByte).toBe(0.4);
    expect(metrics.avgResponseTime).toBeCloseTo(0.4);
    expect(metrics.p50ResponseTime).toBe(0.3);
    expect(metrics.p95ResponseTime).toBe(1.0);
  });
});

describe("interactionMetrics", () => {
  it("measures yield rate, selectivity, talk-over and silence gaps from the timeline", () => {
    const timeline: VoiceEvent[] = [
      { time: 1, type: "agent_start_speaking", latency: 0.5 },
      { time: 1.5, type: "backchannel" }, // talked through: the agent stops only at 4
      { time: 3, type: "user_interrupt" }, // yielded at 3.2 …
      { time: 3.2, type: "agent_stop_speaking" },
      { time: 5, type: "agent_start_speaking", latency: 1.5 },
      { time: 5.5, type: "user_interrupt" }, // … not this one (stops at 7)
      { time: 7, type: "agent_stop_speaking" },
    ];
    const segments = [segment("user", 0, 0.5), segment("agent", 1, 3.2), segment("user", 3, 3.5), segment("agent", 5, 7)];
    const metrics = interactionMetrics(timeline, segments, { yieldWithinMs: 500 });
    expect(metrics.interruptions).toBe(2);
    expect(metrics.yieldRate).toBe(0.5);
    expect(metrics.backchannels).toBe(1);
    expect(metrics.selectivity).toBe(1);
    expect(metrics.talkOverSeconds).toBeCloseTo(0.2);
    expect(metrics.silenceGaps).toEqual({ count: 2, mean: 1, max: 1.5 });
    expect(metrics.responseLatency).toEqual({ count: 2, p50: 1, p95: 1.5, max: 1.5 });
  });

  it("leaves rates undefined when nothing happened to rate", () => {
    const metrics = interactionMetrics([], []);
    expect(metrics.yieldRate).toBeUndefined();
    expect(metrics.selectivity).toBeUndefined();
    expect(metrics.silenceGaps).toEqual({ count: 0 });
  });
});

describe("VoiceSession", () => {
  it("timestamps from its clock and marks agent segments a user interrupt fell in as truncated", () => {
    let now = 0;
    const session = new VoiceSession({ seed: 1, now: () => now });
    now = 1000;
    session.agentStarted();
    now = 1500;
    session.event("user_interrupt");
    now = 1600;
    session.agentStopped(filled(10, 1), "a long answer");
    session.markTruncated();
    expect(session.recording.segments[0]).toMatchObject({ startTime: 1, endTime: 1.6, transcriptTruncated: true });
  });

  it("a throwing onVoiceEvent listener does not break recording", () => {
    const session = new VoiceSession({
      seed: 1,
      onVoiceEvent: () => {
        throw new Error("listener bug");
      },
    });
    expect(() => session.event("dtmf", { name: "1" })).not.toThrow();
    expect(session.recording.timeline).toHaveLength(1);
  });
});

describe("voice messages", () => {
  it("carry the transcript as text and the audio as a WAV file part, and read back", () => {
    const chunk = new AudioChunk({ data: filled(2400, 7), transcript: "refund please" });
    const message = createAudioMessage(chunk, "user");
    expect(messageHasAudio(message)).toBe(true);
    expect(textOf(message)).toBe("refund please");
    const back = extractAudio(message);
    expect(back?.transcript).toBe("refund please");
    expect(Array.from(toSamples(back?.data ?? new Uint8Array()))).toEqual(Array.from(toSamples(chunk.data)));
    expect(extractAudio({ role: "user", content: "text only" })).toBeUndefined();
  });
});
