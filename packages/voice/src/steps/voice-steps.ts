import type { ScenarioExecutionLike, ScriptStep } from "@rehearse/core";
import { UnsupportedCapabilityError } from "../adapters/capabilities.js";
import type { VoiceAgentAdapter } from "../adapters/voice-agent-adapter.js";
import { AudioChunk, silentChunk } from "../audio/audio-chunk.js";
import { checkDtmf, dtmfSamples } from "../audio/dtmf.js";
import { fromSamples } from "../audio/pcm.js";
import { backgroundNoise, type NoiseSource } from "../effects/background-noise.js";
import type { EffectFn } from "../effects/effect.js";
import { createAudioMessage } from "../recording/voice-messages.js";
import type { VoiceSession } from "../recording/voice-session.js";
import { speakAsUser, type VoiceContext, voiceContext } from "./voice-context.js";

/** Audio from a file or bytes, decoded by ffmpeg (its wrapper is loaded when a step first needs it). */
async function decodeAudioFile(source: string | Uint8Array): Promise<Uint8Array> {
  const ffmpeg = await import("../system/ffmpeg.js");
  return ffmpeg.decodeAudioFile(source);
}

const sleepFor = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, seconds * 1000)));

/**
 * Waits `seconds` of real time, sending nothing (the agent keeps talking, or
 * hears nothing). With `agent({ wait: false })` before and `user(...)` after,
 * it times a barge-in.
 *
 * @example
 * script: [user("tell me about your plans"), agent({ wait: false }), sleep(1.5), user("stop, just the price")]
 */
export function sleep(seconds: number): ScriptStep {
  checkSeconds("sleep", seconds);
  return () => sleepFor(seconds);
}

/**
 * The user says nothing for `seconds`: digital silence sent to the agent
 * (an agent with VAD hears a pause); without a voice adapter, a plain wait.
 */
export function silence(seconds: number): ScriptStep {
  checkSeconds("silence", seconds);
  return async (state) => {
    const { adapter } = voiceContext(state);
    if (!adapter) return sleepFor(seconds);
    await adapter.open();
    await adapter.sendAudio(silentChunk(seconds));
  };
}

/**
 * The user's turn as recorded audio: a file (any format Debian's ffmpeg
 * decodes; remote URLs are refused) or bytes. Sent to the voice adapter and
 * added to the conversation; without an adapter, only added as an audio message.
 *
 * @example
 * script: [audio("fixtures/caller-asks-refund.mp3"), agent(), judge()]
 */
export function audio(source: string | Uint8Array, options: { transcript?: string; effects?: EffectFn[] } = {}): ScriptStep {
  return async (state, executor) => {
    const pcm = await decodeAudioFile(source);
    const context = voiceContext(state);
    const chunk = new AudioChunk({ data: pcm, ...(options.transcript ? { transcript: options.transcript } : {}) });
    await say(context, executor, context.session ? await context.session.withTranscript(chunk) : chunk);
  };
}

/**
 * The user speaks `text` in the scenario's voice (its voice user simulator),
 * with per-utterance `effects`. When an agent turn is running in the
 * background (`agent({ wait: false })`), this interrupts it.
 */
export function user(text: string, options: { effects?: EffectFn[] } = {}): ScriptStep {
  return async (state, executor) => {
    const context = voiceContext(state);
    await say(context, executor, await speakAsUser(context, text, options.effects));
  };
}

/**
 * A backchannel ("mm-hm", "right") said while the agent talks: recorded as a
 * `backchannel` event and sent, but not an interruption — a good agent keeps
 * talking. Best used after `agent({ wait: false })`.
 */
export function backchannel(text = "mm-hm"): ScriptStep {
  return async (state) => {
    const context = voiceContext(state);
    const { adapter, session } = requireAdapter(context, "backchannel");
    const chunk = await speakAsUser(context, text);
    session.event("backchannel", { metadata: { text, agentSpeaking: adapter.agentSpeaking } });
    await adapter.sendUserAudio(chunk);
  };
}

