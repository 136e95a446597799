import {
  type Agent,
  AgentAdapter,
  type AgentInput,
  type AgentReturnTypes,
  AgentRole,
  type ModelMessage,
  messageText,
  VOICE_AGENT,
} from "@rehearse/core";
import { AudioChunk } from "../audio/audio-chunk.js";
import { concatPcm } from "../audio/pcm.js";
import type { SeededRandom } from "../audio/seeded-random.js";
import type { EffectFn } from "../effects/effect.js";
import type { VoiceEvent } from "../recording/voice-event.js";
import { createAudioMessage, extractAudio } from "../recording/voice-messages.js";
import { VoiceSession } from "../recording/voice-session.js";
import { AdapterCapabilities, UnsupportedCapabilityError } from "./capabilities.js";
import { VoiceTimeoutError } from "./chunk-queue.js";

/** How a drain of the agent's answer ends early: the user interrupted it. */
export interface DrainOptions {
  /** Aborting it stops the drain; what arrived so far is the turn's audio. */
  signal?: AbortSignal;
}

/**
 * The base of every voice agent adapter: a Rehearse agent (role `Agent`)
 * whose `call` sends the user's latest audio to the agent and drains its
 * spoken answer. Subclasses implement the transport: `connect`,
 * `disconnect`, `sendAudio`, `recvAudio`; `interrupt` and `sendDtmf` where
 * the transport has them.
 *
 * Drain (per turn): wait up to `responseTimeout` s for the first chunk (a
 * timeout there is an error: the agent never answered); then keep receiving
 * until `responseTailSilence` s pass with nothing new, an empty chunk
 * arrives, or `responseMaxDuration` s of audio were taken. The chunks are
 * merged (bytes end to end, non-empty transcripts joined by spaces).
 */
export abstract class VoiceAgentAdapter extends AgentAdapter {
  override role: AgentRole = AgentRole.AGENT;
  /** The mark by which `@rehearse/core`'s `run` knows a voice agent (and runs the scenario through `runVoice`). */
  readonly [VOICE_AGENT] = true;
  /** What the adapter's agent can do (override in subclasses). */
  capabilities: AdapterCapabilities = new AdapterCapabilities();
  /** Seconds to wait for the first chunk of an answer. */
  responseTimeout = 30;
  /** Seconds of no new audio that end an answer. */
  responseTailSilence = 0.6;
  /** Seconds of audio that cap one answer. */
  responseMaxDuration = 30;
  /** The agent's words so far in the answer being received (adapters with streaming transcripts keep it). */
  streamingTranscript = "";

  private session: VoiceSession | undefined;
  private connection: Promise<void> | undefined;
  private speakingWaiters: (() => void)[] = [];
  private speakingNow = false;

  abstract connect(): Promise<void>;
  abstract disconnect(): Promise<void>;
  abstract sendAudio(chunk: AudioChunk): Promise<void>;
  /**
   * The next chunk of the agent's audio, waiting at most `timeoutSeconds`
   * (rejects with `VoiceTimeoutError`; an empty chunk ends the answer). When
   * `signal` aborts, stop waiting without consuming a chunk (`ChunkQueue.take`
   * does both). Implement this or `receiveAudio` (the reference's name): each
   * calls the other when only the other is implemented.
   */
  recvAudio(timeoutSeconds: number, signal?: AbortSignal): Promise<AudioChunk> {
    if (this.receiveAudio === VoiceAgentAdapter.prototype.receiveAudio)
      return Promise.reject(new Error(`${this.constructor.name}: implement receiveAudio(timeoutSeconds) (or recvAudio)`));
    return this.receiveAudio(timeoutSeconds, signal);
  }

  /** The next chunk of the agent's audio (`@langwatch/scenario`'s name for `recvAudio`; see there). */
  receiveAudio(timeoutSeconds: number, signal?: AbortSignal): Promise<AudioChunk> {
    if (this.recvAudio === VoiceAgentAdapter.prototype.recvAudio)
      return Promise.reject(new Error(`${this.constructor.name}: implement receiveAudio(timeoutSeconds) (or recvAudio)`));
    return this.recvAudio(timeoutSeconds, signal);
  }

