import {
  type Agent,
  type AgentInput,
  type AgentReturnTypes,
  type ModelMessage,
  messageText,
  UserSimulatorAgentAdapter,
} from "@rehearse/core";
import { AudioChunk } from "../audio/audio-chunk.js";
import type { SeededRandom } from "../audio/seeded-random.js";
import { applyEffects, type EffectFn } from "../effects/effect.js";
import { createAudioMessage } from "../recording/voice-messages.js";
import { voiceAdapterOf } from "./voice-adapter-of.js";

/** Something that turns text into speech for a `"provider/voice"` name (a TTS router). */
export interface Synthesizer {
  synthesize(text: string, voice: string): Promise<AudioChunk>;
}

/** Options of `voiceUserSimulator`. */
export interface VoiceUserSimulatorOptions {
  /** The voice, `"provider/name"`: `"espeak/en-us"` offline, `"openai/nova"`, `"elevenlabs/<id>"`. */
  voice: string;
  /** The TTS router (default: one with the built-in providers). */
  tts: Synthesizer;
  /** What writes the user's words: a user simulator agent (model-backed) or any agent of role User. */
  simulator?: Agent;
  /** Effects applied to every utterance after synthesis (noise, phone line, …), seeded by the run. */
  effects?: EffectFn[];
  /** Chance in [0, 1] that this user barges into an agent turn during `voiceProceed()` (default 0). */
  interruptProbability?: number;
}

/**
 * A user simulator that speaks: the words come from `simulator` (Rehearse's
 * model-backed user simulator, or any User agent), then TTS (cached per
 * text and voice, so a replay does not synthesise again), then the effects,
 * drawn from the run's seeded random (after the cache: each utterance gets
 * its own noise). Its messages carry the audio and the text as transcript.
 */
export class VoiceUserSimulatorAgent extends UserSimulatorAgentAdapter {
  readonly voice: string;
  private readonly cache = new Map<string, AudioChunk>();

  /** Chance that this user barges into an agent turn during `voiceProceed()`. */
  readonly interruptProbability: number;

  constructor(private readonly options: VoiceUserSimulatorOptions) {
    super();
    this.voice = options.voice;
    this.interruptProbability = options.interruptProbability ?? 0;
    if (!(this.interruptProbability >= 0 && this.interruptProbability <= 1))
      throw new RangeError(`voiceUserSimulator: interruptProbability must be in [0, 1], got ${options.interruptProbability}`);
  }

  /**
   * `text` spoken as a user message (audio and transcript), in `cfg.tts.voice`
   * when given, else this simulator's voice (`@langwatch/scenario`'s `voiceifyText`).
   */
  async voiceifyText(text: string, cfg?: { tts?: { voice?: string } }): Promise<ModelMessage> {
    const voice = cfg?.tts?.voice ?? this.voice;
    const chunk =
      voice === this.voice
        ? await this.voiceify(text)
        : new AudioChunk({ data: (await this.options.tts.synthesize(text, voice)).data, transcript: text });
    return createAudioMessage(chunk, "user") as ModelMessage;
  }

  async call(input: AgentInput): Promise<AgentReturnTypes> {
    if (!this.options.simulator)
      throw new Error(
        "voiceUserSimulator: no simulator to write the user's words (give `simulator: userSimulatorAgent({ model })`, or script the user with voice steps)",
      );
    const written = await this.options.simulator.call(input);
    const text = typeof written === "string" ? written : messageText(lastOf(written));
    const session = voiceAdapterOf(input.scenarioConfig.agents)?.voiceSession();
    return createAudioMessage(await this.voiceify(text, session?.random, session?.ambience), "user");
  }

  /**
   * `text` spoken in this simulator's voice, with its effects (and `extra`
   * ones for this utterance only), as an audio chunk whose transcript is the text.
   */
  async voiceify(text: string, random?: SeededRandom, extra: EffectFn[] = []): Promise<AudioChunk> {
    const key = `${this.voice}\u0000${text}`;
    let clean = this.cache.get(key);
    if (!clean) {
      clean = await this.options.tts.synthesize(text, this.voice);
      this.cache.set(key, clean);
    }
    const effects = [...(this.options.effects ?? []), ...extra];
    if (effects.length === 0 || !random) return new AudioChunk({ data: clean.data, transcript: text });
    return new AudioChunk({ data: applyEffects(clean.data, effects, random.fork("utterance")), transcript: text });
  }
}

function lastOf(returned: Exclude<AgentReturnTypes, string>): ModelMessage {
  const message = Array.isArray(returned) ? returned.at(-1) : returned;
  if (!message) throw new Error("voiceUserSimulator: the simulator returned no message");
  return message as ModelMessage;
}

/**
 * A speaking user simulator (see `VoiceUserSimulatorAgent`).
 *
 * @example
 * agents: [bot, voiceUserSimulator({ voice: "espeak/en-us", tts: createTtsRouter(), effects: [effects.backgroundNoise("cafe", 0.2)] })]
 */
export function voiceUserSimulator(options: VoiceUserSimulatorOptions): VoiceUserSimulatorAgent {
  return new VoiceUserSimulatorAgent(options);
}
