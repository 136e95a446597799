import { AudioChunk } from "../audio/audio-chunk.js";
import { SampleAligner } from "../audio/sample-aligner.js";
import { SocketVoiceAgentAdapter } from "./socket-voice-agent-adapter.js";

/** What a protocol makes of one message from the agent. */
export type DecodedMessage =
  /** Audio of the answer (PCM16 24 kHz bytes; an odd count is fine: the adapter keeps the half sample for the next). */
  | { audio: Uint8Array; transcript?: string }
  /** The agent finished its answer (ends the drain at once, instead of after the tail silence). */
  | { end: true }
  /** Not audio (a status, a ping, metadata): ignored. */
  | null;

/**
 * How a WebSocket agent speaks: how user audio goes on the wire and what the
 * agent's messages mean. A message the protocol cannot accept (an `error`
 * event) is thrown from `decode`: the run ends `error` with that message.
 */
export interface WebSocketProtocol {
  /** The frame for user audio (PCM16 LE, mono, 24 kHz): text (e.g. JSON with base64) or bytes (a binary frame). */
  encodeAudio(pcm: Uint8Array): string | Uint8Array;
  /** The meaning of a frame from the agent (`binary`: a binary frame). */
  decode(message: string | Uint8Array, binary: boolean): DecodedMessage;
  /** Frames to send once connected (a session start), if any. */
  opening?(): (string | Uint8Array)[];
}

/** Options of `WebSocketAgentAdapter`. */
export interface WebSocketAgentAdapterOptions {
  /** Headers of the upgrade request (credentials: never shown in errors or `toString`). */
  headers?: Record<string, string>;
  /** Seconds to wait for the connection (default 10). */
  connectTimeout?: number;
}

/**
 * A voice agent behind any WebSocket endpoint, spoken to through a
 * `WebSocketProtocol` you supply. A connection that fails, closes while the
 * agent is answering, or sends a frame the protocol rejects ends the run
 * `error` with the reason (never a hang); credentials in the URL's query and
 * in headers are never shown.
 *
 * @example
 * const bot = new WebSocketAgentAdapter("ws://127.0.0.1:8080/voice", {
 *   encodeAudio: (pcm) => JSON.stringify({ type: "audio", data: Buffer.from(pcm).toString("base64") }),
 *   decode: (message) => { const event = JSON.parse(String(message)); … },
 * });
 */
export class WebSocketAgentAdapter extends SocketVoiceAgentAdapter {
  private readonly aligner = new SampleAligner();

  constructor(
    private readonly url: string,
    private readonly protocol: WebSocketProtocol,
    private readonly options: WebSocketAgentAdapterOptions = {},
  ) {
    super("WebSocketAgentAdapter");
    if (!/^wss?:\/\//i.test(url)) throw new TypeError(`WebSocketAgentAdapter: ${redactUrl(url)} is not a ws:// or wss:// URL`);
  }

  async connect(): Promise<void> {
    this.aligner.reset();
    await this.openTo({
      url: this.url,
      shown: redactUrl(this.url),
      ...(this.options.headers ? { headers: this.options.headers } : {}),
      ...(this.options.connectTimeout ? { connectTimeout: this.options.connectTimeout } : {}),
    });
    for (const frame of this.protocol.opening?.() ?? []) await this.sendRaw(frame);
  }

  async sendAudio(chunk: AudioChunk): Promise<void> {
    await this.sendRaw(this.protocol.encodeAudio(chunk.data));
  }

  override toString(): string {
    return `WebSocketAgentAdapter(${redactUrl(this.url)})`;
  }

  protected onFrame(bytes: Buffer, binary: boolean): void {
    let decoded: DecodedMessage;
    try {
      decoded = this.protocol.decode(binary ? new Uint8Array(bytes) : bytes.toString("utf8"), binary);
    } catch (error) {
      this.queue.fail(new Error(`WebSocketAgentAdapter: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (decoded === null) return;
    if ("end" in decoded) {
      this.queue.push(new AudioChunk({ data: new Uint8Array(0) }));
      return;
    }
    const audio = this.aligner.align(decoded.audio);
    if (audio.length > 0 || decoded.transcript)
      this.queue.push(new AudioChunk({ data: audio, ...(decoded.transcript ? { transcript: decoded.transcript } : {}) }));
  }
}

/** `url` with its query values and user info replaced by `***` (tokens often ride there). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username) parsed.username = "***";
    if (parsed.password) parsed.password = "***";
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, "***");
    return parsed.toString().replace(/%2A%2A%2A/g, "***");
  } catch {
    return "<unparseable URL>";
  }
}