/**
 * From now on the user's utterances carry this ambience (`effects.backgroundNoise(source, volume)`:
 * a preset such as `"cafe"` or `"street"`, or a file), after the speaker's own effects, drawn from
 * the run's seeded random. `@langwatch/scenario`'s `backgroundNoise` step.
 *
 * @example
 * script: [ambientNoise("cafe", 0.2), voice.user("can you hear me?"), voice.agent(), judge()]
 */
export function ambientNoise(source: NoiseSource, volume?: number): ScriptStep {
  const effect = backgroundNoise(source, volume);
  return (state) => {
    const { session } = voiceContext(state);
    if (!session)
      throw new Error("backgroundNoise(): the scenario has no voice adapter among its agents, so no user audio to mix it into");
    session.ambience.push(effect);
  };
}

/**
 * The agent's turn. `wait: false` starts it in the background (its answer is
 * being heard while the script goes on: a later `user`, `interrupt` or
 * `backchannel` overlaps it); a later `agent()` waits for it.
 */
export function agent(options: { wait?: boolean } = {}): ScriptStep {
  return async (state, executor) => {
    const context = voiceContext(state);
    const pending = context.session?.pendingTurn;
    if (pending && context.session) {
      context.session.pendingTurn = undefined;
      const answer = await pending.answer;
      if (!answer.empty) await executor.message(createAudioMessage(await context.session.withTranscript(answer), "assistant"));
      if (options.wait !== false) return;
    }
    if (options.wait !== false || !context.adapter || !context.session) return executor.agent();
    const { adapter, session } = context;
    await adapter.open();
    const controller = new AbortController();
    const answer = adapter.drain({ signal: controller.signal });
    // a failure surfaces where the turn is awaited; until then it must not be an unhandled rejection
    answer.catch(() => undefined);
    session.pendingTurn = { controller, answer };
  };
}

/**
 * The user barges in: the agent's turn starts in the background, and once
 * the agent is speaking (or has said `afterWords` words, for adapters with
 * streaming transcripts) the user says `content` — text in the user's voice,
 * or audio (bytes or a file path). The agent's partial answer is kept as what
 * the user heard.
 *
 * @example
 * script: [user("what are your opening hours?"), interrupt("sorry, just Sunday", { afterWords: 3 }), agent(), judge()]
 */
export function interrupt(
  content?: string | Uint8Array | InterruptOptions,
  options?: Omit<InterruptOptions, "content">,
): ScriptStep {
  const given: InterruptOptions =
    typeof content === "object" && !(content instanceof Uint8Array)
      ? content
      : { ...options, ...(content === undefined ? {} : { content }) };
  return interruptStep(given.content ?? "", given);
}

/** What `interrupt` takes (`@langwatch/scenario`'s `InterruptOptions`). */
export interface InterruptOptions {
  /** What the user says: text in the user's voice, or audio (bytes or a file path). */
  content?: string | Uint8Array;
  /** Seconds the agent speaks before the user cuts in (counted from its first audio). */
  after?: number;
  /** Cut in once the agent's streaming transcript has this many words (needs streaming transcripts). */
  afterWords?: number;
  /** Seconds to wait for the agent to start speaking (default 8). */
  waitForSpeechTimeout?: number;
}

function interruptStep(content: string | Uint8Array, options: InterruptOptions): ScriptStep {
  if (options.after !== undefined) checkSeconds("interrupt({ after })", options.after);
  const timeout = options.waitForSpeechTimeout ?? 8;
  return async (state, executor) => {
    const context = voiceContext(state);
    const { adapter } = requireAdapter(context, "interrupt");
    if (options.afterWords !== undefined && !adapter.capabilities.streamingTranscripts)
      throw new UnsupportedCapabilityError(
        adapter.constructor.name,
        "streaming_transcripts",
        "interrupt({ afterWords }) needs them; use interrupt() (waits for speech) or agent({ wait: false }) + sleep(seconds)",
      );
    await agent({ wait: false })(state, executor);
    if (options.afterWords !== undefined) await wordsSpoken(context, options.afterWords, timeout);
    else {
      await adapter.waitForSpeech(timeout);
      if (options.after) await sleepFor(options.after);
    }
    const chunk =
      typeof content === "string" && !looksLikeAudioFile(content)
        ? await speakAsUser(context, content || "sorry, one moment")
        : new AudioChunk({ data: await decodeAudioFile(content) });
    await say(context, executor, chunk);
  };
}

