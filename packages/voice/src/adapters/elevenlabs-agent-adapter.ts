import { AudioChunk } from "../audio/audio-chunk.js";
import { decodeMulaw } from "../audio/mulaw.js";
import { fromSamples, PCM16_SAMPLE_RATE, toSamples } from "../audio/pcm.js";
import { resample } from "../audio/resample.js";
import { SampleAligner } from "../audio/sample-aligner.js";
import { AdapterCapabilities } from "./capabilities.js";
import { SocketVoiceAgentAdapter } from "./socket-voice-agent-adapter.js";
import { redactUrl } from "./websocket-agent-adapter.js";

/** Where ElevenLabs' hosted conversational agents are reached (`{agentId}` filled in). */
export const ELEVENLABS_CONVAI_URL_TEMPLATE = "wss://api.elevenlabs.io/v1/convai/conversation?agent_id={agentId}";
/** The silence sent after each user utterance: 16 000 bytes, about 333 ms at 24 kHz (the agent's turn detection needs it). */
export const ELEVENLABS_SILENCE_TAIL_BYTES = 16_000;

/** Options of `ElevenLabsAgentAdapter`. */
export interface ElevenLabsAgentAdapterOptions {
  agentId: string;
  /** Default `ELEVENLABS_API_KEY` from `env`. */
  apiKey?: string;
  systemPromptOverride?: string;
  firstMessageOverride?: string;
  /** The endpoint (default from {@link ELEVENLABS_CONVAI_URL_TEMPLATE}): a local peer in tests. */
  url?: string;
  env?: Record<string, string | undefined>;
}

/**
 * An ElevenLabs conversational agent (ConvAI) over its WebSocket: the
 * conversation is opened with the overrides given, the caller's audio goes
 * as `user_audio_chunk`s followed by a silence tail, pings are answered, and
 * the agent's `audio` events come back. The audio formats the agent
 * announces (`pcm_<rate>`, `ulaw_8000`) are converted both ways, so the run
 * stays PCM16 24 kHz. A dropped connection ends the run `error`.
 */
export class ElevenLabsAgentAdapter extends SocketVoiceAgentAdapter {
  override capabilities = new AdapterCapabilities({ streamingTranscripts: true, nativeVad: true });
  /** What the agent's speech recognition heard last. */
  lastUserTranscript: string | null = null;
  /** The agent's last response text (corrected when it sends a correction). */
  lastAgentTranscript: string | null = null;
  /** The conversation's id, from the agent's initiation metadata. */
  conversationId: string | null = null;
  readonly agentId: string;
  readonly #apiKey: string | undefined;
  readonly #url: string;
  #inputFormat = "pcm_16000";
  #outputFormat = "pcm_16000";
  #ready: Promise<void> = Promise.resolve();
  #announced: () => void = () => undefined;
  readonly #aligner = new SampleAligner();

  constructor(private readonly options: ElevenLabsAgentAdapterOptions) {
    super("ElevenLabsAgentAdapter");
    if (!options.agentId) throw new TypeError("ElevenLabsAgentAdapter: agentId is required");
    this.agentId = options.agentId;
    this.#apiKey = options.apiKey ?? (options.env ?? process.env).ELEVENLABS_API_KEY;
    this.#url = options.url ?? ELEVENLABS_CONVAI_URL_TEMPLATE.replace("{agentId}", encodeURIComponent(options.agentId));
  }

