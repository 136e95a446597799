import { AudioChunk } from "../../audio/audio-chunk.js";
import { checkDtmf, dtmfSamples } from "../../audio/dtmf.js";
import { encodeMulaw } from "../../audio/mulaw.js";
import { INSPECT, REDACTED } from "../../speech/redacted.js";
import { AdapterCapabilities } from "../capabilities.js";
import { ChunkQueue } from "../chunk-queue.js";
import { PacedLine, TELEPHONE_RATE, toTelephone } from "../telephone-audio.js";
import { VoiceAgentAdapter } from "../voice-agent-adapter.js";
import { checkE164 } from "./e164.js";
import {
  checkPublicBaseUrl,
  type ResolvedTwilioOptions,
  resolveTwilioOptions,
  type TwilioAgentAdapterOptions,
} from "./twilio-agent-adapter-options.js";
import { TwilioCall } from "./twilio-call.js";
import type { TwilioMediaStream } from "./twilio-media-stream.js";
import { TwilioRestClient } from "./twilio-rest-client.js";
import { TwilioWebhookServer } from "./twilio-webhook-server.js";
import { hangupTwiml } from "./twiml.js";

const NAME = "TwilioAgentAdapter";

/**
 * A voice agent on the phone, reached through Twilio: the adapter runs the
 * server Twilio calls (voice webhook, status callbacks, Media Streams
 * WebSocket; every request's `X-Twilio-Signature` checked) and plays the
 * caller. Two modes, exclusive: `placeCall(to)` (option `call`) dials the
 * agent's number and, once it answers, connects the call to our stream with
 * `<Connect><Stream>`; `waitForCall()` (option `answer`) points our number's
 * VoiceUrl at the webhook until `close()` restores it, and takes the agent's
 * call. With `call` or `answer` set, `runVoice` (or the first turn) opens the
 * call; otherwise call `placeCall`/`waitForCall` yourself before the script.
 *
 * The caller's audio goes out as 20 ms µ-law frames paced in real time; the
 * agent's speech comes back at 24 kHz with line silence dropped (see
 * `SpeechGate`). `interrupt()` sends `clear`. DTMF is sent in band, as tones
 * inside the audio: G.711 carries them intact, and the alternative (updating
 * the call's TwiML to `<Play digits>`) would end the `<Connect><Stream>` and
 * with it the call. Keys the agent presses arrive as `dtmf` messages (`onDtmf`).
 * A call that is busy, unanswered, failed or hung up, a dropped stream, or no
 * stream within `callTimeoutMs` ends the run `error` with the reason.
 * The auth token never appears in `toString`, JSON, errors or logs.
 *
 * @example
 * const bot = new TwilioAgentAdapter({ accountSid, authToken, phoneNumber: "+14155550100",
 *   publicBaseUrl: "https://abc.ngrok.app", call: "+14155550199" });
 * await runVoice({ name: "phone refund", description: "…", agents: [bot, caller], script: [voice.user("hi"), voice.agent()] });
 */
export class TwilioAgentAdapter extends VoiceAgentAdapter {
  override capabilities = new AdapterCapabilities({
    dtmf: true,
    interruption: true,
    inputFormats: ["pcm16/24000", "mulaw/8000"],
    outputFormats: ["pcm16/24000", "mulaw/8000"],
  });
  readonly #options: ResolvedTwilioOptions;
  readonly #authToken: string;
  readonly #rest: TwilioRestClient;
  #server: TwilioWebhookServer | undefined;
  #call: TwilioCall | undefined;
  #mode: "call" | "answer" | undefined;
  #publicBase = "";
  #line: PacedLine;

  constructor(options: TwilioAgentAdapterOptions) {
    super();
    this.name = NAME;
    this.#options = resolveTwilioOptions(options);
    this.#authToken = options.authToken;
    this.#line = new PacedLine(this.#options.paced !== false);
    this.#rest = new TwilioRestClient(this.#options.accountSid, this.#authToken, this.#options.apiBaseUrl);
  }

  /** "call" (we dialled the agent), "answer" (the agent calls us), or undefined before either. */
  get mode(): "call" | "answer" | undefined {
    return this.#mode;
  }

  /** The live call's SID, once Twilio named it. */
  get callSid(): string | undefined {
    return this.#call?.callSid;
  }

  /** The public URL in use (resolved once the server listens). */
  get publicBaseUrl(): string {
    return this.#publicBase;
  }

