import { ComposableVoiceAgent, type ComposableVoiceAgentOptions } from "./composable-voice-agent.js";
import { ElevenLabsAgentAdapter, type ElevenLabsAgentAdapterOptions } from "./elevenlabs-agent-adapter.js";
import { GeminiLiveAgentAdapter, type GeminiLiveAgentAdapterInit } from "./gemini-live-agent-adapter.js";
import { OpenAIRealtimeAgentAdapter, type OpenAIRealtimeAgentAdapterInit } from "./openai-realtime-agent-adapter.js";
import { PipecatAgentAdapter, type PipecatAgentAdapterInit } from "./pipecat-agent-adapter.js";
import { TwilioAgentAdapter } from "./twilio/twilio-agent-adapter.js";
import type { TwilioAgentAdapterOptions } from "./twilio/twilio-agent-adapter-options.js";

// The agent factories of `@langwatch/scenario` (`scenario.openAIRealtimeAgent(…)` and the rest): each
// is its adapter's constructor as a function, so code written for the reference reads the same.

/** An OpenAI Realtime model as the agent under test (`OpenAIRealtimeAgentAdapter`). */
export function openAIRealtimeAgent(init?: OpenAIRealtimeAgentAdapterInit): OpenAIRealtimeAgentAdapter {
  return new OpenAIRealtimeAgentAdapter(init);
}

/** An ElevenLabs Conversational AI agent (`ElevenLabsAgentAdapter`). */
export function elevenLabsAgent(options: ElevenLabsAgentAdapterOptions): ElevenLabsAgentAdapter {
  return new ElevenLabsAgentAdapter(options);
}

/** A Gemini Live model (`GeminiLiveAgentAdapter`). */
export function geminiLiveAgent(init?: GeminiLiveAgentAdapterInit): GeminiLiveAgentAdapter {
  return new GeminiLiveAgentAdapter(init);
}

/** A running Pipecat bot over its Twilio serializer (`PipecatAgentAdapter`). */
export function pipecatAgent(init?: PipecatAgentAdapterInit): PipecatAgentAdapter {
  return new PipecatAgentAdapter(init);
}

/** A phone bot reached through a real Twilio call (`TwilioAgentAdapter`). */
export function twilioAgent(options: TwilioAgentAdapterOptions): TwilioAgentAdapter {
  return new TwilioAgentAdapter(options);
}

/** An agent built from STT → policy or model → TTS (`ComposableVoiceAgent`). */
export function composableAgent(options: ComposableVoiceAgentOptions): ComposableVoiceAgent {
  return new ComposableVoiceAgent(options);
}
