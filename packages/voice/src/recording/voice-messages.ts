import type { ModelMessage } from "@rehearse/core";
import { AudioChunk } from "../audio/audio-chunk.js";
import { fromSamples, PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { downmix, resample } from "../audio/resample.js";
import { decodeWav, encodeWav } from "../audio/wav.js";

/** The media type of audio parts Rehearse writes: a base64 WAV (PCM16, mono, 24 kHz) any multimodal model reads. */
export const AUDIO_WAV_MEDIA_TYPE = "audio/wav";
/** Raw PCM16 24 kHz parts (the reference's in-message format), read as well. */
export const AUDIO_PCM16_MEDIA_TYPE = "audio/pcm16";

/** The roles an audio message can have. */
export type AudioMessageRole = "user" | "assistant";

/**
 * A conversation message carrying `chunk`: a text part with its transcript
 * (what judges and text-only agents read) when there is one, and a file part
 * with the audio as a base64 WAV.
 */
export function createAudioMessage(chunk: AudioChunk, role: AudioMessageRole): ModelMessage {
  const audio = { type: "file" as const, mediaType: AUDIO_WAV_MEDIA_TYPE, data: base64(encodeWav(chunk.data)) };
  const parts = chunk.transcript ? [{ type: "text" as const, text: chunk.transcript }, audio] : [audio];
  return role === "user" ? { role: "user", content: parts } : { role: "assistant", content: parts };
}

/** The audio of a message (its first audio part, as PCM16 24 kHz, with its text as transcript), or undefined. */
export function extractAudio(message: ModelMessage | undefined): AudioChunk | undefined {
  if (!message || typeof message.content === "string" || message.role === "system" || message.role === "tool") return undefined;
  let transcript: string | undefined;
  let audio: Uint8Array | undefined;
  for (const part of message.content as readonly { type: string; text?: string; mediaType?: string; data?: unknown }[]) {
    if (part.type === "text" && part.text) transcript = transcript ? `${transcript} ${part.text}` : part.text;
    if (part.type === "file" && audio === undefined && typeof part.mediaType === "string" && part.mediaType.startsWith("audio/"))
      audio = pcmOf(part.mediaType, bytesOf(part.data));
  }
  if (audio === undefined) return undefined;
  return new AudioChunk({ data: audio, ...(transcript ? { transcript } : {}) });
}

/** Whether a message carries audio. */
export function messageHasAudio(message: ModelMessage | undefined): boolean {
  if (!message || typeof message.content === "string") return false;
  return (message.content as readonly { type: string; mediaType?: string }[]).some(
    (part) => part.type === "file" && typeof part.mediaType === "string" && part.mediaType.startsWith("audio/"),
  );
}

/** The text of a message: its string content or its text parts joined (a voice message's transcript). */
export function textOf(message: ModelMessage | undefined): string {
  if (!message) return "";
  if (typeof message.content === "string") return message.content;
  return (message.content as readonly { type: string; text?: string }[])
    .filter((part) => part.type === "text" && typeof part.text === "string")
    .map((part) => part.text)
    .join(" ");
}

function pcmOf(mediaType: string, bytes: Uint8Array): Uint8Array {
  if (mediaType === AUDIO_PCM16_MEDIA_TYPE || mediaType === "audio/l16" || mediaType === "audio/pcm")
    return bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
  if (mediaType === AUDIO_WAV_MEDIA_TYPE || mediaType === "audio/x-wav" || mediaType === "audio/wave") {
    const wav = decodeWav(bytes);
    return fromSamples(resample(downmix(wav.samples, wav.channels), wav.sampleRate, PCM16_SAMPLE_RATE));
  }
  throw new Error(`audio part of type ${mediaType}: only WAV and PCM16 are read in messages (decode other formats with audio())`);
}

function bytesOf(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof data === "string") return new Uint8Array(Buffer.from(data.replace(/^data:[^,]*,/, ""), "base64"));
  throw new TypeError("audio part: data must be base64 text, a Uint8Array or an ArrayBuffer");
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
