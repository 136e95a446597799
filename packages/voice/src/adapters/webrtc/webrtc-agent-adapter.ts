import type { RTCPeerConnection, RTCRtpTransceiver } from "werift";
import { AudioChunk } from "../../audio/audio-chunk.js";
import { dtmfSamples } from "../../audio/dtmf.js";
import { fromSamples } from "../../audio/pcm.js";
import { INSPECT } from "../../speech/redacted.js";
import { AdapterCapabilities } from "../capabilities.js";
import { ChunkQueue } from "../chunk-queue.js";
import { VoiceAgentAdapter } from "../voice-agent-adapter.js";
import { redactUrl } from "../websocket-agent-adapter.js";
import { openPeerSession, type PeerSession } from "./peer-session.js";
import type { IceOptions } from "./private-peer-connection.js";
import { RtpAudioReceiver } from "./rtp-audio-receiver.js";
import { RtpAudioSender } from "./rtp-audio-sender.js";
import type { Signal } from "./whip-signaling.js";

/** Options of `WebRTCAgentAdapter`: WHIP signalling (`signalingUrl`, `token`) or your own (`signal`). */
export interface WebRTCAgentAdapterOptions extends IceOptions {
  /** A WHIP endpoint (RFC 9725): the offer is POSTed to it, the session DELETEd on close. */
  signalingUrl?: string;
  /** Sent as `Authorization: Bearer …` to the WHIP endpoint; never shown in `toString`, logs or errors. */
  token?: string;
  /** Other signalling: trades the offer SDP (all candidates included) for the peer's answer SDP. */
  signal?: Signal;
  /** Send the user's audio in real time, one 20 ms packet per 20 ms, as a microphone does (default true). */
  paced?: boolean;
  /**
   * Seconds of silence sent after each utterance (default 0.3), so a peer
   * that finds the end of the user's turn by voice activity detection hears it end.
   */
  trailingSilence?: number;
  /**
   * Open the control data channel `rehearse` (default true): JSON text
   * messages, `{"type":"end_of_turn"}` both ways — sent after each of the
   * user's utterances; from the peer, it ends the agent's answer at once
   * (otherwise the tail silence does). Its closing tells at once that the
   * peer hung up. A peer that rejects the data channel still gets audio.
   */
  dataChannel?: boolean;
  /** Seconds to wait for the answer and for the connection (ICE and DTLS) to come up (default 10). */
  connectTimeout?: number;
}

/**
 * A voice agent behind a real WebRTC peer connection (werift: ICE, DTLS-SRTP,
 * RTP). Signalling is WHIP-style HTTP — the offer POSTed as
 * `application/sdp`, a `201 Created` with the answer and a `Location`,
 * `DELETE` on close — or any `signal(offerSdp) => answerSdp` you supply.
 *
 * Audio is PCMU (G.711 µ-law, 8 kHz, payload type 0) in 20 ms packets, paced
 * in real time; the peer's packets come back as PCM16 24 kHz chunks,
 * reordered within 60 ms. A control data channel carries end-of-turn
 * messages (see `dataChannel`). Opus, what most WebRTC peers prefer, is not
 * supported (this package has no Opus codec): a peer that answers with Opus
 * only is an error saying so. RTP has no end-of-answer signal: without the
 * peer's `end_of_turn`, the drain's tail silence (`responseTailSilence`)
 * ends each answer. DTMF is sent in
 * band, as tones in the audio (no RFC 4733 events). No interrupt signal.
 *
 * Private by default: ICE contacts no STUN/TURN server unless `iceServers`
 * names one (werift's built-in Google STUN fallback is switched off),
 * gathers IPv4 host candidates only (`hostAddresses` narrows them, e.g. to
 * `["127.0.0.1"]`) and never resolves mDNS candidates. A failed signalling,
 * a connection that drops, or a malformed packet ends the run `error` with the reason.
 *
 * @example
 * const bot = new WebRTCAgentAdapter({ signalingUrl: "https://bot.example/whip", token: process.env.BOT_TOKEN });
 */
export class WebRTCAgentAdapter extends VoiceAgentAdapter {
  override capabilities = new AdapterCapabilities({
    dtmf: true,
    inputFormats: ["pcm16/24000", "mulaw/8000"],
    outputFormats: ["pcm16/24000", "mulaw/8000"],
  });
  readonly #options: WebRTCAgentAdapterOptions;
  #queue = new ChunkQueue("WebRTCAgentAdapter");
  #session: PeerSession | undefined;
  #sender: RtpAudioSender | undefined;
  #receiver: RtpAudioReceiver | undefined;
  #lost: Error | undefined;
  #closing = false;
  #sending: Promise<void> = Promise.resolve();

