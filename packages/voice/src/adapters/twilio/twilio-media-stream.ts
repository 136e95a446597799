import type WebSocket from "ws";
import { AudioChunk } from "../../audio/audio-chunk.js";
import { closeSocket, frameBytes, sendFrame } from "../socket-connection.js";
import { fromTelephone, TELEPHONE_RATE } from "../telephone-audio.js";
import { SpeechGate, type SpeechGateOptions } from "./speech-gate.js";

const ADAPTER = "TwilioAgentAdapter";

/** What the stream's `start` message says about the call. */
export interface StreamStart {
  streamSid: string;
  callSid: string;
  accountSid: string;
  customParameters: Record<string, string>;
}

/** Where a stream delivers what it hears. */
export interface MediaStreamHandlers {
  /** `start` arrived (the stream is live). */
  started(start: StreamStart): void;
  /** The far end's speech, PCM16 24 kHz (silence dropped: see `SpeechGate`). */
  audio(chunk: AudioChunk): void;
  /** The far end pressed a key (Twilio detected it and sent a `dtmf` message). */
  dtmf(digit: string): void;
  /** The stream ended without us asking: `stop`, a lost socket, a protocol error. */
  ended(error: Error): void;
}

/**
 * One Twilio Media Stream, from our side (the WebSocket server Twilio
 * connected to, on `<Connect><Stream>`: bidirectional). Reads Twilio's
 * messages (`connected`, `start`, `media`, `dtmf`, `mark`, `stop`) and sends
 * ours (`media` µ-law frames, `mark`, `clear`), each stamped with the stream's id.
 */
export class TwilioMediaStream {
  streamSid = "";
  /** Names of our marks Twilio reported played (or cleared). */
  readonly playedMarks: string[] = [];
  private closing = false;
  private readonly gate: SpeechGate;

  constructor(
    private readonly socket: WebSocket,
    private readonly handlers: MediaStreamHandlers,
    gate: SpeechGateOptions = {},
  ) {
    this.gate = new SpeechGate((mulaw) => handlers.audio(new AudioChunk({ data: fromTelephone(mulaw) })), gate);
    socket.on("message", (data, binary) => this.onMessage(frameBytes(data), binary));
    socket.on("error", (error) => this.end(`the media stream failed: ${error.message}`));
    socket.on("close", (code, reason) =>
      this.end(`Twilio closed the media stream (${code}${reason.length ? ` ${reason.toString()}` : ""})`),
    );
  }

  /** Sends one frame of our audio (µ-law 8 kHz) for Twilio to play to the far end. */
  sendMedia(mulaw: Uint8Array): Promise<void> {
    return this.send({ event: "media", media: { payload: Buffer.from(mulaw).toString("base64") } });
  }

  /** Asks Twilio to report (with a `mark` message) when the audio sent so far has played. */
  sendMark(name: string): Promise<void> {
    return this.send({ event: "mark", mark: { name } });
  }

  /** Drops our audio Twilio has buffered and not played yet (`clear`), and what the gate holds of the far end. */
  async clear(): Promise<void> {
    this.gate.reset();
    await this.send({ event: "clear" });
  }

  /** Closes the socket (we end the stream: Twilio moves past `<Connect>`, which ends the call). */
  async close(): Promise<void> {
    this.closing = true;
    this.gate.reset();
    await closeSocket(this.socket);
  }

  private send(message: Record<string, unknown>): Promise<void> {
    return sendFrame(this.socket, JSON.stringify({ ...message, streamSid: this.streamSid }), ADAPTER);
  }

  private end(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.gate.flush();
    this.handlers.ended(new Error(`${ADAPTER}: ${reason}`));
  }

  private onMessage(bytes: Buffer, binary: boolean): void {
    let message: TwilioMessage;
    try {
      if (binary) throw new Error("binary");
      message = JSON.parse(bytes.toString("utf8"));
    } catch {
      this.end(`Twilio sent a frame that is not a Media Streams JSON message (${bytes.length} bytes${binary ? ", binary" : ""})`);
      this.socket.terminate();
      return;
    }
    switch (message.event) {
      case "start":
        this.onStart(message);
        return;
      case "media":
        if (typeof message.media?.payload === "string" && message.media.track !== "outbound")
          this.gate.feed(new Uint8Array(Buffer.from(message.media.payload, "base64")));
        return;
      case "dtmf":
        if (typeof message.dtmf?.digit === "string") this.handlers.dtmf(message.dtmf.digit);
        return;
      case "mark":
        if (typeof message.mark?.name === "string") this.playedMarks.push(message.mark.name);
        return;
      case "stop":
        this.end("the call ended: Twilio stopped the media stream (the far end hung up, or the call was ended)");
        return;
      default:
        // `connected`, and events added later: nothing to do
        return;
    }
  }

  private onStart(message: TwilioMessage): void {
    const start = message.start ?? {};
    const format = start.mediaFormat ?? {};
    if (format.encoding !== "audio/x-mulaw" || Number(format.sampleRate) !== TELEPHONE_RATE) {
      this.end(
        `the media stream's format is ${format.encoding}/${format.sampleRate}; expected audio/x-mulaw/8000 (Twilio's only format)`,
      );
      return;
    }
    this.streamSid = String(start.streamSid ?? message.streamSid ?? "");
    this.handlers.started({
      streamSid: this.streamSid,
      callSid: String(start.callSid ?? ""),
      accountSid: String(start.accountSid ?? ""),
      customParameters: start.customParameters ?? {},
    });
  }
}

interface TwilioMessage {
  event?: string;
  streamSid?: string;
  start?: {
    streamSid?: string;
    callSid?: string;
    accountSid?: string;
    customParameters?: Record<string, string>;
    mediaFormat?: { encoding?: string; sampleRate?: number | string };
  };
  media?: { track?: string; payload?: unknown };
  dtmf?: { digit?: unknown };
  mark?: { name?: unknown };
}
