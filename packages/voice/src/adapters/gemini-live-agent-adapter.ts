import { AudioChunk } from "../audio/audio-chunk.js";
import { fromSamples, PCM16_SAMPLE_RATE, toSamples } from "../audio/pcm.js";
import { resample } from "../audio/resample.js";
import { SampleAligner } from "../audio/sample-aligner.js";
import { AdapterCapabilities } from "./capabilities.js";
import { SocketVoiceAgentAdapter } from "./socket-voice-agent-adapter.js";
import { redactUrl } from "./websocket-agent-adapter.js";

/** The Live model used when none is given (the reference's default). */
export const GEMINI_LIVE_MODEL = "gemini-2.5-flash-native-audio-latest";
/** Google's Live API WebSocket endpoint (the key goes in the `key` query parameter). */
export const GEMINI_LIVE_URL =
  "wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
const INPUT_RATE = 16_000;

/** Options of `GeminiLiveAgentAdapter`. */
export interface GeminiLiveAgentAdapterInit {
  /** Default {@link GEMINI_LIVE_MODEL}. */
  model?: string;
  /** A prebuilt voice (default `Algieba`). */
  voice?: string;
  systemInstruction?: string;
  /** Default `GEMINI_API_KEY` from `env`. */
  apiKey?: string;
  /** The endpoint (default {@link GEMINI_LIVE_URL}): a local peer in tests. */
  url?: string;
  env?: Record<string, string | undefined>;
}

/**
 * A Gemini Live model as the agent under test, over the Live API's
 * WebSocket protocol: `setup` with audio responses, the voice, automatic
 * activity detection off and both transcriptions on (waiting for
 * `setupComplete`); each user turn is `activityStart`, the audio at 16 kHz,
 * `activityEnd`; the answer is the model turn's inline audio up to
 * `turnComplete`, its transcript the output transcription. `goAway`, an
 * error close or a dropped socket ends the run `error`.
 */
export class GeminiLiveAgentAdapter extends SocketVoiceAgentAdapter {
  override capabilities = new AdapterCapabilities({
    streamingTranscripts: true,
    nativeVad: true,
    interruption: true,
    inputFormats: ["pcm16/16000"],
    outputFormats: ["pcm16/24000"],
  });
  readonly model: string;
  readonly voice: string;
  readonly systemInstruction: string;
  lastUserTranscript: string | null = null;
  lastAgentTranscript: string | null = null;
  readonly #apiKey: string | undefined;
  readonly #url: string;
  readonly #aligner = new SampleAligner();
  #setupDone: () => void = () => undefined;

  constructor(init: GeminiLiveAgentAdapterInit = {}) {
    super("GeminiLiveAgentAdapter");
    this.model = init.model ?? GEMINI_LIVE_MODEL;
    this.voice = init.voice ?? "Algieba";
    this.systemInstruction = init.systemInstruction ?? "";
    this.#apiKey = init.apiKey ?? (init.env ?? process.env).GEMINI_API_KEY;
    this.#url = init.url ?? GEMINI_LIVE_URL;
  }

