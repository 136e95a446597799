import { AudioChunk } from "../audio/audio-chunk.js";
import { SampleAligner } from "../audio/sample-aligner.js";
import { AdapterCapabilities } from "./capabilities.js";
import { SocketVoiceAgentAdapter } from "./socket-voice-agent-adapter.js";
import { redactUrl } from "./websocket-agent-adapter.js";

/** The Realtime model used when none is given (the reference's default). */
export const OPENAI_REALTIME_MODEL = "gpt-realtime-mini";
/** The transcription model the session asks for the caller's audio. */
export const OPENAI_REALTIME_TRANSCRIPTION_MODEL = "gpt-4o-transcribe";

/** A function tool the Realtime session offers the model. */
export type RealtimeToolDef = { type: "function"; name: string; description?: string; parameters?: unknown } & Record<
  string,
  unknown
>;

/** Options of `OpenAIRealtimeAgentAdapter`. */
export interface OpenAIRealtimeAgentAdapterInit {
  /** Default {@link OPENAI_REALTIME_MODEL}. */
  model?: string;
  /** The model's voice (default `alloy`). */
  voice?: string;
  /** System instructions, sent in `session.update`. */
  instructions?: string;
  tools?: RealtimeToolDef[];
  /** The key (default `OPENAI_API_KEY` from `env`). */
  apiKey?: string;
  /** The endpoint (default `wss://api.openai.com/v1/realtime?model=<model>`): a local peer in tests. */
  url?: string;
  /** Where the key is read from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/**
 * An OpenAI Realtime model as the agent under test, over its WebSocket
 * protocol (beta events): the session is set up with PCM16 both ways, the
 * caller's audio transcribed and server VAD off, so each user turn is one
 * `input_audio_buffer.commit` + `response.create`; the answer is the
 * `response.audio.delta` chunks up to `response.done`, its transcript the
 * model's own. Interrupting sends `response.cancel`. A server `error` event
 * or a dropped connection ends the run `error` with the server's message.
 */
export class OpenAIRealtimeAgentAdapter extends SocketVoiceAgentAdapter {
  override capabilities = new AdapterCapabilities({ streamingTranscripts: true, nativeVad: true, interruption: true });
  readonly model: string;
  readonly voice: string;
  readonly instructions: string;
  readonly tools: RealtimeToolDef[];
  /** What the server's transcription heard in the caller's last audio. */
  lastUserTranscript: string | null = null;
  /** The model's transcript of its last finished answer. */
  lastAgentTranscript: string | null = null;
  readonly #apiKey: string | undefined;
  readonly #url: string;
  #pendingBytes = 0;
  readonly #aligner = new SampleAligner();

  constructor(init: OpenAIRealtimeAgentAdapterInit = {}) {
    super("OpenAIRealtimeAgentAdapter");
    this.model = init.model ?? OPENAI_REALTIME_MODEL;
    this.voice = init.voice ?? "alloy";
    this.instructions = init.instructions ?? "";
    this.tools = init.tools ?? [];
    this.#apiKey = init.apiKey ?? (init.env ?? process.env).OPENAI_API_KEY;
    this.#url = init.url ?? `wss://api.openai.com/v1/realtime?model=${encodeURIComponent(this.model)}`;
  }

  async connect(): Promise<void> {
    if (!this.#apiKey) throw new Error("OpenAIRealtimeAgentAdapter needs an API key: set OPENAI_API_KEY or pass { apiKey }");
    this.#pendingBytes = 0;
    this.#aligner.reset();
    await this.openTo({
      url: this.#url,
      shown: redactUrl(this.#url),
      headers: { Authorization: `Bearer ${this.#apiKey}`, "OpenAI-Beta": "realtime=v1" },
    });
    await this.sendJson({
      type: "session.update",
      session: {
        input_audio_format: "pcm16",
        output_audio_format: "pcm16",
        voice: this.voice,
        input_audio_transcription: { model: OPENAI_REALTIME_TRANSCRIPTION_MODEL },
        turn_detection: null,
        ...(this.instructions ? { instructions: this.instructions } : {}),
        ...(this.tools.length > 0 ? { tools: this.tools } : {}),
      },
    });
  }

  async sendAudio(chunk: AudioChunk): Promise<void> {
    await this.sendJson({ type: "input_audio_buffer.append", audio: Buffer.from(chunk.data).toString("base64") });
    this.#pendingBytes += chunk.data.length;
  }

  override async recvAudio(timeoutSeconds: number, signal?: AbortSignal): Promise<AudioChunk> {
    if (this.#pendingBytes > 0) {
      // one server turn per user turn, however many chunks the audio came in
      this.#pendingBytes = 0;
      await this.sendJson({ type: "input_audio_buffer.commit" });
      await this.sendJson({ type: "response.create" });
    }
    return super.recvAudio(timeoutSeconds, signal);
  }

  /** Cancels the answer in progress (`response.cancel`); the model stops generating audio. */
  override async interrupt(): Promise<void> {
    await this.sendJson({ type: "response.cancel" });
  }

  /** Speaks `text` as a user message (`conversation.item.create` with input text, then `response.create`). */
  async sendText(text: string): Promise<void> {
    await this.sendJson({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text }] },
    });
    await this.sendJson({ type: "response.create" });
  }

  protected override answerTranscript(): string | undefined {
    // a cancelled answer may end without a final transcript: what was streamed so far is what was said
    return this.lastAgentTranscript ?? (this.streamingTranscript || undefined);
  }

  override toString(): string {
    return `OpenAIRealtimeAgentAdapter(model=${this.model}, voice=${this.voice}, apiKey=***)`;
  }

  protected onFrame(data: Buffer): void {
    const text = data.toString("utf8");
    let event: { type?: string; delta?: string; transcript?: string; error?: { message?: string; code?: string } };
    try {
      event = JSON.parse(text);
    } catch {
      return; // not JSON: not an event of the protocol
    }
    switch (event.type) {
      case "response.created":
        this.streamingTranscript = "";
        this.lastAgentTranscript = null;
        return;
      case "response.audio.delta":
      case "response.output_audio.delta":
        if (typeof event.delta === "string")
          this.queue.push(new AudioChunk({ data: this.#aligner.align(new Uint8Array(Buffer.from(event.delta, "base64"))) }));
        return;
      case "response.audio_transcript.delta":
      case "response.output_audio_transcript.delta":
        if (typeof event.delta === "string") this.streamingTranscript += event.delta;
        return;
      case "response.audio_transcript.done":
      case "response.output_audio_transcript.done":
        this.lastAgentTranscript = event.transcript ?? this.streamingTranscript;
        return;
      case "conversation.item.input_audio_transcription.completed":
        this.lastUserTranscript = event.transcript ?? "";
        return;
      case "response.done":
        this.queue.push(new AudioChunk({ data: new Uint8Array(0) }));
        return;
      case "error":
        this.queue.fail(
          new Error(`OpenAIRealtimeAgentAdapter: server error — ${event.error?.message ?? event.error?.code ?? "no message"}`),
        );
        return;
      default:
        return;
    }
  }
}
