import { generateText, type LanguageModel, type ModelMessage } from "ai";
import { AudioChunk } from "../audio/audio-chunk.js";
import { detectDtmf, dtmfSamples } from "../audio/dtmf.js";
import { bytesFor, fromSamples, toSamples } from "../audio/pcm.js";
import { createTtsRouter } from "../speech/create-tts-router.js";
import { AdapterCapabilities } from "./capabilities.js";
import { ChunkQueue } from "./chunk-queue.js";
import { VoiceAgentAdapter } from "./voice-agent-adapter.js";

/** Speech to text, as every STT provider does it. */
export interface Transcriber {
  transcribe(audio: AudioChunk): Promise<string>;
}

/** What the policy is told each turn. */
export interface VoiceTurn {
  /** What the STT heard in the user's audio ("" for silence or tones only). */
  transcript: string;
  /** DTMF keys detected in the user's audio, in order ("" when none). */
  dtmf: string;
  /** The conversation so far as text (user transcripts and the agent's answers), this turn's user message last. */
  history: ModelMessage[];
}

/** Options of `ComposableVoiceAgent`. */
export interface ComposableVoiceAgentOptions {
  /** Speech to text for the user's audio (e.g. the offline `pocketsphinxStt()`). */
  stt: Transcriber;
  /**
   * Text to speech for the answers: a function (e.g. `(text) => tts.synthesize(text, "espeak/en-us")`), or
   * a `"provider/voice"` name spoken by the built-in TTS router (`"espeak/en-us"` offline, `"openai/nova"`).
   */
  tts: ((text: string) => Promise<AudioChunk>) | string;
  /** A deterministic policy: the answer to a turn. Give this or `model`. */
  respond?: (turn: VoiceTurn) => string | Promise<string>;
  /** A model-backed policy (AI SDK language model), called with the history. */
  model?: LanguageModel;
  /** The same as `model` (`@langwatch/scenario`'s name). */
  llm?: LanguageModel;
  /** The model's system prompt. */
  systemPrompt?: string;
  /**
   * What the agent does when it hears the user while it is speaking:
   * `"keep-talking"` (default: only an interrupt signal stops it) or `"stop"`
   * (naive barge-in: any user audio, a backchannel included, cuts it off).
   */
  onUserSpeech?: "keep-talking" | "stop";
  /** Whether it takes a native interrupt signal (default true); without, an interrupting user talks over it. */
  interruptible?: boolean;
  /**
   * Deliver the answer's audio in real time (100 ms chunks at the pace they
   * would be heard) instead of all at once, so a user can barge in mid-answer.
   * Default true.
   */
  realtime?: boolean;
}

/** The system prompt a model-backed ComposableVoiceAgent uses when none is given. */
export const DEFAULT_VOICE_SYSTEM_PROMPT =
  "You are a friendly, concise voice assistant on a phone line. Answer in one or two short spoken sentences.";

const CHUNK_SECONDS = 0.1;

/**
 * A voice agent assembled from parts, in process: the user's audio goes
 * through STT (DTMF tones in it are detected too), a policy (a function or a
 * model) answers, TTS speaks the answer. No transport, no key needed with the
 * offline providers: what the voice demo tests. It interrupts natively (stops
 * speaking at once) and keeps a streaming transcript of what it has said so far.
 */
export class ComposableVoiceAgent extends VoiceAgentAdapter {
  override capabilities: AdapterCapabilities;
  /** What the STT heard last. */
  lastUserTranscript = "";
  /** The agent's last answer (text). */
  lastResponse = "";
  private readonly history: ModelMessage[] = [];
  private queue = new ChunkQueue("ComposableVoiceAgent");
  private answered = true;
  private pendingTurn: VoiceTurn | undefined;
  private timers: NodeJS.Timeout[] = [];
  private connected = false;
  private endOfTurnPending = false;

  private readonly options: ComposableVoiceAgentOptions & { tts: (text: string) => Promise<AudioChunk> };

  constructor(options: ComposableVoiceAgentOptions) {
    super();
    const model = options.model ?? options.llm;
    const { tts } = options;
    this.options = {
      ...options,
      ...(model ? { model } : {}),
      tts: typeof tts === "string" ? speakerOf(tts) : tts,
    };
    if (!options.respond && !model)
      throw new TypeError("ComposableVoiceAgent needs a policy: respond(turn) for a deterministic one, or a model");
    this.name = "ComposableVoiceAgent";
    this.capabilities = new AdapterCapabilities({
      streamingTranscripts: true,
      dtmf: true,
      interruption: options.interruptible !== false,
    });
  }

  async connect(): Promise<void> {
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.stopSpeaking();
    this.connected = false;
  }

  async sendAudio(chunk: AudioChunk): Promise<void> {
    this.ensureConnected();
    if (this.options.onUserSpeech === "stop") this.stopSpeaking();
    const samples = toSamples(chunk.data);
    const dtmf = detectDtmf(samples);
    // tones are not speech: a keypad-only message is not sent to the STT
    const transcript = dtmf && isMostlyTones(samples) ? "" : (await this.options.stt.transcribe(chunk)).trim();
    this.lastUserTranscript = transcript;
    const said = [transcript, dtmf ? `[DTMF ${dtmf}]` : ""].filter(Boolean).join(" ");
    this.history.push({ role: "user", content: said });
    this.pendingTurn = { transcript, dtmf, history: [...this.history] };
    this.answered = false;
  }

