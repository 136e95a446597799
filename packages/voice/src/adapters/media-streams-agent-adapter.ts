import { randomUUID } from "node:crypto";
import { AudioChunk } from "../audio/audio-chunk.js";
import { concatPcm } from "../audio/pcm.js";
import { AdapterCapabilities } from "./capabilities.js";
import { SocketVoiceAgentAdapter } from "./socket-voice-agent-adapter.js";
import { TELEPHONE_FRAME_BYTES as FRAME_BYTES, fromTelephone, TELEPHONE_RATE, toTelephone } from "./telephone-audio.js";
import { redactUrl } from "./websocket-agent-adapter.js";

/** Received audio is handed to the drain every 100 ms worth. */
const FLUSH_BYTES = 800;

/** Options of `MediaStreamsAgentAdapter`. */
export interface MediaStreamsAgentAdapterOptions {
  /** The bot's WebSocket endpoint (a Pipecat bot, or any server that takes Twilio Media Streams). */
  url: string;
  /** Identifiers sent in `start` (made up when not given: `MZ…`, `CA…`). */
  streamSid?: string;
  callSid?: string;
  /** Send the caller's audio in real time, one 20 ms frame per 20 ms, as a phone line does (default true). */
  paced?: boolean;
  headers?: Record<string, string>;
}

/**
 * A voice bot that speaks the Twilio Media Streams protocol (Pipecat's
 * telephony transport, or your own): the adapter plays the phone network —
 * `connected` then `start` (µ-law 8 kHz), the caller's audio as 20 ms `media`
 * frames paced in real time followed by a `mark` named `utterance_end`, DTMF
 * as `dtmf` events, `clear` to interrupt, `stop` on disconnect. The bot's
 * `media` (JSON or raw binary µ-law) comes back as PCM16 24 kHz in 100 ms
 * chunks, a `mark` from the bot ending its answer (otherwise the tail
 * silence does); a `stop` from the bot or a dropped socket ends the run `error`.
 */
export class MediaStreamsAgentAdapter extends SocketVoiceAgentAdapter {
  override capabilities = new AdapterCapabilities({
    interruption: true,
    dtmf: true,
    inputFormats: ["pcm16/24000", "mulaw/8000"],
    outputFormats: ["pcm16/24000", "mulaw/8000"],
  });
  streamSid: string | undefined;
  callSid: string | undefined;
  #received: Uint8Array[] = [];
  #receivedBytes = 0;
  #sequence = 0;
  #sentMs = 0;
  #sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: MediaStreamsAgentAdapterOptions,
    adapterName = "MediaStreamsAgentAdapter",
  ) {
    super(adapterName);
    if (!/^wss?:\/\//i.test(options.url ?? ""))
      throw new TypeError(`${adapterName}: url must be the bot's ws:// or wss:// endpoint`);
  }

  async connect(): Promise<void> {
    this.#received = [];
    this.#receivedBytes = 0;
    this.#sequence = 0;
    this.#sentMs = 0;
    this.streamSid = this.options.streamSid ?? `MZ${randomUUID().replace(/-/g, "")}`;
    this.callSid = this.options.callSid ?? `CA${randomUUID().replace(/-/g, "")}`;
    await this.openTo({
      url: this.options.url,
      shown: redactUrl(this.options.url),
      ...(this.options.headers ? { headers: this.options.headers } : {}),
    });
    await this.#send({ event: "connected", protocol: "Call", version: "1.0.0" });
    await this.#send({
      event: "start",
      start: {
        streamSid: this.streamSid,
        callSid: this.callSid,
        tracks: ["inbound"],
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: TELEPHONE_RATE, channels: 1 },
      },
    });
  }

  override async disconnect(): Promise<void> {
    if (this.socket) await this.#send({ event: "stop", stop: { callSid: this.callSid } }).catch(() => undefined);
    await super.disconnect();
    this.streamSid = undefined;
    this.callSid = undefined;
  }

  /** The caller's audio as 20 ms µ-law frames (paced in real time unless `paced: false`), then `mark` utterance_end. */
  sendAudio(chunk: AudioChunk): Promise<void> {
    // one utterance at a time on the line, as one phone line carries one voice
    const sending = this.#sending.then(() => this.#sendFrames(chunk));
    this.#sending = sending.catch(() => undefined);
    return sending;
  }

  /**
   * Tells the bot to stop speaking (`clear`): its buffered audio is dropped,
   * so the answer in progress ends here (what arrived before is what the
   * caller heard); audio after the caller's next utterance is a new answer.
   */
  override async interrupt(): Promise<void> {
    await this.#send({ event: "clear" });
    this.#flush();
    this.queue.push(new AudioChunk({ data: new Uint8Array(0) }));
  }

  /** One `dtmf` event per key, as Media Streams delivers key presses. */
  override async sendDtmf(tones: string): Promise<void> {
    for (const digit of tones) await this.#send({ event: "dtmf", dtmf: { track: "inbound_track", digit } });
  }

  override toString(): string {
    return `${this.adapterName}(${redactUrl(this.options.url)})`;
  }

  async #sendFrames(chunk: AudioChunk): Promise<void> {
    const mulaw = toTelephone(chunk.data);
    const paced = this.options.paced !== false;
    const started = performance.now();
    for (let offset = 0, frame = 0; offset < mulaw.length; offset += FRAME_BYTES, frame++) {
      const payload = Buffer.from(mulaw.subarray(offset, offset + FRAME_BYTES)).toString("base64");
      await this.#send({
        event: "media",
        media: { track: "inbound", chunk: String(frame + 1), timestamp: String(this.#sentMs), payload },
      });
      this.#sentMs += 20;
      // real time: frame n leaves at n × 20 ms after the first, however long the sends took
      if (paced) await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (frame + 1) * 20 - performance.now())));
    }
    await this.#send({ event: "mark", mark: { name: "utterance_end" } });
  }

  /** One protocol message, numbered and stamped with the stream's id (but `connected`). */
  #send(message: Record<string, unknown>): Promise<void> {
    this.#sequence += 1;
    const framed = {
      ...message,
      sequenceNumber: String(this.#sequence),
      ...(message.event === "connected" ? {} : { streamSid: this.streamSid }),
    };
    return this.sendJson(framed);
  }

  protected onFrame(bytes: Buffer, binary: boolean): void {
    if (binary) {
      this.#buffer(new Uint8Array(bytes));
      return;
    }
    let message: { event?: string; media?: { payload?: string } };
    try {
      message = JSON.parse(bytes.toString("utf8"));
    } catch {
      return;
    }
    if (message.event === "media" && typeof message.media?.payload === "string")
      this.#buffer(new Uint8Array(Buffer.from(message.media.payload, "base64")));
    else if (message.event === "mark") {
      // a bot marks the end of what it sent (to learn when it has been played): the end of its answer
      this.#flush();
      this.queue.push(new AudioChunk({ data: new Uint8Array(0) }));
    } else if (message.event === "stop") {
      this.#flush();
      this.queue.fail(new Error("MediaStreamsAgentAdapter: the bot stopped the stream"));
    }
  }

  #buffer(mulaw: Uint8Array): void {
    this.#received.push(mulaw);
    this.#receivedBytes += mulaw.length;
    if (this.#receivedBytes >= FLUSH_BYTES) this.#flush();
  }

  #flush(): void {
    if (this.#receivedBytes === 0) return;
    const joined = concatPcm(this.#received);
    this.#received = [];
    this.#receivedBytes = 0;
    this.queue.push(new AudioChunk({ data: fromTelephone(joined) }));
  }
}
