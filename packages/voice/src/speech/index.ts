// The speech layer of @rehearse/voice: TTS and STT providers (offline and cloud) and word error rate.
export { type CreateTtsRouterOptions, createTtsRouter } from "./create-tts-router.js";
export {
  ELEVENLABS_BASE_URL,
  ELEVENLABS_DEFAULT_VOICE_ID,
  ELEVENLABS_STT_MODEL,
  ELEVENLABS_TTS_MODEL,
  type ElevenLabsSpeechOptions,
  ElevenLabsSTTProvider,
  elevenLabsTts,
} from "./elevenlabs-speech.js";
export { DEFAULT_ESPEAK_VOICE, type EspeakTtsOptions, espeakTts, synthesizeWithEspeak } from "./espeak-tts.js";
export { normalizeLevel } from "./normalize-level.js";
export {
  loadOpenAIModule,
  OPENAI_DEFAULT_VOICE,
  OPENAI_STT_MODEL,
  OPENAI_TRANSCRIBE_LIMIT_SECONDS,
  OPENAI_TTS_MODEL,
  type OpenAISpeechOptions,
  type OpenAISTTOptions,
  OpenAISTTProvider,
  openAITts,
} from "./openai-speech.js";
export { POCKETSPHINX_INPUT_LEVEL_DB, type PocketsphinxSTTOptions, PocketsphinxSTTProvider } from "./pocketsphinx-stt.js";
export type { STTProvider, TranscribeOptions } from "./stt.js";
export { type TranscriptMatchesOptions, transcriptMatches } from "./transcript-matches.js";
export { parseVoice, type TTSCallable, type TtsOptions, TtsRouter } from "./tts.js";
export { normalizeTranscript, type WordErrorRate, wordErrorRate } from "./wer.js";
