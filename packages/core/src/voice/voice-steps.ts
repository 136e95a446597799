import type { ModelMessage } from "../domain/messages.js";
import type { ScenarioExecutionStateLike, ScriptStep } from "../domain/scenario.js";
import { isVoiceAgent } from "../domain/voice-output.js";
import { agent as textAgent, user as textUser } from "../script/steps.js";
import { loadVoice } from "./voice-module.js";

// `@langwatch/scenario`'s voice script steps, on `scenario` and as named exports. They load
// `@rehearse/voice` when they run in a scenario with a voice agent; `sleep` (and `silence`,
// `voiceProceed` without one) need nothing.

/** Whether the run a step is in has a voice agent adapter among its agents. */
const voiceRun = (state: ScenarioExecutionStateLike) => state.config.agents.some(isVoiceAgent);

const wait = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

function checkSeconds(step: string, seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`${step}: seconds must be a finite number ≥ 0, got ${seconds}`);
}

/** Pauses the script `seconds` (real time), sending nothing: the agent keeps talking, or hears nothing. */
export function sleep(seconds: number): ScriptStep {
  checkSeconds("sleep", seconds);
  return () => wait(seconds);
}

/** The user says nothing for `duration` s: silent audio sent to the voice agent; without one, a pause. */
export function silence(duration: number): ScriptStep {
  checkSeconds("silence", duration);
  return (state, executor) => (voiceRun(state) ? loadVoice("silence()").silence(duration)(state, executor) : wait(duration));
}

/** The user's turn as recorded audio: a file (decoded by ffmpeg; URLs refused) or bytes. */
export function audio(pathOrBytes: string | Uint8Array): ScriptStep {
  return (state, executor) => loadVoice("audio()").audio(pathOrBytes)(state, executor);
}

/** The user presses keys on the phone keypad (adapters with DTMF; others refuse, naming themselves). */
export function dtmf(tones: string): ScriptStep {
  return (state, executor) => loadVoice("dtmf()").dtmf(tones)(state, executor);
}

/** What `interrupt` takes. */
export interface InterruptOptions {
  /** What the user says: text in the user's voice, or audio (bytes, or a path ending .wav/.mp3/.ogg/.flac). */
  content?: string | Uint8Array;
  /** Seconds the agent speaks before the user cuts in. */
  after?: number;
  /** Cut in once the agent's streaming transcript has this many words (adapters with streaming transcripts). */
  afterWords?: number;
  /** Seconds to wait for the agent to start speaking (default 8). */
  waitForSpeechTimeout?: number;
}

/**
 * The user barges in: the agent's turn starts, and once it speaks (for
 * `after` s, or `afterWords` words) the user says `content` over it.
 *
 * @example
 * script: [user("what are your opening hours?"), interrupt({ content: "just Sunday", after: 1 }), agent(), judge()]
 */
export function interrupt(options: InterruptOptions = {}): ScriptStep {
  return (state, executor) => loadVoice("interrupt()").interrupt(options)(state, executor);
}

/** What `agent({ … })` and `voiceAgent` take. */
export interface VoiceAgentOptions {
  /** Fixed content for the turn (as `agent("…")`). */
  content?: string | ModelMessage;
  /** `false`: start the agent's turn in the background (a later `user`/`interrupt` overlaps it; a later `agent()` waits for it). */
  wait?: boolean;
}

/**
 * The agent's turn: `agent()` calls the agent under test, `agent("text")`
 * (or a message) uses that content, and `agent({ wait: false })` starts a
 * voice agent's turn in the background, for barge-ins.
 */
export function agent(content?: string | ModelMessage): ScriptStep;
export function agent(options: VoiceAgentOptions): ScriptStep;
export function agent(contentOrOptions?: string | ModelMessage | VoiceAgentOptions): ScriptStep {
  if (contentOrOptions === undefined || typeof contentOrOptions === "string" || "role" in contentOrOptions)
    return textAgent(contentOrOptions as string | ModelMessage | undefined);
  return voiceAgent(contentOrOptions);
}

/** `agent` with voice options (`voiceAgent({ wait: false })`). */
export function voiceAgent(options: VoiceAgentOptions = {}): ScriptStep {
  if (options.wait !== false) return textAgent(options.content);
  if (options.content !== undefined)
    throw new TypeError("agent({ wait: false }) starts the agent under test's own turn: it takes no content");
  return (state, executor) =>
    voiceRun(state) ? loadVoice("agent({ wait: false })").agent({ wait: false })(state, executor) : executor.agent();
}

/** Per-turn voice options of `user`. */
export interface VoiceUserOptions {
  /** A speaking style for this turn only: not supported by Rehearse's TTS providers yet (refused). */
  voiceStyle?: string;
  /** Effects on this turn's audio only, after the speaker's own. */
  audioEffects?: Array<(audio: Uint8Array) => Uint8Array>;
}

/**
 * A user turn: the given text or message, or (with no content) a turn
 * written by the user simulator. In a voice run the text is spoken in the
 * user's voice, with `options.audioEffects` on this turn only.
 */
export function user(content?: string | ModelMessage, options?: VoiceUserOptions): ScriptStep {
  if (options?.voiceStyle !== undefined)
    throw new RangeError("user(…, { voiceStyle }): per-turn speaking styles are not supported by Rehearse's TTS providers yet");
  const effects = options?.audioEffects;
  if (!effects?.length) return textUser(content);
  if (typeof content !== "string")
    throw new TypeError("user(content, { audioEffects }): give the text to say (effects apply to a scripted spoken turn)");
  return (state, executor) => loadVoice("user(…, { audioEffects })").user(content, { effects })(state, executor);
}

/** What `voiceProceed` takes. */
export interface VoiceProceedOptions {
  turns?: number;
  onTurn?: (state: ScenarioExecutionStateLike) => void | Promise<void>;
  onStep?: (state: ScenarioExecutionStateLike) => void | Promise<void>;
  /** Random barge-ins: a `voice.InterruptionConfig`. */
  interruptions?: unknown;
}

/** `proceed` for voice, with random barge-ins (`interruptions`); without a voice agent, the plain `proceed`. */
export function voiceProceed(options: VoiceProceedOptions = {}): ScriptStep {
  return (state, executor) =>
    voiceRun(state)
      ? loadVoice("voiceProceed()").voiceProceed(options)(state, executor)
      : executor.proceed(options.turns, options.onTurn, options.onStep).then(() => undefined);
}

/** From now on the user's turns carry this ambience: a noise preset (`"cafe"`, `"street"`, …) or a file, at `volume`. */
export function backgroundNoise(source: string, volume?: number): ScriptStep {
  return (state, executor) => loadVoice("backgroundNoise()").ambientNoise(source, volume)(state, executor);
}
