import { mkdir, writeFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { concatPcm } from "../audio/pcm.js";
import { encodeWav } from "../audio/wav.js";
import type { AudioSegment, VoiceEvent } from "./voice-event.js";

/** The formats a recording saves to: WAV directly, the others through Debian's ffmpeg. */
export const RECORDING_FORMATS = ["wav", "mp3", "ogg", "flac"] as const;
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];

/**
 * A voice run's audio, segment by speaker, and its timeline (`result.audio`).
 * Nothing is written to disk unless `save` or `saveSegments` is called.
 */
export class VoiceRecording {
  readonly segments: AudioSegment[];
  timeline: VoiceEvent[];

  constructor(init: { segments?: AudioSegment[]; timeline?: VoiceEvent[] } = {}) {
    this.segments = [...(init.segments ?? [])];
    this.timeline = [...(init.timeline ?? [])];
  }

  /** Seconds to the end of the last segment (0 when there is none). */
  get duration(): number {
    return this.segments.reduce((longest, segment) => Math.max(longest, segment.endTime), 0);
  }

  /** The segments in start-time order (ties keep their recording order). */
  orderedSegments(): AudioSegment[] {
    return this.segments
      .map((segment, index) => ({ segment, index }))
      .sort((left, right) => left.segment.startTime - right.segment.startTime || left.index - right.index)
      .map(({ segment }) => segment);
  }

  /**
   * The recording without its audio bytes (each segment gives its byte count
   * instead): what `JSON.stringify(result)` and the JSON report carry. The
   * audio itself is saved only when asked (`save`, `saveSegments`).
   */
  toJSON(): {
    duration: number;
    segments: (Omit<AudioSegment, "audio"> & { audioBytes: number })[];
    timeline: VoiceEvent[];
  } {
    return {
      duration: this.duration,
      segments: this.orderedSegments().map(({ audio, ...segment }) => ({ ...segment, audioBytes: audio.length })),
      timeline: [...this.timeline],
    };
  }

  /**
   * A WAV file (PCM16, mono, 24 kHz) of the segments laid end to end in start
   * order: a listening copy, not a time-aligned mix (overlapping speech is
   * played one after the other).
   */
  get fullWav(): Uint8Array {
    return encodeWav(concatPcm(this.orderedSegments().map((segment) => segment.audio)));
  }

  /**
   * Writes the full recording to `path` as `format` (else the path's suffix,
   * else WAV); mp3, ogg and flac go through ffmpeg. Returns the absolute path.
   */
  async save(path: string, format?: string): Promise<string> {
    const target = resolve(path);
    const chosen = (format ?? extname(target).slice(1) ?? "").toLowerCase() || "wav";
    if (!(RECORDING_FORMATS as readonly string[]).includes(chosen))
      throw new RangeError(`VoiceRecording.save: format "${chosen}" is not one of ${RECORDING_FORMATS.join(", ")}`);
    if (chosen === "wav") await writeFile(target, this.fullWav);
    else {
      // ffmpeg's wrapper is loaded when a compressed format is asked for
      const { transcodeWav } = await import("../system/ffmpeg.js");
      await transcodeWav(this.fullWav, chosen as Exclude<RecordingFormat, "wav">, target);
    }
    return target;
  }

  /**
   * Writes each segment as `segments/NN-<speaker>-<start ms>ms.wav`, the whole
   * as `full.wav`, and (unless `manifest: false`) `manifest.json` describing
   * segments and events, into `directory` (created; not emptied first).
   * Returns the absolute directory.
   */
  async saveSegments(directory: string, options: { manifest?: boolean; now?: () => Date } = {}): Promise<string> {
    const root = resolve(directory);
    await mkdir(join(root, "segments"), { recursive: true });
    const ordered = this.orderedSegments();
    const entries: Record<string, unknown>[] = [];
    for (const [index, segment] of ordered.entries()) {
      const name = `${String(index).padStart(2, "0")}-${segment.speaker}-${String(Math.round(segment.startTime * 1000)).padStart(4, "0")}ms.wav`;
      await writeFile(join(root, "segments", name), encodeWav(segment.audio));
      entries.push({
        idx: index,
        file: `segments/${name}`,
        role: segment.speaker,
        start_time: segment.startTime,
        end_time: segment.endTime,
        duration: segment.endTime - segment.startTime,
        transcript: segment.transcript ?? null,
        ...(segment.transcriptTruncated ? { transcript_truncated: true } : {}),
      });
    }
    await writeFile(join(root, "full.wav"), this.fullWav);
    if (options.manifest !== false) {
      const events = [...this.timeline].sort((left, right) => left.time - right.time).map(eventEntry);
      const manifest = {
        generated_at: (options.now ?? (() => new Date()))().toISOString(),
        duration: this.duration,
        segment_count: ordered.length,
        segments: entries,
        events,
      };
      await writeFile(join(root, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    }
    return root;
  }
}

function eventEntry(event: VoiceEvent): Record<string, unknown> {
  const entry: Record<string, unknown> = { time: event.time, type: event.type };
  for (const key of ["latency", "name", "args", "result", "metadata"] as const)
    if (event[key] !== undefined && event[key] !== null) entry[key] = event[key];
  return entry;
}
