import { AudioChunk } from "../audio/audio-chunk.js";
import { fromSamples, PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { downmix, resample } from "../audio/resample.js";
import { decodeWav } from "../audio/wav.js";
import { runProcess } from "../system/run-process.js";
import type { BinaryLookupOptions } from "../system/system-binaries.js";
import type { TTSCallable, TtsOptions } from "./tts.js";

/**
 * The voice used when a voice string names none ("espeak" or "espeak/"):
 * American English with the Klatt voicing, which offline recognisers
 * transcribe far better than the default formant voice (pocketsphinx: word
 * error rate about 0.16 against 0.55 for plain "en-us" on support phrases).
 */
export const DEFAULT_ESPEAK_VOICE = "en-us+klatt2";

/** Voice names and variants as espeak-ng spells them ("en-us", "en-us+f3", "mb-en1"); nothing that could be an option. */
const VOICE_PATTERN = /^[a-zA-Z0-9+_-]+$/;

/** Defaults of an espeak-ng provider; per-call `TtsOptions` override them. */
export interface EspeakTtsOptions extends BinaryLookupOptions, Pick<TtsOptions, "rate" | "pitch"> {
  /** Voice when the voice string names none. Default {@link DEFAULT_ESPEAK_VOICE}. */
  voice?: string;
  /** Milliseconds before espeak-ng is killed. Default: the process default (60 s). */
  timeoutMs?: number;
}

/**
 * An offline TTS provider speaking through espeak-ng (Debian package
 * `espeak-ng`; `REHEARSE_ESPEAK` in `env` points at another binary). The
 * same text and voice always give the same bytes, so voice runs replay
 * exactly. Register it as the `espeak` prefix: "espeak/en-us",
 * "espeak/en-us+f3" (a variant), "espeak/en-us+klatt2".
 *
 * @example
 * ```ts
 * const router = new TtsRouter().register("espeak", espeakTts({ rate: 150 }));
 * const chunk = await router.synthesize("Hello there", "espeak/en-us+m3");
 * ```
 */
export function espeakTts(defaults: EspeakTtsOptions = {}): TTSCallable {
  return (text, voiceName, options = {}) => {
    const settings: EspeakTtsOptions = { ...defaults };
    if (options.rate !== undefined) settings.rate = options.rate;
    if (options.pitch !== undefined) settings.pitch = options.pitch;
    return synthesizeWithEspeak(text, voiceName || defaults.voice || DEFAULT_ESPEAK_VOICE, settings, options.signal);
  };
}

/**
 * Speaks `text` with espeak-ng's `voice` and returns canonical audio
 * (espeak-ng's 22,050 Hz output resampled to 24 kHz). The text goes on
 * stdin, never on the command line, so no text is read as an option.
 */
export async function synthesizeWithEspeak(
  text: string,
  voice: string,
  options: EspeakTtsOptions = {},
  signal?: AbortSignal,
): Promise<AudioChunk> {
  if (!VOICE_PATTERN.test(voice))
    throw new RangeError(
      `espeak-ng voice ${JSON.stringify(voice)} is not valid: use letters, digits, "+", "_" and "-" only, ` +
        'e.g. "en-us" or "en-us+f3" (list voices with `espeak-ng --voices`)',
    );
  const args = ["--stdout", "-v", voice];
  if (options.rate !== undefined) args.push("-s", String(checkedInteger("rate", options.rate, 80, 450)));
  if (options.pitch !== undefined) args.push("-p", String(checkedInteger("pitch", options.pitch, 0, 99)));
  if (text.trim() === "") return new AudioChunk({ data: new Uint8Array(0), transcript: text });

  const { stdout } = await runProcess("espeak-ng", {
    args,
    stdin: new TextEncoder().encode(text),
    ...(options.env ? { env: options.env } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(signal ? { signal } : {}),
  });
  let wav: ReturnType<typeof decodeWav>;
  try {
    wav = decodeWav(stdout);
  } catch (error) {
    throw new Error(`espeak-ng produced no usable WAV for voice "${voice}" (${(error as Error).message})`, { cause: error });
  }
  const mono = downmix(wav.samples, wav.channels);
  return new AudioChunk({ data: fromSamples(resample(mono, wav.sampleRate, PCM16_SAMPLE_RATE)), transcript: text });
}

function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new RangeError(`espeak-ng ${name} must be a number from ${min} to ${max}, got ${value}`);
  return Math.round(value);
}