  async connect(): Promise<void> {
    if (!this.#apiKey) throw new Error("ElevenLabsAgentAdapter needs an API key: set ELEVENLABS_API_KEY or pass { apiKey }");
    this.#aligner.reset();
    // the agent's formats arrive in its initiation metadata: audio is not sent before it
    this.#ready = new Promise((resolve) => {
      this.#announced = resolve;
      setTimeout(resolve, 5000).unref();
    });
    await this.openTo({ url: this.#url, shown: redactUrl(this.#url), headers: { "xi-api-key": this.#apiKey } });
    const agent: Record<string, unknown> = {};
    if (this.options.systemPromptOverride) agent.prompt = { prompt: this.options.systemPromptOverride };
    if (this.options.firstMessageOverride) agent.first_message = this.options.firstMessageOverride;
    await this.sendJson({ type: "conversation_initiation_client_data", conversation_config_override: { agent } });
  }

  async sendAudio(chunk: AudioChunk): Promise<void> {
    await this.#ready;
    await this.sendJson({ user_audio_chunk: this.#wire(chunk.data) });
    await this.sendJson({ user_audio_chunk: this.#wire(new Uint8Array(ELEVENLABS_SILENCE_TAIL_BYTES)) });
  }

  protected override answerTranscript(): string | undefined {
    return this.lastAgentTranscript ?? undefined;
  }

  override toString(): string {
    return `ElevenLabsAgentAdapter(agentId=${this.agentId}, apiKey=***)`;
  }

  /** PCM16 24 kHz as the agent takes it (its announced input format), base64. */
  #wire(pcm: Uint8Array): string {
    const rate = pcmRate(this.#inputFormat);
    const bytes =
      rate === PCM16_SAMPLE_RATE ? pcm : fromSamples(resample(toSamples(pcm), PCM16_SAMPLE_RATE, rate ?? PCM16_SAMPLE_RATE));
    return Buffer.from(bytes).toString("base64");
  }

  protected onFrame(data: Buffer): void {
    const text = data.toString("utf8");
    let event: Record<string, Record<string, unknown> | string | undefined>;
    try {
      event = JSON.parse(text);
    } catch {
      return; // not JSON: not an event of the protocol
    }
    const body = (key: string): Record<string, unknown> =>
      typeof event[key] === "object" ? (event[key] as Record<string, unknown>) : {};
    switch (event.type) {
      case "conversation_initiation_metadata": {
        const metadata = body("conversation_initiation_metadata_event");
        if (typeof metadata.user_input_audio_format === "string") this.#inputFormat = metadata.user_input_audio_format;
        if (typeof metadata.agent_output_audio_format === "string") this.#outputFormat = metadata.agent_output_audio_format;
        if (typeof metadata.conversation_id === "string") this.conversationId = metadata.conversation_id;
        for (const format of [this.#inputFormat, this.#outputFormat])
          if (pcmRate(format) === undefined && format !== "ulaw_8000")
            this.queue.fail(
              new Error(`ElevenLabsAgentAdapter: the agent uses audio format ${format}; set it to pcm_<rate> or ulaw_8000`),
            );
        this.#announced();
        return;
      }
      case "ping": {
        const id = body("ping_event").event_id ?? event.event_id;
        if (id !== undefined) void this.sendJson({ type: "pong", event_id: id }).catch(() => undefined);
        return;
      }
      case "audio": {
        const audio = body("audio_event").audio_base_64;
        if (typeof audio === "string") this.queue.push(new AudioChunk({ data: this.#pcm(Buffer.from(audio, "base64")) }));
        return;
      }
      case "user_transcript":
        this.lastUserTranscript = String(body("user_transcription_event").user_transcript ?? "");
        return;
      case "agent_response":
        this.lastAgentTranscript = String(body("agent_response_event").agent_response ?? "");
        this.streamingTranscript = this.lastAgentTranscript;
        return;
      case "agent_response_correction":
        this.lastAgentTranscript = String(body("agent_response_correction_event").corrected_agent_response ?? "");
        return;
      default:
        return;
    }
  }

  /** The agent's audio (its announced output format) as PCM16 24 kHz, a half sample carried to the next event. */
  #pcm(bytes: Buffer): Uint8Array {
    if (this.#outputFormat === "ulaw_8000") return fromSamples(resample(decodeMulaw(bytes), 8000, PCM16_SAMPLE_RATE));
    const data = this.#aligner.align(new Uint8Array(bytes));
    const rate = pcmRate(this.#outputFormat) ?? PCM16_SAMPLE_RATE;
    return rate === PCM16_SAMPLE_RATE ? data : fromSamples(resample(toSamples(data), rate, PCM16_SAMPLE_RATE));
  }
}

/** The sample rate of a `pcm_<rate>` format name, or undefined for another format. */
function pcmRate(format: string): number | undefined {
  const match = /^pcm_(\d+)$/.exec(format);
  return match ? Number(match[1]) : undefined;
}
