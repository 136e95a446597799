import type WebSocket from "ws";
import type { VoiceSession } from "../../recording/voice-session.js";
import type { ChunkQueue } from "../chunk-queue.js";
import type { ResolvedTwilioOptions } from "./twilio-agent-adapter-options.js";
import { TwilioMediaStream } from "./twilio-media-stream.js";
import type { PhoneNumberConfig, TwilioRestClient } from "./twilio-rest-client.js";
import { TWILIO_PATHS, type TwilioWebhookServer } from "./twilio-webhook-server.js";
import { connectStreamTwiml, hangupTwiml, rejectTwiml } from "./twiml.js";

const NAME = "TwilioAgentAdapter";
/** Call statuses after which the call is over (Twilio's CallStatus values). */
const FINAL_STATUSES: Record<string, string> = {
  completed: "completed (the call was hung up)",
  busy: "busy (the agent's line was busy)",
  "no-answer": "no-answer (nobody answered before the ring timeout)",
  failed: "failed (Twilio could not connect it: check the number, the account's geographic permissions, the Twilio debugger)",
  canceled: "canceled (the call was canceled before it was answered)",
};

/** What a call needs from its adapter. */
export interface TwilioCallInit {
  mode: "call" | "answer";
  /** What the call is waiting for, for the timeout's message. */
  what: string;
  options: ResolvedTwilioOptions;
  rest: TwilioRestClient;
  server: TwilioWebhookServer;
  publicBase: string;
  queue: ChunkQueue;
  session: () => VoiceSession;
}

/**
 * One phone call's state, between the adapter and the server's callbacks:
 * which webhooks belong to it (its CallSid; in call mode, before the REST
 * answer named it, the number we dialled), its stream, its end (a final
 * status, `stop`, a lost socket: the queue fails so the run ends `error`),
 * and what to undo on `finish` (hang up; restore the number's VoiceUrl).
 */
export class TwilioCall {
  callSid: string | undefined;
  target: string | undefined;
  stream: TwilioMediaStream | undefined;
  ended: Error | undefined;
  /** Drop the agent's speech (after an interrupt, until our next utterance is sent). */
  muted = false;
  readonly queue: ChunkQueue;
  /** The stream said `start`: audio can flow. */
  live = false;
  private finishing = false;
  private snapshot: PhoneNumberConfig | undefined;
  private readonly rejectedCallers: string[] = [];
  private waiter: { resolve: (sid: string) => void; reject: (error: Error) => void } | undefined;

  constructor(private readonly init: TwilioCallInit) {
    this.queue = init.queue;
  }