/**
 * The user presses keys on the phone keypad. Adapters with DTMF send them
 * (telephony sends them in band or as signalling); others refuse, naming the adapter.
 */
export function dtmf(tones: string): ScriptStep {
  const keys = checkDtmf(tones);
  return async (state, executor) => {
    const context = voiceContext(state);
    const adapter = context.adapter;
    if (!adapter?.capabilities.dtmf)
      throw new UnsupportedCapabilityError(
        adapter?.constructor.name ?? "<no voice adapter>",
        "dtmf",
        "Use a telephony adapter such as TwilioAgentAdapter.",
      );
    await adapter.open();
    const session = context.session ?? adapter.voiceSession();
    session.event("dtmf", { name: keys });
    const startTime = session.elapsed();
    await adapter.sendDtmf(keys);
    // the keys are the user's turn: the agent's response time counts from when the tones ended
    const tones = fromSamples(dtmfSamples(keys));
    session.userSpoke(tones, startTime, `[DTMF ${keys}]`, Math.min(session.elapsed(), startTime + tones.length / 48_000));
    // the conversation shows the keys as text: the tones went to the adapter already and must not be sent again
    adapter.markDelivered(`[DTMF ${keys}]`);
    await executor.message({ role: "user", content: `[DTMF ${keys}]` });
  };
}

/**
 * Sends `chunk` as the user's speech and adds it to the conversation. When a
 * background agent turn is running, it is an interruption: the agent is
 * signalled to stop (natively when it can) and the user's audio is sent over
 * its speech; the agent's answer, as far as it went before the agent stopped,
 * joins the conversation before the user's words.
 */
async function say(context: VoiceContext, executor: ScenarioExecutionLike, chunk: AudioChunk): Promise<void> {
  const message = createAudioMessage(chunk, "user");
  const { adapter, session } = context;
  if (!adapter || !session) return executor.user(message);
  const pending = session.pendingTurn;
  if (!pending) {
    await adapter.sendUserAudio(chunk);
    return executor.user(message);
  }
  session.pendingTurn = undefined;
  const wasSpeaking = adapter.agentSpeaking;
  let native = false;
  if (adapter.capabilities.interruption) {
    try {
      await adapter.interrupt();
      native = true;
    } catch {
      // a failed signal still leaves the user's audio to interrupt the agent
    }
  }
  session.event("user_interrupt", {
    metadata: {
      adapter: adapter.constructor.name,
      native,
      outcome: wasSpeaking ? "fired_after_speech" : "fired_before_speech",
      agentSpeaking: wasSpeaking,
    },
  });
  // the user talks over the agent: whether and when the agent stops is the agent's doing (measured as yield)
  const sending = adapter.sendUserAudio(chunk);
  const heard = await pending.answer;
  await sending;
  if (!heard.empty) await executor.message(createAudioMessage(heard, "assistant"));
  await executor.user(message);
}

function requireAdapter(context: VoiceContext, step: string): { adapter: VoiceAgentAdapter; session: VoiceSession } {
  if (!context.adapter || !context.session)
    throw new Error(
      `${step}(): the scenario has no voice adapter among its agents (a VoiceAgentAdapter such as ComposableVoiceAgent)`,
    );
  return { adapter: context.adapter, session: context.session };
}

async function wordsSpoken(context: VoiceContext, words: number, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const adapter = context.adapter;
  while (adapter && Date.now() < deadline) {
    if (adapter.streamingTranscript.split(/\s+/).filter(Boolean).length >= words) return;
    await sleepFor(0.02);
  }
}

function looksLikeAudioFile(text: string): boolean {
  return /\.(wav|mp3|ogg|flac|m4a|webm)$/i.test(text);
}

function checkSeconds(step: string, seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`${step}: seconds must be a finite number ≥ 0, got ${seconds}`);
}
