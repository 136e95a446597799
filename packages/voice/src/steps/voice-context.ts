import type { ScenarioExecutionStateLike } from "@rehearse/core";
import { voiceAdapterOf } from "../adapters/voice-adapter-of.js";
import type { VoiceAgentAdapter } from "../adapters/voice-agent-adapter.js";
import { VoiceUserSimulatorAgent } from "../adapters/voice-user-simulator.js";
import type { AudioChunk } from "../audio/audio-chunk.js";
import type { EffectFn } from "../effects/effect.js";
import type { VoiceSession } from "../recording/voice-session.js";

/** What voice steps work with in a run: the adapter, its session, and how to speak text. */
export interface VoiceContext {
  adapter: VoiceAgentAdapter | undefined;
  session: VoiceSession | undefined;
  /** The user's voice: the scenario's voice user simulator, if it has one. */
  speaker: VoiceUserSimulatorAgent | undefined;
}

/** The voice context of the run a step is in. */
export function voiceContext(state: ScenarioExecutionStateLike): VoiceContext {
  const adapter = voiceAdapterOf(state.config.agents);
  const speaker = state.config.agents.find((agent): agent is VoiceUserSimulatorAgent => agent instanceof VoiceUserSimulatorAgent);
  return { adapter, session: adapter?.voiceSession(), speaker };
}

/** `text` in the user's voice (the scenario's voice user simulator), with `effects` for this utterance. */
export async function speakAsUser(context: VoiceContext, text: string, effects: EffectFn[] = []): Promise<AudioChunk> {
  if (!context.speaker)
    throw new Error(
      'a voice step has text to say but the scenario has no voice: add voiceUserSimulator({ voice: "espeak/en-us" }) to its agents',
    );
  return context.speaker.voiceify(text, context.session?.random, [...(context.session?.ambience ?? []), ...effects]);
}