  async connect(): Promise<void> {
    if (!this.#apiKey) throw new Error("GeminiLiveAgentAdapter needs an API key: set GEMINI_API_KEY or pass { apiKey }");
    this.#aligner.reset();
    const url = new URL(this.#url);
    url.searchParams.set("key", this.#apiKey);
    const shown = redactUrl(url.toString());
    const socket = await this.openTo({ url: url.toString(), shown });
    // the server answers setup with setupComplete; a close or a silence of 10 s meanwhile fails the connection
    const setupComplete = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`GeminiLiveAgentAdapter: no setupComplete from ${shown} within 10 s`)),
        10_000,
      );
      const closed = (code: number) => {
        clearTimeout(timer);
        reject(new Error(`GeminiLiveAgentAdapter: ${shown} closed the connection during setup (${code})`));
      };
      socket.once("close", closed);
      this.#setupDone = () => {
        clearTimeout(timer);
        socket.off("close", closed);
        resolve();
      };
    });
    await this.sendJson({
      setup: {
        model: this.model.startsWith("models/") ? this.model : `models/${this.model}`,
        generationConfig: {
          responseModalities: ["AUDIO"],
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: this.voice } } },
        },
        ...(this.systemInstruction ? { systemInstruction: { parts: [{ text: this.systemInstruction }] } } : {}),
        realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
        inputAudioTranscription: {},
        outputAudioTranscription: {},
      },
    });
    await setupComplete;
  }

  /** One complete user turn: `activityStart`, the audio at 16 kHz, `activityEnd`. */
  async sendAudio(chunk: AudioChunk): Promise<void> {
    const pcm = fromSamples(resample(toSamples(chunk.data), PCM16_SAMPLE_RATE, INPUT_RATE));
    if (pcm.length === 0) return;
    this.lastAgentTranscript = null;
    this.streamingTranscript = "";
    await this.sendJson({ realtimeInput: { activityStart: {} } });
    await this.sendJson({
      realtimeInput: { audio: { data: Buffer.from(pcm).toString("base64"), mimeType: `audio/pcm;rate=${INPUT_RATE}` } },
    });
    await this.sendJson({ realtimeInput: { activityEnd: {} } });
  }

  /**
   * Barge-in: a new activity interrupts the model (the next `activityStart`
   * does it); what it had not said yet is dropped here.
   */
  override async interrupt(): Promise<void> {
    this.queue.clear();
    this.queue.push(new AudioChunk({ data: new Uint8Array(0) }));
  }

  protected override answerTranscript(): string | undefined {
    return this.lastAgentTranscript ?? (this.streamingTranscript || undefined);
  }

  override toString(): string {
    return `GeminiLiveAgentAdapter(model=${this.model}, voice=${this.voice}, apiKey=***)`;
  }

  protected onFrame(data: Buffer): void {
    const text = data.toString("utf8");
    let message: {
      setupComplete?: unknown;
      goAway?: { timeLeft?: string };
      serverContent?: {
        modelTurn?: { parts?: { inlineData?: { data?: string; mimeType?: string } }[] };
        outputTranscription?: { text?: string };
        inputTranscription?: { text?: string };
        turnComplete?: boolean;
      };
    };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.setupComplete !== undefined) {
      this.#setupDone();
      return;
    }
    if (message.goAway) {
      this.queue.fail(
        new Error(`GeminiLiveAgentAdapter: the server is closing the session (goAway, ${message.goAway.timeLeft ?? "now"})`),
      );
      return;
    }
    const content = message.serverContent;
    if (!content) return;
    if (content.inputTranscription?.text)
      this.lastUserTranscript = `${this.lastUserTranscript ?? ""}${content.inputTranscription.text}`;
    if (content.outputTranscription?.text) {
      this.streamingTranscript += content.outputTranscription.text;
      this.lastAgentTranscript = this.streamingTranscript;
    }
    for (const part of content.modelTurn?.parts ?? []) {
      const data = part.inlineData?.data;
      if (!data || !part.inlineData?.mimeType?.startsWith("audio/pcm")) continue;
      const rate = Number(/rate=(\d+)/.exec(part.inlineData.mimeType)?.[1] ?? PCM16_SAMPLE_RATE);
      this.queue.push(new AudioChunk({ data: this.#pcm(Buffer.from(data, "base64"), rate) }));
    }
    if (content.turnComplete) this.queue.push(new AudioChunk({ data: new Uint8Array(0) }));
  }

  #pcm(bytes: Buffer, rate: number): Uint8Array {
    const data = this.#aligner.align(new Uint8Array(bytes));
    return rate === PCM16_SAMPLE_RATE ? data : fromSamples(resample(toSamples(data), rate, PCM16_SAMPLE_RATE));
  }
}
