import { AudioChunk } from "../audio/audio-chunk.js";

/** Per-call settings a TTS provider may honour (each provider documents which). */
export interface TtsOptions {
  /** Speaking rate in words per minute (espeak-ng; cloud providers ignore it). */
  rate?: number;
  /** Pitch, 0–99 (espeak-ng; cloud providers ignore it). */
  pitch?: number;
  /** Stops the synthesis (the process or the HTTP request) when aborted. */
  signal?: AbortSignal;
}

/**
 * One TTS provider: speaks `text` with `voiceName` (the part of the voice
 * string after `provider/`) and resolves to canonical audio (PCM16 LE mono
 * 24 kHz). A plain async function, so a custom provider needs no SDK.
 */
export type TTSCallable = (text: string, voiceName: string, options?: TtsOptions) => Promise<AudioChunk>;

/** The provider prefix and the voice name of "provider/voiceName" (a bare "provider" has an empty voice name). */
export function parseVoice(voice: string): { provider: string; voiceName: string } {
  if (typeof voice !== "string" || voice.trim() === "")
    throw new TypeError('TTS voice must be a non-empty "provider/voice" string, e.g. "espeak/en-us" or "openai/nova"');
  const slash = voice.indexOf("/");
  if (slash === -1) return { provider: voice.trim().toLowerCase(), voiceName: "" };
  return { provider: voice.slice(0, slash).trim().toLowerCase(), voiceName: voice.slice(slash + 1).trim() };
}

/**
 * Routes "provider/voiceName" voice strings to TTS providers. The instance is
 * the registry: build one per run or per simulator (`createTtsRouter()` comes
 * with espeak, openai and elevenlabs registered), so registering a provider
 * in one test never leaks into another.
 *
 * @example
 * ```ts
 * const router = createTtsRouter();
 * router.register("mytts", async (text, voiceName) => new AudioChunk({ data: await myEngine(text, voiceName) }));
 * const chunk = await router.synthesize("Hello", "espeak/en-us");
 * ```
 */
export class TtsRouter {
  readonly #providers = new Map<string, TTSCallable>();

  /** Adds (or replaces) the provider for `prefix`, matched case-insensitively. Returns the router for chaining. */
  register(prefix: string, synthesize: TTSCallable): this {
    const key = typeof prefix === "string" ? prefix.trim().toLowerCase() : "";
    if (key === "" || key.includes("/"))
      throw new TypeError(`TtsRouter.register: prefix must be a non-empty name without "/", got ${JSON.stringify(prefix)}`);
    if (typeof synthesize !== "function")
      throw new TypeError(`TtsRouter.register("${key}"): synthesize must be a function (text, voiceName, options) => AudioChunk`);
    this.#providers.set(key, synthesize);
    return this;
  }

  /** The registered prefixes, sorted. */
  get prefixes(): string[] {
    return [...this.#providers.keys()].sort();
  }

  /** Whether a provider is registered for `prefix`. */
  has(prefix: string): boolean {
    return this.#providers.has(prefix.trim().toLowerCase());
  }

  /**
   * Speaks `text` with `voice` ("provider/voiceName"). The chunk carries
   * `transcript: text`, whatever the provider returned, since the text is
   * what was meant to be said.
   */
  async synthesize(text: string, voice: string, options?: TtsOptions): Promise<AudioChunk> {
    if (typeof text !== "string") throw new TypeError("TtsRouter.synthesize: text must be a string");
    const { provider, voiceName } = parseVoice(voice);
    const synthesize = this.#providers.get(provider);
    if (!synthesize) {
      const known = this.prefixes;
      throw new Error(
        `No TTS provider "${provider}" for voice ${JSON.stringify(voice)}; registered: ` +
          `${known.length > 0 ? known.join(", ") : "none"}. Register one with router.register("${provider}", synthesize).`,
      );
    }
    const chunk = await synthesize(text, voiceName, options);
    // checked by shape, not instanceof: a provider may build its chunk with another copy of this package
    if (!(chunk?.data instanceof Uint8Array))
      throw new TypeError(`TTS provider "${provider}" returned ${describe(chunk)} instead of an AudioChunk`);
    return chunk instanceof AudioChunk && chunk.transcript === text
      ? chunk
      : new AudioChunk({ data: chunk.data, transcript: text });
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return value.constructor?.name ? `a ${value.constructor.name}` : "an object";
}
