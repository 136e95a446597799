import {
  userSimulatorAgent as textSimulator,
  type UserSimulatorAgent,
  type UserSimulatorAgentConfig,
} from "../agents/user-simulator/user-simulator-agent.js";
import type { UserSimulatorAgentAdapter } from "../domain/agent.js";
import { loadVoice, type VoiceModule } from "./voice-module.js";

// `@langwatch/scenario`'s voice agent factories on `scenario` and as named exports. Each loads
// `@rehearse/voice` when called (its types come from that package when it is in your program).

/** An OpenAI Realtime model as the agent under test (`@rehearse/voice`'s `OpenAIRealtimeAgentAdapter`). */
export const openAIRealtimeAgent: VoiceModule["openAIRealtimeAgent"] = (...args: unknown[]) =>
  loadVoice("openAIRealtimeAgent").openAIRealtimeAgent(...args);

/** An ElevenLabs Conversational AI agent (`ElevenLabsAgentAdapter`). */
export const elevenLabsAgent: VoiceModule["elevenLabsAgent"] = (...args: unknown[]) =>
  loadVoice("elevenLabsAgent").elevenLabsAgent(...args);

/** A Gemini Live model (`GeminiLiveAgentAdapter`). */
export const geminiLiveAgent: VoiceModule["geminiLiveAgent"] = (...args: unknown[]) =>
  loadVoice("geminiLiveAgent").geminiLiveAgent(...args);

/** A running Pipecat bot over its Twilio serializer (`PipecatAgentAdapter`). */
export const pipecatAgent: VoiceModule["pipecatAgent"] = (...args: unknown[]) => loadVoice("pipecatAgent").pipecatAgent(...args);

/** A phone bot reached through a real Twilio call (`TwilioAgentAdapter`). */
export const twilioAgent: VoiceModule["twilioAgent"] = (...args: unknown[]) => loadVoice("twilioAgent").twilioAgent(...args);

/** An agent built from STT → policy or model → TTS (`ComposableVoiceAgent`). */
export const composableAgent: VoiceModule["composableAgent"] = (...args: unknown[]) =>
  loadVoice("composableAgent").composableAgent(...args);

/** What `userSimulatorAgent` takes: the simulator's model settings, and a voice to speak its turns. */
export interface VoiceUserSimulatorAgentConfig extends UserSimulatorAgentConfig {
  /** Speak every turn in this TTS voice, `"provider/name"` (`"espeak/en-us"` offline, `"openai/nova"`); needs `@rehearse/voice`. */
  voice?: string;
  /** Effects applied to each spoken turn (after the TTS cache), e.g. `voice.effects.phoneQuality()`. */
  audioEffects?: Array<(audio: Uint8Array) => Uint8Array>;
  /** Chance in [0, 1] that the user barges into an agent turn during `voiceProceed()` (default 0). */
  interruptProbability?: number;
}

/**
 * The simulated user: a model writes its turns; with `voice` it also speaks
 * them (a `@rehearse/voice` speaking simulator around the same model-backed
 * one, TTS through the built-in router), as `@langwatch/scenario`'s
 * `userSimulatorAgent({ voice })` does.
 *
 * @example
 * agents: [scenario.openAIRealtimeAgent(), scenario.userSimulatorAgent({ voice: "espeak/en-us" }), scenario.judgeAgent({ criteria })]
 */
export function userSimulatorAgent(config: VoiceUserSimulatorAgentConfig & { voice: string }): UserSimulatorAgentAdapter;
export function userSimulatorAgent(config?: UserSimulatorAgentConfig): UserSimulatorAgent;
export function userSimulatorAgent(config: VoiceUserSimulatorAgentConfig = {}): UserSimulatorAgentAdapter {
  const { voice, audioEffects, interruptProbability, ...text } = config;
  if (interruptProbability !== undefined && !(interruptProbability >= 0 && interruptProbability <= 1))
    throw new RangeError(`userSimulatorAgent: interruptProbability must be in [0, 1], got ${interruptProbability}`);
  const simulator = textSimulator(text);
  if (voice === undefined) return simulator;
  if (typeof voice !== "string" || !voice.includes("/"))
    throw new TypeError(`userSimulatorAgent: voice must be "provider/name" (e.g. "espeak/en-us"), got ${JSON.stringify(voice)}`);
  const module = loadVoice("userSimulatorAgent({ voice })");
  return module.voiceUserSimulator({
    voice,
    tts: module.createTtsRouter(),
    simulator,
    ...(audioEffects ? { effects: audioEffects } : {}),
    ...(interruptProbability ? { interruptProbability } : {}),
  });
}

/** Whether `agent` speaks its user turns (`@langwatch/scenario`'s `isVoiceUserSim`). */
export function isVoiceUserSim(agent: unknown): boolean {
  const candidate = agent as { voice?: unknown; voiceifyText?: unknown } | null | undefined;
  return typeof candidate?.voice === "string" && typeof candidate.voiceifyText === "function";
}

/** Whether `agent` is a realtime user: it speaks through a realtime model itself (`sendText`, `speakUserTurn`). */
export function isRealtimeUserAgent(agent: unknown): boolean {
  const candidate = agent as { sendText?: unknown; speakUserTurn?: unknown } | null | undefined;
  return typeof candidate?.sendText === "function" && typeof candidate.speakUserTurn === "function";
}