  /** Starts the server; with option `call` places the call, with `answer` waits for one (both wait for the stream). */
  async connect(): Promise<void> {
    const server = new TwilioWebhookServer(
      {
        host: this.#options.host,
        port: this.#options.port,
        validateSignature: this.#options.validateSignature,
        authToken: this.#authToken,
      },
      {
        voice: (fields) => this.#call?.onVoice(fields) ?? this.#noCall(),
        status: (fields) => this.#call?.onStatus(fields),
        stream: (socket) => (this.#call ? this.#call.onStream(socket) : socket.close(1008, "no call expected")),
      },
    );
    this.#server = server;
    try {
      const local = await server.listen();
      const base = this.#options.publicBaseUrl;
      this.#publicBase = checkPublicBaseUrl(typeof base === "function" ? base(local) : base);
      server.usePublicBase(this.#publicBase);
      if (this.#options.call) await this.#placeCall(this.#options.call);
      else if (this.#options.answer) await this.#waitForCall();
    } catch (error) {
      await this.disconnect();
      throw error;
    }
  }

  /** Calls `to` (the agent's number, E.164) and waits until its answer is connected to our stream; resolves with the call SID. */
  async placeCall(to: string): Promise<string> {
    await this.open();
    return this.#placeCall(to);
  }

  /** Points our number at this server and waits for the agent's call to be connected; resolves with the call SID. */
  async waitForCall(): Promise<string> {
    await this.open();
    return this.#waitForCall();
  }

  /** Hangs up (call mode) or restores our number's VoiceUrl (answer mode), errors only logged; stops the server. */
  async disconnect(): Promise<void> {
    this.#line.abort();
    const call = this.#call;
    this.#call = undefined;
    this.#mode = undefined;
    await call?.finish();
    await this.#server?.close();
    this.#server = undefined;
  }

  /** The caller's audio as paced 20 ms µ-law frames (one utterance at a time, as one line carries one voice). */
  sendAudio(chunk: AudioChunk): Promise<void> {
    return this.#sendLine(toTelephone(chunk.data));
  }

  /** Keys pressed on the caller's phone, as in-band DTMF tones on the stream (see the class comment for why). */
  override sendDtmf(tones: string): Promise<void> {
    return this.#sendLine(encodeMulaw(dtmfSamples(checkDtmf(tones), TELEPHONE_RATE)));
  }

  override recvAudio(timeoutSeconds: number, signal?: AbortSignal): Promise<AudioChunk> {
    const call = this.#call;
    if (!call) return Promise.reject(this.#noStream());
    return call.queue.take(timeoutSeconds, signal);
  }

  /**
   * The caller barges in: `clear` drops our audio Twilio has not played, the
   * answer being received ends here, and the agent's speech until our next
   * utterance has been sent is dropped (it talks over the caller: not the answer).
   */
  override async interrupt(): Promise<void> {
    const call = this.#liveCall();
    this.#line.abort();
    call.muted = true;
    await call.stream?.clear();
    call.queue.clear();
    call.queue.push(new AudioChunk({ data: new Uint8Array(0) }));
  }

  override toString(): string {
    const fields = Object.entries(this.toJSON()).map(([key, value]) => `${key}=${value}`);
    return `${NAME}(${fields.join(", ")})`;
  }

  /** What the adapter shows of itself (logs, reports): never the auth token. */
  toJSON(): Record<string, string> {
    return {
      phoneNumber: this.#options.phoneNumber,
      ...(this.#mode ? { mode: this.#mode } : {}),
      ...(this.#publicBase ? { publicBaseUrl: this.#publicBase } : {}),
      accountSid: this.#options.accountSid,
      authToken: REDACTED,
    };
  }

  [INSPECT](): string {
    return this.toString();
  }

  #placeCall(to: string): Promise<string> {
    checkE164(to, "the number to call");
    return this.#startCall("call", `calling ${to}`).place(to);
  }

  #waitForCall(): Promise<string> {
    return this.#startCall("answer", `waiting for a call to ${this.#options.phoneNumber}`).answer();
  }

  #startCall(mode: "call" | "answer", what: string): TwilioCall {
    if (this.#mode && this.#mode !== mode)
      throw new Error(`${NAME}: already in '${this.#mode}' mode; cannot switch to '${mode}'. Disconnect (close()) and reconnect`);
    if (this.#call) throw new Error(`${NAME}: a call is already live in '${mode}' mode; close() it before another`);
    if (!this.#server) throw new Error(`${NAME}: not connected; call connect() or open() first (runVoice does)`);
    this.#mode = mode;
    this.#call = new TwilioCall({
      mode,
      what,
      options: this.#options,
      rest: this.#rest,
      server: this.#server,
      publicBase: this.#publicBase,
      queue: new ChunkQueue(NAME),
      session: () => this.voiceSession(),
    });
    return this.#call;
  }

  #sendLine(mulaw: Uint8Array): Promise<void> {
    let call: TwilioCall | undefined;
    let liftsMute = false;
    const sending = this.#line.send(mulaw, () => {
      call = this.#liveCall();
      liftsMute = call.muted;
      const stream = call.stream as TwilioMediaStream;
      return (frame) => stream.sendMedia(frame);
    });
    // once the caller has spoken again (after an interrupt), the agent's speech is an answer again
    return sending.then(() => {
      if (liftsMute && call) call.muted = false;
    });
  }

  #liveCall(): TwilioCall {
    const call = this.#call;
    if (!call?.live || call.ended) throw call?.ended ?? this.#noStream();
    return call;
  }

  #noStream(): Error {
    return this.#server
      ? new Error(`${NAME}: no live media stream. Call placeCall() or waitForCall() first (or set the call or answer option)`)
      : new Error(`${NAME}: not connected; call connect() or open() first, or run it with runVoice`);
  }

  #noCall(): string {
    this.#options.logger.debug(`${NAME}: a voice webhook came while no call was expected; hung up`);
    return hangupTwiml();
  }
}