  /** DTMF goes down the line in band, as on a phone: tones the agent detects in the audio it hears. */
  override async sendDtmf(tones: string): Promise<void> {
    await this.sendAudio(new AudioChunk({ data: fromSamples(dtmfSamples(tones)) }));
  }

  override async recvAudio(timeoutSeconds: number, signal?: AbortSignal): Promise<AudioChunk> {
    this.ensureConnected();
    // an answer's end is a turn's end (an empty chunk ends the drain), even when the user already said more
    if (this.endOfTurnPending && !this.speaking()) {
      this.endOfTurnPending = false;
      return new AudioChunk({ data: new Uint8Array(0) });
    }
    // user audio heard while speaking (a backchannel, talk-over) does not cut the answer short: only interrupt() does
    if (!this.answered && !this.speaking()) {
      this.answered = true;
      await this.speak(await this.answer());
    }
    if (this.queue.size === 0 && this.timers.length === 0) return new AudioChunk({ data: new Uint8Array(0) });
    return this.queue.take(timeoutSeconds, signal);
  }

  /** Stops speaking at once: the rest of the answer is never delivered. */
  override async interrupt(): Promise<void> {
    if (this.options.interruptible === false) return super.interrupt();
    this.stopSpeaking();
  }

  override toString(): string {
    return `ComposableVoiceAgent(policy=${this.options.model ? "model" : "function"})`;
  }

  private async answer(): Promise<string> {
    const turn = this.pendingTurn ?? { transcript: "", dtmf: "", history: [...this.history] };
    let text: string;
    if (this.options.respond) text = await this.options.respond(turn);
    else {
      const result = await generateText({
        model: this.options.model as LanguageModel,
        system: this.options.systemPrompt ?? DEFAULT_VOICE_SYSTEM_PROMPT,
        messages: turn.history,
      });
      text = result.text;
    }
    this.lastResponse = text;
    this.history.push({ role: "assistant", content: text });
    return text;
  }

  /** Queues the answer's audio: in 100 ms chunks paced in real time, or whole. */
  private async speak(text: string): Promise<void> {
    this.stopSpeaking();
    this.queue = new ChunkQueue("ComposableVoiceAgent");
    if (!text.trim()) return;
    this.endOfTurnPending = true;
    const audio = await this.options.tts(text);
    const words = text.split(/\s+/).filter(Boolean);
    const step = bytesFor(CHUNK_SECONDS);
    const count = Math.max(1, Math.ceil(audio.data.length / step));
    this.streamingTranscript = "";
    for (let index = 0; index < count; index++) {
      const data = audio.data.subarray(index * step, Math.min(audio.data.length, (index + 1) * step));
      // the words heard so far, spread evenly over the audio
      const heard = words.slice(Math.round((index * words.length) / count), Math.round(((index + 1) * words.length) / count));
      const chunk = new AudioChunk({ data, ...(heard.length ? { transcript: heard.join(" ") } : {}) });
      const deliver = (): void => {
        if (heard.length) this.streamingTranscript = `${this.streamingTranscript} ${heard.join(" ")}`.trim();
        this.queue.push(chunk);
      };
      if (this.options.realtime === false || index === 0) deliver();
      else {
        const timer = setTimeout(
          () => {
            this.timers = this.timers.filter((pending) => pending !== timer);
            deliver();
          },
          index * CHUNK_SECONDS * 1000,
        );
        this.timers.push(timer);
      }
    }
  }

  private speaking(): boolean {
    return this.queue.size > 0 || this.timers.length > 0;
  }

  private stopSpeaking(): void {
    // cut off: the drain in progress ends on its tail silence, no end-of-turn marker is owed
    this.endOfTurnPending = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    this.queue.clear();
  }

  private ensureConnected(): void {
    if (!this.connected) throw new Error("ComposableVoiceAgent: not connected (call connect() first, or run it with runVoice)");
  }
}

/** Whether most 40 ms windows of `samples` hold tones rather than speech (a keypad-only message). */
function isMostlyTones(samples: Int16Array): boolean {
  const window = 960;
  let toneWindows = 0;
  let loudWindows = 0;
  for (let start = 0; start + window <= samples.length; start += window) {
    const frame = samples.subarray(start, start + window);
    let energy = 0;
    for (const value of frame) energy += value * value;
    if (energy / window < 1e4) continue;
    loudWindows++;
    if (detectDtmf(frame)) toneWindows++;
  }
  return loudWindows > 0 && toneWindows / loudWindows > 0.6;
}

/** `voice` ("provider/name") spoken by the built-in TTS router (created once per agent). */
function speakerOf(voice: string): (text: string) => Promise<AudioChunk> {
  const router = createTtsRouter();
  return (text) => router.synthesize(text, voice);
}