  /** A first-class interrupt signal to the agent; adapters without one refuse (use timing-based barge-in). */
  async interrupt(): Promise<void> {
    throw new UnsupportedCapabilityError(
      this.constructor.name,
      "interruption",
      "Use timing-based barge-in instead: agent({ wait: false }), sleep(seconds), then user(content)",
    );
  }

  /** Sends DTMF tones; only telephony adapters can. */
  async sendDtmf(_tones: string): Promise<void> {
    throw new UnsupportedCapabilityError(this.constructor.name, "dtmf", "Use a telephony adapter (Twilio, Pipecat)");
  }

  /** The session this adapter records into (the run's, or one of its own when called outside a voice run). */
  voiceSession(): VoiceSession {
    this.session ??= new VoiceSession({ seed: 0 });
    return this.session;
  }

  /** Makes the adapter record into `session` (the voice run does, before the script starts). */
  useSession(session: VoiceSession): void {
    this.session = session;
  }

  /** Whether the agent's audio of the current answer has started arriving. */
  get agentSpeaking(): boolean {
    return this.speakingNow;
  }

  /** Resolves once the agent starts speaking, or after `timeoutSeconds` (resolving `false`). */
  waitForSpeech(timeoutSeconds: number): Promise<boolean> {
    if (this.speakingNow) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.speakingWaiters = this.speakingWaiters.filter((waiter) => waiter !== done);
        resolve(false);
      }, timeoutSeconds * 1000);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.speakingWaiters.push(done);
    });
  }

  /**
   * Connects once (later calls wait for the same connection): what `runVoice`
   * does before the script, and what `call` does when the adapter is used in
   * a plain run.
   */
  async open(): Promise<void> {
    this.connection ??= this.connect();
    try {
      await this.connection;
    } catch (error) {
      this.connection = undefined;
      throw error;
    }
  }

  /** Disconnects if `open` connected. */
  async close(): Promise<void> {
    if (!this.connection) return;
    this.connection = undefined;
    await this.disconnect();
  }

  /** The run ended (core calls this, `runVoice` or not): the connection `call` opened is closed. */
  async runFinished(): Promise<void> {
    await this.close();
  }

  /**
   * Sends the newest user audio (if the last new message has some and it was
   * not sent already by a voice step), then drains and returns the agent's answer.
   */
  async call(input: AgentInput): Promise<AgentReturnTypes> {
    await this.open();
    const last = input.newMessages.at(-1);
    const incoming = extractAudio(last) ?? (await this.spoken(last, input));
    if (incoming && !incoming.empty && !this.alreadySent(incoming)) await this.sendUserAudio(incoming);
    const answer = await this.drain();
    // an answer that came without words is transcribed (when the run has a transcriber) for judges to read
    return createAudioMessage(await this.voiceSession().withTranscript(answer), "assistant");
  }

  /**
   * Sends `chunk` as the user's speech and records it (segment and start/stop
   * events). A message carrying the same audio is not sent again by `call`.
   */
  async sendUserAudio(chunk: AudioChunk): Promise<void> {
    await this.open();
    const session = this.voiceSession();
    const startTime = session.elapsed();
    await this.sendAudio(chunk);
    this.#sentAudio.add(fingerprint(chunk.data));
    // the user stopped speaking when the audio ended (a paced send takes that long), or when the send returned if
    // sooner; work an agent does inside sendAudio past the audio's end (transcribing it) is response time
    const endTime = Math.min(session.elapsed(), startTime + chunk.durationSeconds);
    session.userSpoke(chunk.data, startTime, chunk.transcript, endTime);
  }

  // true private fields: subclasses are free to use any name
  readonly #sentAudio = new Set<string>();
  readonly #deliveredText = new Set<string>();

  /**
   * A user turn whose content already reached the agent another way (DTMF
   * keys sent as tones, shown as `[DTMF 42#]`): `call` does not speak it again.
   */
  markDelivered(text: string): void {
    this.#deliveredText.add(text.trim());
  }

  /** The run's voice timeline so far (what a judge with `includeTimeline` reads). */
  voiceTimeline(): readonly VoiceEvent[] {
    return this.voiceSession().recording.timeline;
  }

  /** Whether `open` connected (and `close` did not disconnect since). */
  isConnected(): boolean {
    return this.connection !== undefined;
  }

  /**
   * A user turn given as text (`user("…")` of the text DSL) is spoken in the
   * scenario's user voice (its speaking user simulator), as a caller would say it.
   */
  private async spoken(message: ModelMessage | undefined, input: AgentInput): Promise<AudioChunk | undefined> {
    if (message?.role !== "user") return undefined;
    const text = messageText(message).trim();
    if (!text || this.#deliveredText.delete(text)) return undefined;
    const speaker = input.scenarioConfig.agents.find(isSpeaker);
    if (!speaker)
      throw new Error(
        `${this.constructor.name}: the user's turn "${text.slice(0, 40)}" is text, and the scenario has no voice to say it: add userSimulatorAgent({ voice: "espeak/en-us" }) (or voiceUserSimulator) to its agents`,
      );
    const session = this.voiceSession();
    return speaker.voiceify(text, session.random, session.ambience);
  }

  private alreadySent(chunk: AudioChunk): boolean {
    return this.#sentAudio.delete(fingerprint(chunk.data));
  }

  /** Receives the agent's answer (see the class comment) and records it. */
  async drain(options: DrainOptions = {}): Promise<AudioChunk> {
    const session = this.voiceSession();
    this.streamingTranscript = "";
    const first = await this.recvAudio(this.responseTimeout);
    const pieces: AudioChunk[] = [first];
    if (!first.empty) this.markSpeaking(session);
    let seconds = first.durationSeconds;
    // when the agent's audio stops being heard: the last chunk's arrival plus its length (not when the drain
    // noticed, a tail-silence later)
    let heardUntil = session.elapsed() + first.durationSeconds;
    while (!first.empty && seconds < this.responseMaxDuration && !options.signal?.aborted) {
      let next: AudioChunk;
      try {
        next = await raceAbort(this.recvAudio(this.responseTailSilence, options.signal), options.signal);
      } catch (error) {
        if (error instanceof VoiceTimeoutError || error instanceof DrainAborted || options.signal?.aborted) break;
        throw error;
      }
      if (next.empty) break;
      if (!this.speakingNow) this.markSpeaking(session);
      pieces.push(next);
      seconds += next.durationSeconds;
      heardUntil = Math.max(heardUntil, session.elapsed() + next.durationSeconds);
    }
    const transcript =
      this.answerTranscript() ??
      pieces
        .map((piece) => piece.transcript?.trim())
        .filter((text): text is string => Boolean(text))
        .join(" ");
    const merged = new AudioChunk({ data: concatPcm(pieces.map((piece) => piece.data)), ...(transcript ? { transcript } : {}) });
    this.speakingNow = false;
    session.agentStopped(merged.data, merged.transcript, first.empty ? undefined : Math.min(heardUntil, session.elapsed()));
    return merged;
  }

  /**
   * The transcript of the answer just drained, when the transport reports it
   * whole (a Realtime model's own transcript); otherwise the chunks' transcripts are joined.
   */
  protected answerTranscript(): string | undefined {
    return undefined;
  }

  private markSpeaking(session: VoiceSession): void {
    this.speakingNow = true;
    session.agentStarted();
    for (const waiter of this.speakingWaiters.splice(0)) waiter();
  }

  override toString(): string {
    return `${this.constructor.name}()`;
  }
}

class DrainAborted extends Error {}

/** A cheap identity of audio bytes (length and an FNV-1a hash), to recognise audio a step already sent. */
function fingerprint(data: Uint8Array): string {
  let hash = 2166136261;
  for (let index = 0; index < data.length; index += 7) hash = Math.imul(hash ^ (data[index] ?? 0), 16777619);
  return `${data.length}:${hash >>> 0}`;
}

/** A speaking user simulator, structurally (`VoiceUserSimulatorAgent` builds on this module). */
function isSpeaker(
  agent: Agent,
): agent is Agent & { voiceify(text: string, random?: SeededRandom, extra?: EffectFn[]): Promise<AudioChunk> } {
  return typeof (agent as { voiceify?: unknown } | undefined)?.voiceify === "function";
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new DrainAborted());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new DrainAborted());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
