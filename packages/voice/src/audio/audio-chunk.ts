import { bytesFor, durationOf, PCM16_CHANNELS, PCM16_SAMPLE_RATE } from "./pcm.js";

/** What an `AudioChunk` is made from. */
export interface AudioChunkInit {
  /** PCM16 little-endian bytes, mono, 24 kHz. An odd length is refused. */
  data: Uint8Array;
  /** What was said, when the source knows it (an adapter's transcript, a TTS input). */
  transcript?: string;
  /** Seconds from the run's start. */
  startTime?: number;
  /** Seconds from the run's start. */
  endTime?: number;
}

/**
 * A piece of audio in the canonical format (PCM16 LE, mono, 24 kHz). An odd
 * byte count is refused at construction: it is half a sample, usually a
 * transport frame split in the middle, which the adapter must buffer instead.
 */
export class AudioChunk {
  readonly data: Uint8Array;
  readonly transcript?: string;
  readonly startTime?: number;
  readonly endTime?: number;

  constructor(init: AudioChunkInit) {
    if (!(init.data instanceof Uint8Array)) throw new TypeError("AudioChunk: data must be a Uint8Array of PCM16 LE bytes");
    if (init.data.length % 2 !== 0)
      throw new RangeError(
        `AudioChunk: ${init.data.length} bytes is not a multiple of 2, so not valid PCM16 ` +
          "(usually a partial transport frame, which the adapter must buffer until the rest arrives)",
      );
    this.data = init.data;
    if (init.transcript !== undefined) this.transcript = init.transcript;
    if (init.startTime !== undefined) this.startTime = init.startTime;
    if (init.endTime !== undefined) this.endTime = init.endTime;
  }

  get sampleRate(): number {
    return PCM16_SAMPLE_RATE;
  }

  get channels(): number {
    return PCM16_CHANNELS;
  }

  /** Length in seconds, from the byte count. */
  get durationSeconds(): number {
    return durationOf(this.data.length);
  }

  /** Whether the chunk holds no audio (what an adapter returns to end a turn). */
  get empty(): boolean {
    return this.data.length === 0;
  }
}

/** `durationSeconds` of digital silence. */
export function silentChunk(durationSeconds: number): AudioChunk {
  if (!Number.isFinite(durationSeconds) || durationSeconds < 0)
    throw new RangeError(`silentChunk: duration must be a finite number of seconds ≥ 0, got ${durationSeconds}`);
  return new AudioChunk({ data: new Uint8Array(bytesFor(durationSeconds)) });
}
