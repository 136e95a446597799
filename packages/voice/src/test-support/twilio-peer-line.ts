import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { detectDtmf } from "../audio/dtmf.js";
import { decodeMulaw, encodeMulaw } from "../audio/mulaw.js";

/** What the fake agent on the phone does with what it heard: its spoken answer (8 kHz samples) and keys it presses. */
export type TwilioPeerBot = (heard: {
  samples: Int16Array;
  digits: string;
  turn: number;
}) => { audio?: Int16Array; keys?: string } | undefined;

/** Misbehaviours of the media line. */
export type LineMisbehaviour = "drop" | "odd" | "silent" | "stop" | "garbage" | undefined;

/** What the line records, for tests to assert. */
export interface LineLog {
  /** Every message the adapter sent on the stream. */
  received: Record<string, unknown>[];
  /** µ-law bytes of our audio Twilio received. */
  callerBytes: number;
  /** Each utterance the agent heard (8 kHz samples, voiced part). */
  utterances: Int16Array[];
  /** DTMF keys the agent heard in band. */
  digits: string;
  /** Answers the agent stopped because the caller talked over it. */
  bargeIns: number;
}

const SILENCE = new Uint8Array(160).fill(0xff);
const VOICED_RMS = 300;
const END_OF_UTTERANCE_TICKS = 15;

/** A 440 Hz tone of `frames` 20 ms frames at 8 kHz: the default agent's answer. */
export function tone(frames: number, frequency = 440): Int16Array {
  return Int16Array.from({ length: frames * 160 }, (_, index) =>
    Math.round(8000 * Math.sin((2 * Math.PI * frequency * index) / 8000)),
  );
}

/**
 * The media side of one fake Twilio call: connects to the `<Stream url>` as
 * Twilio does (signed handshake), sends `connected` and `start`, then every
 * 20 ms plays one frame of the caller's audio to the agent (or silence), and
 * sends one frame of the agent's voice (or line silence: a phone line never
 * stops). Marks are echoed once played, `clear` drops what is unplayed. The
 * agent hears an utterance end after 300 ms of quiet, answers through `bot`,
 * and stops when talked over.
 */
export class TwilioPeerLine {
  socket: WebSocket | undefined;
  readonly streamSid = `MZ${randomUUID().replace(/-/g, "")}`;
  private playback: (Uint8Array | string)[] = [];
  private answer: Uint8Array[] = [];
  private heard: number[] = [];
  private quietTicks = 0;
  private turn = 0;
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;
  private answerFramesSent = 0;
  private chunk = 0;
  private stopped = false;

  constructor(
    private readonly call: { callSid: string; accountSid: string; parameters: Record<string, string> },
    private readonly bot: TwilioPeerBot,
    private readonly log: LineLog,
    private readonly misbehaviour: LineMisbehaviour,
    private readonly onEnd: (reason: string) => void,
  ) {}

  /** Opens the stream; resolves false when the server refused the handshake. */
  async open(url: string, signature: string | undefined): Promise<boolean> {
    const socket = new WebSocket(url, { headers: signature ? { "x-twilio-signature": signature } : {} });
    const opened = await new Promise<boolean>((resolve) => {
      socket.once("open", () => resolve(true));
      socket.once("unexpected-response", () => resolve(false));
      socket.once("error", () => resolve(false));
    });
    if (!opened) return false;
    this.socket = socket;
    socket.on("message", (raw) => this.onMessage(JSON.parse(String(raw))));
    socket.on("close", () => this.finish("the stream was closed"));
    socket.send(JSON.stringify({ event: "connected", protocol: "Call", version: "1.0.0" }));
    this.send({
      event: "start",
      start: {
        streamSid: this.streamSid,
        accountSid: this.call.accountSid,
        callSid: this.call.callSid,
        tracks: ["inbound"],
        customParameters: this.call.parameters,
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
      },
    });
    this.timer = setInterval(() => this.tick(), 20);
    return true;
  }

