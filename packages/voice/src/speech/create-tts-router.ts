import { type ElevenLabsSpeechOptions, elevenLabsTts } from "./elevenlabs-speech.js";
import { type EspeakTtsOptions, espeakTts } from "./espeak-tts.js";
import { type OpenAISpeechOptions, openAITts } from "./openai-speech.js";
import { TtsRouter } from "./tts.js";

/** Settings of the built-in providers of {@link createTtsRouter}. */
export interface CreateTtsRouterOptions {
  /** The `espeak` provider's defaults (offline, no key). */
  espeak?: EspeakTtsOptions;
  /** The `openai` provider's settings (key from `OPENAI_API_KEY` unless given). */
  openai?: OpenAISpeechOptions;
  /** The `elevenlabs` provider's settings (key from `ELEVENLABS_API_KEY` unless given). */
  elevenlabs?: ElevenLabsSpeechOptions;
}

/**
 * A {@link TtsRouter} with the built-in providers registered: `espeak`
 * (offline), `openai` and `elevenlabs`. Cloud keys are read when a voice of
 * theirs is first used, so the router builds without any key.
 *
 * @example
 * ```ts
 * const router = createTtsRouter({ espeak: { rate: 150 } });
 * const chunk = await router.synthesize("Where is my order?", "espeak/en-us+klatt2");
 * ```
 */
export function createTtsRouter(options: CreateTtsRouterOptions = {}): TtsRouter {
  return new TtsRouter()
    .register("espeak", espeakTts(options.espeak))
    .register("openai", openAITts(options.openai))
    .register("elevenlabs", elevenLabsTts(options.elevenlabs));
}
