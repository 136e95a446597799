import type { AudioChunk } from "../audio/audio-chunk.js";

/** Per-call settings an STT provider may honour. */
export interface TranscribeOptions {
  /** Stops the transcription (the process or the HTTP request) when aborted. */
  signal?: AbortSignal;
}

/**
 * Speech to text: canonical audio (PCM16 LE mono 24 kHz) in, the words heard
 * out ("" for silence). One method, so a plain object literal is a provider
 * and no vendor type crosses this boundary.
 *
 * @example
 * ```ts
 * const stt: STTProvider = { transcribe: async (audio) => (audio.empty ? "" : "hello") };
 * ```
 */
export interface STTProvider {
  transcribe(audio: AudioChunk, options?: TranscribeOptions): Promise<string>;
}
