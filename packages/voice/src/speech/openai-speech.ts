import { createRequire } from "node:module";
import type * as OpenAIModule from "@ai-sdk/openai";
import { AudioChunk } from "../audio/audio-chunk.js";
import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { encodeWav } from "../audio/wav.js";
import { describeProvider, INSPECT, REDACTED, settingOf } from "./redacted.js";
import type { STTProvider, TranscribeOptions } from "./stt.js";
import type { TTSCallable } from "./tts.js";

/** OpenAI's speech model used unless `model` says otherwise. */
export const OPENAI_TTS_MODEL = "gpt-4o-mini-tts";
/** OpenAI's transcription model used unless `model` says otherwise. */
export const OPENAI_STT_MODEL = "gpt-4o-transcribe";
/** The voice of "openai" or "openai/" (no voice named). */
export const OPENAI_DEFAULT_VOICE = "alloy";
/** OpenAI's per-request transcription limit: 25 minutes. Longer audio is sent in pieces. */
export const OPENAI_TRANSCRIBE_LIMIT_SECONDS = 25 * 60;

/** Settings of the OpenAI speech providers. */
export interface OpenAISpeechOptions {
  /** API key. Default: `OPENAI_API_KEY` from `env`. Never printed: `toString` and `util.inspect` show `***`. */
  apiKey?: string;
  /** API base URL (a proxy, Azure-compatible gateway or a local fake). Default: `OPENAI_BASE_URL` from `env`, else OpenAI's. */
  baseURL?: string;
  /** Model id. Default {@link OPENAI_TTS_MODEL} for speech, {@link OPENAI_STT_MODEL} for transcription. */
  model?: string;
  /** Retries per request on a retryable failure (the AI SDK's `maxRetries`). Default 2. */
  maxRetries?: number;
  /** Where `OPENAI_API_KEY` and `OPENAI_BASE_URL` are read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Settings of {@link OpenAISTTProvider}. */
export interface OpenAISTTOptions extends OpenAISpeechOptions {
  /** Longest audio sent in one request, in seconds. Default {@link OPENAI_TRANSCRIBE_LIMIT_SECONDS}. */
  maxSecondsPerRequest?: number;
}

/**
 * `@ai-sdk/openai`, loaded on first use: it is an optional peer dependency,
 * so users of the offline providers never install it. `requireModule` is
 * the loader (a test can pass one that fails).
 */
export function loadOpenAIModule(requireModule: (id: string) => unknown = createRequire(import.meta.url)): typeof OpenAIModule {
  try {
    return requireModule("@ai-sdk/openai") as typeof OpenAIModule;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND")
      throw new Error("OpenAI speech needs the optional package @ai-sdk/openai: npm install @ai-sdk/openai", { cause: error });
    throw error;
  }
}

/**
 * A TTS provider speaking through OpenAI's speech API (via the AI SDK's
 * `experimental_generateSpeech`), asking for raw `pcm` output, which is
 * already the canonical PCM16 24 kHz mono. Register it as the `openai`
 * prefix: "openai/nova", "openai/alloy".
 *
 * @example
 * ```ts
 * const router = new TtsRouter().register("openai", openAITts({ model: "tts-1" }));
 * const chunk = await router.synthesize("Hello", "openai/nova");
 * ```
 */
export function openAITts(options: OpenAISpeechOptions = {}): TTSCallable {
  return async (text, voiceName, callOptions = {}) => {
    if (text.trim() === "") return new AudioChunk({ data: new Uint8Array(0), transcript: text });
    const provider = openAIProvider(options, "OpenAI TTS");
    const { experimental_generateSpeech: generateSpeech } = await import("ai");
    const result = await generateSpeech({
      model: provider.speech(options.model ?? OPENAI_TTS_MODEL),
      text,
      voice: voiceName || OPENAI_DEFAULT_VOICE,
      outputFormat: "pcm",
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(callOptions.signal ? { abortSignal: callOptions.signal } : {}),
    });
    const pcm = result.audio.uint8Array;
    // an odd trailing byte is half a sample: drop it rather than refuse the whole reply
    return new AudioChunk({ data: pcm.length % 2 === 0 ? pcm : pcm.subarray(0, pcm.length - 1), transcript: text });
  };
}

/**
 * Speech to text through OpenAI's transcription API (via the AI SDK's
 * `experimental_transcribe`), sending WAV. Audio longer than
 * `maxSecondsPerRequest` (25 minutes, OpenAI's limit) is sent in pieces
 * whose transcripts are joined with spaces.
 *
 * @example
 * ```ts
 * const stt = new OpenAISTTProvider({ model: "gpt-4o-mini-transcribe" });
 * const text = await stt.transcribe(chunk);
 * ```
 */
export class OpenAISTTProvider implements STTProvider {
  readonly model: string;
  readonly maxSecondsPerRequest: number;
  readonly #options: OpenAISpeechOptions;