  /** Resolves with the call SID once the stream is live; rejects when the call ends first or `callTimeoutMs` passes. */
  ready(): Promise<string> {
    const seconds = this.init.options.callTimeoutMs / 1000;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => this.end(new Error(this.timeoutMessage(seconds))), this.init.options.callTimeoutMs);
      this.waiter = {
        resolve: (sid) => {
          clearTimeout(timer);
          resolve(sid);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** Call mode: asks Twilio to call `to` from our number; resolves with the call SID once the stream is live. */
  async place(to: string): Promise<string> {
    this.target = to;
    const ready = this.ready();
    ready.catch(() => undefined);
    const { publicBase, rest, options } = this.init;
    const created = await rest.createCall({
      to,
      from: options.phoneNumber,
      url: publicBase + TWILIO_PATHS.voice,
      statusCallback: publicBase + TWILIO_PATHS.status,
    });
    this.callSid ??= created.sid;
    return ready;
  }

  /**
   * Answer mode: snapshots our number's voice settings, points them at this
   * server (`finish` restores them), and resolves with the call SID once the agent's call is live.
   */
  async answer(): Promise<string> {
    const ready = this.ready();
    ready.catch(() => undefined);
    const { publicBase, rest, options } = this.init;
    const number = await rest.findNumber(options.phoneNumber);
    this.snapshot = number;
    await rest.updateNumber(number.sid, {
      voiceUrl: publicBase + TWILIO_PATHS.voice,
      voiceMethod: "POST",
      statusCallback: publicBase + TWILIO_PATHS.status,
      statusCallbackMethod: "POST",
    });
    return ready;
  }

  /** The voice webhook (signature already checked): TwiML connecting our stream, or refusing the call. */
  onVoice(fields: Record<string, string | string[]>): string {
    const field = (name: string) => (typeof fields[name] === "string" ? (fields[name] as string) : "");
    const { options } = this.init;
    if (field("AccountSid") !== options.accountSid || this.live || this.ended) return hangupTwiml();
    if (this.init.mode === "call") {
      const ours = this.callSid ? field("CallSid") === this.callSid : field("To") === this.target;
      if (!ours) return hangupTwiml();
    } else {
      if (field("To") !== options.phoneNumber) return rejectTwiml();
      if (options.allowedCallers && !options.allowedCallers.includes(field("From"))) {
        this.rejectedCallers.push(field("From"));
        options.logger.debug(`${NAME}: rejected a call from ${field("From")} (not in allowedCallers)`);
        return rejectTwiml();
      }
    }
    this.callSid = field("CallSid");
    return connectStreamTwiml(this.init.publicBase.replace(/^http/i, "ws") + TWILIO_PATHS.stream, { callSid: this.callSid });
  }

  /** A status callback (signature checked): a final status of our call ends it. */
  onStatus(fields: Record<string, string | string[]>): void {
    const status = typeof fields.CallStatus === "string" ? fields.CallStatus : "";
    if (fields.CallSid !== this.callSid || !(status in FINAL_STATUSES)) return;
    const sip = typeof fields.SipResponseCode === "string" ? `, SIP ${fields.SipResponseCode}` : "";
    this.end(new Error(`${NAME}: the call ended: ${FINAL_STATUSES[status]}${sip}${this.live ? "" : this.whyNoStream()}`));
  }

  /** Twilio opened the media stream (handshake signature checked). */
  onStream(socket: WebSocket): void {
    if (this.stream || this.ended || !this.callSid) {
      socket.close(1008, "no stream expected");
      return;
    }
    const stream = new TwilioMediaStream(
      socket,
      {
        started: (start) => {
          if (start.callSid !== this.callSid) return this.end(new Error(`${NAME}: the media stream is for another call`));
          this.live = true;
          this.waiter?.resolve(start.callSid);
        },
        audio: (chunk) => {
          if (!this.muted) this.queue.push(chunk);
        },
        dtmf: (digit) => this.onDtmf(digit),
        ended: (error) => this.end(error),
      },
      this.init.options.speechGate,
    );
    this.stream = stream;
  }

  /** Undoes what the call did (hang up, restore the number), errors logged not thrown; closes the stream. */
  async finish(): Promise<void> {
    this.finishing = true;
    this.waiter?.reject(new Error(`${NAME}: closed while ${this.init.what}`));
    const { rest, options } = this.init;
    if (this.init.mode === "call" && this.callSid && !this.ended)
      await rest.endCall(this.callSid).catch((error: Error) => options.logger.debug(`${NAME}: hanging up: ${error.message}`));
    const snapshot = this.snapshot;
    if (snapshot)
      await rest
        .updateNumber(snapshot.sid, snapshot)
        .catch((error: Error) =>
          options.logger.warn(
            `${NAME}: could not restore the VoiceUrl of ${options.phoneNumber} to "${snapshot.voiceUrl}": ${error.message}. Restore it in the Twilio Console`,
          ),
        );
    await this.stream?.close();
  }

  private end(error: Error): void {
    if (this.finishing || this.ended) return;
    this.ended = error;
    this.queue.fail(error);
    this.waiter?.reject(error);
  }

  private onDtmf(digit: string): void {
    this.init.session().event("dtmf", { name: digit, metadata: { from: "agent" } });
    try {
      this.init.options.onDtmf?.(digit);
    } catch (error) {
      this.init.options.logger.warn(`${NAME}: onDtmf threw: ${(error as Error).message}`);
    }
  }

  private timeoutMessage(seconds: number): string {
    return `${NAME}: no media stream within ${seconds} s ${this.init.what}${this.whyNoStream()}`;
  }

  /** What the server refused so far ("" when nothing): the likely reason a call never got its stream. */
  private whyNoStream(): string {
    const refusals = this.init.server.refusals;
    const parts: string[] = [];
    if (refusals.length)
      parts.push(
        `refused ${refusals.length} request(s) (${refusals.slice(-2).join("; ")}): check authToken, and that publicBaseUrl is exactly the URL Twilio calls`,
      );
    if (this.rejectedCallers.length) parts.push(`rejected calls from ${this.rejectedCallers.join(", ")} (not in allowedCallers)`);
    return parts.map((part) => `; ${part}`).join("");
  }
}
