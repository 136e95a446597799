import { z } from "zod";
import { AudioChunk } from "../audio/audio-chunk.js";
import { encodeWav } from "../audio/wav.js";
import { describeProvider, INSPECT, REDACTED, settingOf } from "./redacted.js";
import type { STTProvider, TranscribeOptions } from "./stt.js";
import type { TTSCallable } from "./tts.js";

/** ElevenLabs' API origin, unless `baseURL` says otherwise. */
export const ELEVENLABS_BASE_URL = "https://api.elevenlabs.io";
/** The voice of "elevenlabs" with no voice named and no `ELEVENLABS_VOICE_ID`: "Sarah", available on the free tier. */
export const ELEVENLABS_DEFAULT_VOICE_ID = "EXAVITQu4vr4xnSDxMaL";
/** ElevenLabs' speech model used unless `model` says otherwise. */
export const ELEVENLABS_TTS_MODEL = "eleven_multilingual_v2";
/** ElevenLabs' transcription model used unless `model` says otherwise. */
export const ELEVENLABS_STT_MODEL = "scribe_v1";

/** Settings of the ElevenLabs speech providers. */
export interface ElevenLabsSpeechOptions {
  /** API key. Default: `ELEVENLABS_API_KEY` from `env`. Never printed: `toString` and `util.inspect` show `***`. */
  apiKey?: string;
  /** API origin (a proxy or a local fake). Default {@link ELEVENLABS_BASE_URL}. */
  baseURL?: string;
  /** Model id. Default {@link ELEVENLABS_TTS_MODEL} for speech, {@link ELEVENLABS_STT_MODEL} for transcription. */
  model?: string;
  /** Where `ELEVENLABS_API_KEY` and `ELEVENLABS_VOICE_ID` are read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

const transcriptionSchema = z.object({ text: z.string() });

/**
 * A TTS provider speaking through ElevenLabs' text-to-speech API, asking for
 * `pcm_24000` (the canonical PCM16 24 kHz mono). Register it as the
 * `elevenlabs` prefix: "elevenlabs/<voice id>"; with no voice id,
 * `ELEVENLABS_VOICE_ID` or {@link ELEVENLABS_DEFAULT_VOICE_ID}. A failed
 * request is "ElevenLabs TTS HTTP <status>", without the response body.
 *
 * @example
 * ```ts
 * const router = new TtsRouter().register("elevenlabs", elevenLabsTts({ apiKey }));
 * const chunk = await router.synthesize("Hello", "elevenlabs/EXAVITQu4vr4xnSDxMaL");
 * ```
 */
export function elevenLabsTts(options: ElevenLabsSpeechOptions = {}): TTSCallable {
  return async (text, voiceName, callOptions = {}) => {
    if (text.trim() === "") return new AudioChunk({ data: new Uint8Array(0), transcript: text });
    const env = options.env ?? process.env;
    const voiceId = voiceName || settingOf(undefined, env.ELEVENLABS_VOICE_ID) || ELEVENLABS_DEFAULT_VOICE_ID;
    const url = `${origin(options)}/v1/text-to-speech/${encodeURIComponent(voiceId)}?output_format=pcm_24000`;
    const response = await fetch(url, {
      method: "POST",
      headers: { "xi-api-key": apiKeyOf(options, "ElevenLabs TTS"), "content-type": "application/json" },
      body: JSON.stringify({ text, model_id: options.model ?? ELEVENLABS_TTS_MODEL }),
      ...(callOptions.signal ? { signal: callOptions.signal } : {}),
    });
    if (response.status >= 400) {
      await response.body?.cancel();
      throw new Error(`ElevenLabs TTS HTTP ${response.status} for voice "${voiceId}"${hintFor(response.status)}`);
    }
    const pcm = new Uint8Array(await response.arrayBuffer());
    return new AudioChunk({ data: pcm.length % 2 === 0 ? pcm : pcm.subarray(0, pcm.length - 1), transcript: text });
  };
}

/**
 * Speech to text through ElevenLabs' speech-to-text API (Scribe): the audio
 * goes as `audio.wav` in a multipart form with `model_id`. A failed request
 * is "ElevenLabs STT HTTP <status>", without the response body (it may echo
 * account details).
 *
 * @example
 * ```ts
 * const stt = new ElevenLabsSTTProvider({ apiKey: process.env.ELEVENLABS_API_KEY });
 * ```
 */
export class ElevenLabsSTTProvider implements STTProvider {
  readonly model: string;
  readonly #options: ElevenLabsSpeechOptions;

  constructor(options: ElevenLabsSpeechOptions = {}) {
    this.model = options.model ?? ELEVENLABS_STT_MODEL;
    this.#options = { ...options };
  }

  async transcribe(audio: AudioChunk, options: TranscribeOptions = {}): Promise<string> {
    if (audio.empty) return "";
    const form = new FormData();
    form.append("model_id", this.model);
    form.append("file", new Blob([encodeWav(audio.data)], { type: "audio/wav" }), "audio.wav");
    const response = await fetch(`${origin(this.#options)}/v1/speech-to-text`, {
      method: "POST",
      headers: { "xi-api-key": apiKeyOf(this.#options, "ElevenLabs STT") },
      body: form,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.status >= 400) {
      await response.body?.cancel();
      throw new Error(`ElevenLabs STT HTTP ${response.status}${hintFor(response.status)}`);
    }
    const parsed = transcriptionSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new Error("ElevenLabs STT answered without a text field (expected JSON { text })");
    return parsed.data.text.trim();
  }

  toString(): string {
    return describeProvider("ElevenLabsSTTProvider", { model: this.model, baseURL: this.#options.baseURL }, this.#hasKey());
  }

  toJSON(): Record<string, string | undefined> {
    return {
      provider: "elevenlabs",
      model: this.model,
      baseURL: this.#options.baseURL,
      apiKey: this.#hasKey() ? REDACTED : undefined,
    };
  }

  [INSPECT](): string {
    return this.toString();
  }

  #hasKey(): boolean {
    return settingOf(this.#options.apiKey, (this.#options.env ?? process.env).ELEVENLABS_API_KEY) !== undefined;
  }
}

function origin(options: ElevenLabsSpeechOptions): string {
  return (options.baseURL ?? ELEVENLABS_BASE_URL).replace(/\/+$/, "");
}

function apiKeyOf(options: ElevenLabsSpeechOptions, what: string): string {
  const key = settingOf(options.apiKey, (options.env ?? process.env).ELEVENLABS_API_KEY);
  if (!key) throw new Error(`${what}: no API key; pass apiKey or set ELEVENLABS_API_KEY`);
  return key;
}

function hintFor(status: number): string {
  if (status === 401) return " (the API key was refused: check ELEVENLABS_API_KEY)";
  if (status === 402) return " (the plan does not cover this voice or model: try a premade voice)";
  if (status === 429) return " (rate limited: retry later or lower concurrency)";
  return "";
}