  /** Hangs up: `stop`, then the socket closes. */
  hangUp(): void {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.send({ event: "stop", stop: { accountSid: this.call.accountSid, callSid: this.call.callSid } });
      this.socket.close(1000);
    }
    this.finish("hung up");
  }

  private finish(reason: string): void {
    clearInterval(this.timer);
    if (this.stopped) return;
    this.stopped = true;
    this.onEnd(reason);
  }

  private send(message: Record<string, unknown>): void {
    this.sequence += 1;
    if (this.socket?.readyState === WebSocket.OPEN)
      this.socket.send(JSON.stringify({ ...message, sequenceNumber: String(this.sequence), streamSid: this.streamSid }));
  }

  private onMessage(message: { event?: string; media?: { payload?: string }; mark?: { name?: string } }): void {
    this.log.received.push(message);
    if (message.event === "media" && message.media?.payload) {
      const bytes = new Uint8Array(Buffer.from(message.media.payload, "base64"));
      this.log.callerBytes += bytes.length;
      for (let offset = 0; offset < bytes.length; offset += 160) this.playback.push(bytes.subarray(offset, offset + 160));
    } else if (message.event === "mark" && message.mark?.name) this.playback.push(message.mark.name);
    else if (message.event === "clear") {
      for (const item of this.playback.splice(0)) if (typeof item === "string") this.echoMark(item);
    }
  }

  private echoMark(name: string): void {
    this.send({ event: "mark", mark: { name } });
  }

  private tick(): void {
    let played: Uint8Array = SILENCE;
    for (let item = this.playback.shift(); item !== undefined; item = this.playback.shift()) {
      if (typeof item === "string") this.echoMark(item);
      else {
        played = item;
        break;
      }
    }
    this.hear(played);
    this.speak();
  }

  private hear(frame: Uint8Array): void {
    const samples = decodeMulaw(frame);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    if (Math.sqrt(sum / samples.length) >= VOICED_RMS) {
      if (this.answer.length > 0) {
        this.answer = [];
        this.log.bargeIns += 1;
      }
      // quiet inside an utterance (DTMF gaps) is part of it
      if (this.heard.length > 0) for (let index = 0; index < this.quietTicks * 160; index++) this.heard.push(0);
      this.heard.push(...samples);
      this.quietTicks = 0;
      return;
    }
    if (this.heard.length === 0) return;
    this.quietTicks += 1;
    if (this.quietTicks < END_OF_UTTERANCE_TICKS) return;
    const utterance = Int16Array.from(this.heard);
    this.heard = [];
    this.quietTicks = 0;
    this.respond(utterance);
  }

  private respond(samples: Int16Array): void {
    const digits = detectDtmf(samples, 8000);
    this.log.utterances.push(samples);
    this.log.digits += digits;
    this.turn += 1;
    if (this.misbehaviour === "silent") return;
    if (this.misbehaviour === "garbage") {
      this.socket?.send(Buffer.from([1, 2, 3]), { binary: true });
      return;
    }
    if (this.misbehaviour === "stop") {
      this.hangUp();
      return;
    }
    const reply = this.bot({ samples, digits, turn: this.turn });
    for (const digit of reply?.keys ?? "") this.send({ event: "dtmf", dtmf: { track: "inbound_track", digit } });
    const mulaw = encodeMulaw(reply?.audio ?? new Int16Array(0));
    this.answer = [];
    for (let offset = 0; offset < mulaw.length; offset += 160) this.answer.push(mulaw.subarray(offset, offset + 160));
  }

  private speak(): void {
    const frame = this.answer.shift();
    if (frame && this.misbehaviour === "drop" && ++this.answerFramesSent > 3) {
      this.socket?.terminate();
      return;
    }
    let payload = frame ?? SILENCE;
    // odd payload lengths: the same audio, framed 161 and 159 bytes (µ-law has no half samples)
    if (frame && this.misbehaviour === "odd") {
      const next = this.answer[0];
      if (next && next.length === 160) {
        payload = Buffer.concat([frame, next.subarray(0, 1)]);
        this.answer[0] = next.subarray(1);
      }
    }
    this.chunk += 1;
    this.send({
      event: "media",
      media: {
        track: "inbound",
        chunk: String(this.chunk),
        timestamp: String(this.chunk * 20),
        payload: Buffer.from(payload).toString("base64"),
      },
    });
  }
}