  /** `new WebRTCAgentAdapter(signalingUrl, options?)`, or `new WebRTCAgentAdapter({ signalingUrl | signal, … })`. */
  constructor(target: string | WebRTCAgentAdapterOptions, options: Omit<WebRTCAgentAdapterOptions, "signalingUrl"> = {}) {
    super();
    this.name = "WebRTCAgentAdapter";
    this.#options = typeof target === "string" ? { ...options, signalingUrl: target } : { ...target };
    const { signalingUrl, signal } = this.#options;
    if (!signal && !/^https?:\/\//i.test(signalingUrl ?? ""))
      throw new TypeError(
        "WebRTCAgentAdapter: give signalingUrl (a WHIP endpoint, http:// or https://) or signal (a function trading an offer SDP for an answer SDP)",
      );
  }

  async connect(): Promise<void> {
    this.#queue = new ChunkQueue(this.name ?? "WebRTCAgentAdapter");
    this.#lost = undefined;
    this.#closing = false;
    const receiver = new RtpAudioReceiver(
      (chunk) => this.#queue.push(chunk),
      (error) => this.#fail(error),
      "WebRTCAgentAdapter",
    );
    this.#receiver = receiver;
    this.#session = await openPeerSession({
      ...this.#options,
      adapter: "WebRTCAgentAdapter",
      shown: this.#shown(),
      connectTimeout: this.#options.connectTimeout ?? 10,
      onRtp: (packet) => receiver.push(packet),
      onControl: (message) => {
        if (message.type !== "end_of_turn") return;
        receiver.flush();
        this.#queue.push(new AudioChunk({ data: new Uint8Array(0) }));
      },
      onLost: (reason) => this.#fail(new Error(`WebRTCAgentAdapter: ${reason}`)),
      closing: () => this.#closing,
    });
    const transceiver: RTCRtpTransceiver = this.#session.transceiver;
    this.#sender = new RtpAudioSender((packet) => transceiver.sender.sendRtp(packet), this.#options.paced !== false);
  }

  async disconnect(): Promise<void> {
    this.#closing = true;
    this.#receiver?.flush();
    const session = this.#session;
    this.#session = undefined;
    this.#sender = undefined;
    await session?.close();
  }

  override recvAudio(timeoutSeconds: number, signal?: AbortSignal): Promise<AudioChunk> {
    if (!this.#session) throw new Error("WebRTCAgentAdapter: not connected (call connect() first, or run it with runVoice)");
    return this.#queue.take(timeoutSeconds, signal);
  }

  /** The user's audio as 20 ms PCMU packets (paced unless `paced: false`), then `trailingSilence` of silence. */
  sendAudio(chunk: AudioChunk): Promise<void> {
    // one utterance at a time, as one microphone carries one voice
    const sending = this.#sending.then(() => this.#send(chunk.data));
    this.#sending = sending.catch(() => undefined);
    return sending;
  }

  /** DTMF in band: the keys' dual tones (100 ms each) in the audio, which survive PCMU. */
  override async sendDtmf(tones: string): Promise<void> {
    await this.sendAudio(new AudioChunk({ data: fromSamples(dtmfSamples(tones)) }));
  }

  /** The peer connection while connected (its state, stats), for diagnostics. */
  get peerConnection(): RTCPeerConnection | undefined {
    return this.#session?.peer;
  }

  override toString(): string {
    return `WebRTCAgentAdapter(${this.#shown()})`;
  }

  [INSPECT](): string {
    return this.toString();
  }

  /** JSON shows what `toString` shows: never the token. */
  toJSON(): string {
    return this.toString();
  }

  async #send(pcm: Uint8Array): Promise<void> {
    const sender = this.#sender;
    if (!sender) throw new Error("WebRTCAgentAdapter: not connected (call connect() first, or run it with runVoice)");
    await sender.send(pcm, this.#options.trailingSilence ?? 0.3, () => {
      if (this.#lost) throw this.#lost;
    });
    const channel = this.#session?.channel;
    if (channel?.readyState === "open") channel.send(JSON.stringify({ type: "end_of_turn" }));
  }

  #fail(error: Error): void {
    // what arrived before the loss is heard first: the queue hands out its chunks before the failure
    this.#receiver?.flush();
    this.#lost ??= error;
    this.#queue.fail(error);
  }

  #shown(): string {
    const { signalingUrl, token } = this.#options;
    const where = signalingUrl ? redactUrl(signalingUrl) : "signal=custom";
    return token ? `${where}, token=***` : where;
  }
}
