/**
 * @rehearse/voice: voice agents tested with the same scenarios as text
 * agents (issue 18, docs/voice.md). Text users never install it;
 * @rehearse/core never imports it. Audio everywhere inside is PCM16 LE,
 * mono, 24 kHz; adapters convert at their edge.
 */

import "./core-types.js";

export {
  composableAgent,
  elevenLabsAgent,
  geminiLiveAgent,
  openAIRealtimeAgent,
  pipecatAgent,
  twilioAgent,
} from "./adapters/agent-factories.js";
export {
  AdapterCapabilities,
  type AdapterCapabilitiesInit,
  type CapabilityName,
  UnsupportedCapabilityError,
} from "./adapters/capabilities.js";
export { ChunkQueue, VoiceTimeoutError } from "./adapters/chunk-queue.js";
export {
  ComposableVoiceAgent,
  type ComposableVoiceAgentOptions,
  DEFAULT_VOICE_SYSTEM_PROMPT,
  type Transcriber,
  type VoiceTurn,
} from "./adapters/composable-voice-agent.js";
export {
  ELEVENLABS_CONVAI_URL_TEMPLATE,
  ELEVENLABS_SILENCE_TAIL_BYTES,
  ElevenLabsAgentAdapter,
  type ElevenLabsAgentAdapterOptions,
} from "./adapters/elevenlabs-agent-adapter.js";
export {
  GEMINI_LIVE_MODEL,
  GEMINI_LIVE_URL,
  GeminiLiveAgentAdapter,
  type GeminiLiveAgentAdapterInit,
} from "./adapters/gemini-live-agent-adapter.js";
export { MediaStreamsAgentAdapter, type MediaStreamsAgentAdapterOptions } from "./adapters/media-streams-agent-adapter.js";
export {
  OPENAI_REALTIME_MODEL,
  OPENAI_REALTIME_TRANSCRIPTION_MODEL,
  OpenAIRealtimeAgentAdapter,
  type OpenAIRealtimeAgentAdapterInit,
  type RealtimeToolDef,
} from "./adapters/openai-realtime-agent-adapter.js";
export { PipecatAgentAdapter, type PipecatAgentAdapterInit } from "./adapters/pipecat-agent-adapter.js";
export type { SpeechGateOptions } from "./adapters/twilio/speech-gate.js";
export { TwilioAgentAdapter } from "./adapters/twilio/twilio-agent-adapter.js";
export type { LocalAddress, TwilioAgentAdapterOptions } from "./adapters/twilio/twilio-agent-adapter-options.js";
export { TWILIO_API_BASE_URL, TwilioApiError } from "./adapters/twilio/twilio-rest-client.js";
export { isValidTwilioSignature, TWILIO_SIGNATURE_HEADER, twilioSignature } from "./adapters/twilio/twilio-signature.js";
export { TWILIO_PATHS } from "./adapters/twilio/twilio-webhook-server.js";
export { connectStreamTwiml } from "./adapters/twilio/twiml.js";
export { voiceAdapterOf } from "./adapters/voice-adapter-of.js";
export { type DrainOptions, VoiceAgentAdapter } from "./adapters/voice-agent-adapter.js";
export {
  type Synthesizer,
  VoiceUserSimulatorAgent,
  type VoiceUserSimulatorOptions,
  voiceUserSimulator,
} from "./adapters/voice-user-simulator.js";
export type { IceOptions } from "./adapters/webrtc/private-peer-connection.js";
export { WebRTCAgentAdapter, type WebRTCAgentAdapterOptions } from "./adapters/webrtc/webrtc-agent-adapter.js";
export type { Signal } from "./adapters/webrtc/whip-signaling.js";
export {
  type DecodedMessage,
  redactUrl,
  WebSocketAgentAdapter,
  type WebSocketAgentAdapterOptions,
  type WebSocketProtocol,
} from "./adapters/websocket-agent-adapter.js";
export { AudioChunk, type AudioChunkInit, silentChunk } from "./audio/audio-chunk.js";
export { checkDtmf, DTMF_KEYS, detectDtmf, dtmfSamples } from "./audio/dtmf.js";
export { decodeMulaw, encodeMulaw } from "./audio/mulaw.js";
export {
  concatPcm,
  fromSamples,
  PCM16_CHANNELS,
  PCM16_SAMPLE_RATE,
  PCM16_SAMPLE_WIDTH_BYTES,
  toSamples,
} from "./audio/pcm.js";
export { downmix, resample } from "./audio/resample.js";
export { SampleAligner } from "./audio/sample-aligner.js";
export { SeededRandom } from "./audio/seeded-random.js";
export { type DecodedWav, decodeWav, encodeWav, encodeWav as pcm16ToWav } from "./audio/wav.js";
export {
  applyEffects,
  type BackgroundNoiseOptions,
  backgroundNoise,
  breakingUp,
  type CustomEffectFunction,
  custom,
  type EffectContext,
  type EffectFn,
  echo,
  effectNameOf,
  effects,
  generateNoisePreset,
  highVolume,
  isNoisePreset,
  lowQuality,
  lowVolume,
  multipleVoices,
  type NamedEffectFn,
  NOISE_PRESET_RMS,
  NOISE_PRESET_SECONDS,
  NOISE_PRESETS,
  type NoisePreset,
  type NoiseSource,
  noisePreset,
  packetLoss,
  phoneQuality,
  robotic,
  type SeedOptions,
  speakingFast,
  speakingSlow,
  static_,
  staticNoise,
  TELEPHONY_CODECS,
  type TelephonyChannelOptions,
  type TelephonyCodec,
  telephonyChannel,
} from "./effects/index.js";
export { type InteractionMetrics, type InteractionMetricsOptions, interactionMetrics } from "./recording/interaction-metrics.js";
export { LatencyMetrics } from "./recording/latency-metrics.js";
export type { AudioSegment, SpeakerRole, VoiceEvent, VoiceEventType } from "./recording/voice-event.js";
export {
  AUDIO_PCM16_MEDIA_TYPE,
  AUDIO_WAV_MEDIA_TYPE,
  type AudioMessageRole,
  createAudioMessage,
  extractAudio,
  messageHasAudio,
  textOf,
} from "./recording/voice-messages.js";
export { RECORDING_FORMATS, type RecordingFormat, VoiceRecording } from "./recording/voice-recording.js";
export { VoiceSession, type VoiceSessionOptions } from "./recording/voice-session.js";
export {
  attachVoiceOutput,
  type RunVoiceOptions,
  runVoice,
  type VoiceScenarioConfig,
  type VoiceScenarioResult,
} from "./run/run-voice.js";
export * from "./speech/index.js";
export {
  CANNED_PHRASES,
  CONTEXTUAL_PROMPT,
  InterruptionConfig,
  type InterruptionConfigInit,
  type InterruptionStrategy,
} from "./steps/interruption-config.js";
export {
  ignoresBackchannels,
  responseLatencyAtMost,
  type SpokenMatchesOptions,
  spokenMatches,
  type VoiceMeasures,
  voiceCheck,
  yieldsToInterruptions,
} from "./steps/voice-checks.js";
export { voice } from "./steps/voice-namespace.js";
export { type VoiceProceedOptions, voiceProceed } from "./steps/voice-proceed.js";
export {
  agent,
  agent as voiceAgent,
  ambientNoise,
  audio,
  backchannel,
  dtmf,
  type InterruptOptions,
  interrupt,
  silence,
  sleep,
  user,
  user as voiceUser,
} from "./steps/voice-steps.js";
export * from "./system/index.js";
