import { createConsoleLogger, type Logger } from "@rehearse/core";
import { checkE164 } from "./e164.js";
import type { SpeechGateOptions } from "./speech-gate.js";
import { TWILIO_API_BASE_URL } from "./twilio-rest-client.js";

/** The server's local address, for a `publicBaseUrl` computed once it listens (a tunnel, or a test on port 0). */
export interface LocalAddress {
  host: string;
  port: number;
}

/** Options of `TwilioAgentAdapter`. */
export interface TwilioAgentAdapterOptions {
  /** The account SID (`AC…`). */
  accountSid: string;
  /** The account's auth token: signs and checks webhooks, authenticates REST. Never shown. */
  authToken: string;
  /** Our number on the account (E.164): the caller ID in call mode, the number the agent dials in answer mode. */
  phoneNumber: string;
  /**
   * The public URL Twilio reaches this adapter's server at (https://…, a
   * tunnel to `host:port`), or a function of the local address giving it.
   * Signatures are computed over it: it must be exactly what Twilio calls.
   */
  publicBaseUrl: string | ((local: LocalAddress) => string);
  /** Call this number (the agent's) when the run opens the adapter: "call" mode. */
  call?: string;
  /** Wait for the agent to call `phoneNumber` when the run opens the adapter: "answer" mode. */
  answer?: boolean;
  /** In answer mode, the only numbers whose calls are taken (others get `<Reject/>`). */
  allowedCallers?: readonly string[];
  /** Refuse webhooks and streams without Twilio's signature (default true; false logs a warning). */
  validateSignature?: boolean;
  /** The local server's port (default 8765; 0 picks a free one). */
  port?: number;
  /** The local server's address (default 127.0.0.1: a tunnel forwards to it). */
  host?: string;
  /** Twilio's REST API (default https://api.twilio.com; a local fake in tests). */
  apiBaseUrl?: string;
  /** Called with each key the agent presses (Media Streams `dtmf` messages). */
  onDtmf?: (digit: string) => void;
  /** How long to wait for the call's media stream, in ms (default 60 000). */
  callTimeoutMs?: number;
  /** Send the caller's audio in real time, 20 ms per 20 ms frame (default true, as a phone line does). */
  paced?: boolean;
  /** How the agent's speech is told from line silence. */
  speechGate?: SpeechGateOptions;
  /** Where warnings go (default: the console logger at `warn`). */
  logger?: Pick<Logger, "warn" | "debug">;
}

/** The options checked, defaults applied, the auth token set apart. */
export type ResolvedTwilioOptions = Required<
  Pick<TwilioAgentAdapterOptions, "accountSid" | "phoneNumber" | "validateSignature" | "port" | "host" | "apiBaseUrl">
> &
  Pick<TwilioAgentAdapterOptions, "publicBaseUrl" | "call" | "answer" | "allowedCallers" | "onDtmf" | "paced" | "speechGate"> & {
    callTimeoutMs: number;
    logger: Pick<Logger, "warn" | "debug">;
  };

/** Checks `options` (a TypeError naming the wrong one and what to do), and returns them without the auth token. */
export function resolveTwilioOptions(options: TwilioAgentAdapterOptions): ResolvedTwilioOptions {
  const { authToken, ...rest } = options;
  if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid ?? ""))
    throw new TypeError("TwilioAgentAdapter: accountSid must be the account SID, AC followed by 32 hex digits (Twilio Console)");
  if (typeof authToken !== "string" || authToken.trim() === "")
    throw new TypeError("TwilioAgentAdapter: authToken is required (Twilio Console → Account → API keys & tokens)");
  checkE164(options.phoneNumber, "phoneNumber");
  if (options.call !== undefined) checkE164(options.call, "call");
  for (const caller of options.allowedCallers ?? []) checkE164(caller, "each of allowedCallers");
  if (options.call !== undefined && options.answer)
    throw new TypeError("TwilioAgentAdapter: call and answer exclude each other: either we call the agent, or it calls us");
  const publicBaseUrl = options.publicBaseUrl;
  if (typeof publicBaseUrl !== "function") checkPublicBaseUrl(publicBaseUrl);
  const logger = options.logger ?? createConsoleLogger("warn");
  const validateSignature = options.validateSignature ?? true;
  if (!validateSignature)
    logger.warn(
      "TwilioAgentAdapter: validateSignature is false: the webhook and media stream accept unsigned requests, so anyone who knows the public URL can inject a call. Use it only for local experiments",
    );
  return {
    ...rest,
    validateSignature,
    port: options.port ?? 8765,
    host: options.host ?? "127.0.0.1",
    apiBaseUrl: options.apiBaseUrl ?? TWILIO_API_BASE_URL,
    callTimeoutMs: options.callTimeoutMs ?? 60_000,
    logger,
  };
}

/** `url` when it is an http(s) URL without query or fragment (Twilio calls paths under it); otherwise a TypeError. */
export function checkPublicBaseUrl(url: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(String(url));
  } catch {
    parsed = undefined;
  }
  if (typeof url !== "string" || !parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash)
    throw new TypeError(
      `TwilioAgentAdapter: publicBaseUrl must be the public http(s) URL Twilio reaches this adapter's server at (a tunnel such as https://abc.ngrok.app, or a stable HTTPS host), without query; got ${JSON.stringify(url)}`,
    );
  return url.replace(/\/+$/, "");
}