  constructor(options: OpenAISTTOptions = {}) {
    const { maxSecondsPerRequest = OPENAI_TRANSCRIBE_LIMIT_SECONDS, ...rest } = options;
    if (!(maxSecondsPerRequest > 0))
      throw new RangeError(`OpenAISTTProvider: maxSecondsPerRequest must be positive, got ${maxSecondsPerRequest}`);
    this.model = options.model ?? OPENAI_STT_MODEL;
    this.maxSecondsPerRequest = maxSecondsPerRequest;
    this.#options = rest;
  }

  async transcribe(audio: AudioChunk, options: TranscribeOptions = {}): Promise<string> {
    if (audio.empty) return "";
    const provider = openAIProvider(this.#options, "OpenAI STT");
    const { experimental_transcribe: transcribe, NoTranscriptGeneratedError } = await import("ai");
    const pieceBytes = Math.max(2, Math.floor(this.maxSecondsPerRequest * PCM16_SAMPLE_RATE) * 2);
    const texts: string[] = [];
    for (let offset = 0; offset < audio.data.length; offset += pieceBytes) {
      const text = await transcribe({
        model: provider.transcription(this.model),
        audio: encodeWav(audio.data.subarray(offset, offset + pieceBytes)),
        ...(this.#options.maxRetries !== undefined ? { maxRetries: this.#options.maxRetries } : {}),
        ...(options.signal ? { abortSignal: options.signal } : {}),
      }).then(
        (result) => result.text.trim(),
        // the AI SDK treats an empty transcript as an error; for a voice turn it is silence
        (error: unknown) => {
          if (NoTranscriptGeneratedError.isInstance(error)) return "";
          throw error;
        },
      );
      if (text) texts.push(text);
    }
    return texts.join(" ");
  }

  toString(): string {
    return describeProvider("OpenAISTTProvider", { model: this.model, baseURL: this.#options.baseURL }, this.#hasKey());
  }

  toJSON(): Record<string, string | undefined> {
    return {
      provider: "openai",
      model: this.model,
      baseURL: this.#options.baseURL,
      apiKey: this.#hasKey() ? REDACTED : undefined,
    };
  }

  [INSPECT](): string {
    return this.toString();
  }

  #hasKey(): boolean {
    return settingOf(this.#options.apiKey, (this.#options.env ?? process.env).OPENAI_API_KEY) !== undefined;
  }
}

/** The AI SDK's OpenAI provider for these settings; fails before any request when no key is configured. */
function openAIProvider(options: OpenAISpeechOptions, what: string): OpenAIModule.OpenAIProvider {
  const env = options.env ?? process.env;
  const apiKey = settingOf(options.apiKey, env.OPENAI_API_KEY);
  if (!apiKey) throw new Error(`${what}: no API key; pass apiKey or set OPENAI_API_KEY`);
  const baseURL = settingOf(options.baseURL, env.OPENAI_BASE_URL);
  return loadOpenAIModule().createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) });
}
