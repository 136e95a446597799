import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { formFields, twilioSignature } from "../adapters/twilio/twilio-signature.js";
import { type LineLog, type TwilioPeerBot, TwilioPeerLine, tone } from "./twilio-peer-line.js";

/** Ways the fake Twilio (or the agent behind it) misbehaves. */
export type TwilioPeerMisbehaviour =
  | "drop" // the media socket drops mid-answer
  | "odd" // media payloads of 161 and 159 bytes
  | "silent" // the agent never says anything (the line carries silence)
  | "stop" // the agent hangs up after the first utterance
  | "garbage" // a binary frame instead of Media Streams JSON
  | "rest-error" // Calls.json answers 400 (Twilio error 21211)
  | "wrong-signature" // webhooks and the stream handshake signed with another token
  | "unsigned" // no X-Twilio-Signature at all
  | "forged-stream" // webhooks signed right, the stream handshake with another token
  | "busy"
  | "failed"
  | "no-answer";

/** How the fake Twilio is set up. */
export interface TwilioPeerOptions {
  accountSid: string;
  authToken: string;
  /** Numbers of the account (IncomingPhoneNumbers), by E.164 number, with their VoiceUrl. */
  numbers?: Record<string, string>;
  bot?: TwilioPeerBot;
  misbehave?: TwilioPeerMisbehaviour;
  /** Answer mode: once a number's VoiceUrl changes, the agent calls it from these numbers, in turn, until one connects. */
  dialInFrom?: string[];
}

/** A webhook Twilio posted, and what came back. */
export interface PostedWebhook {
  url: string;
  fields: Record<string, string>;
  status: number;
  body: string;
}

/**
 * A fake Twilio on 127.0.0.1, for tests: the REST endpoints the adapter uses
 * (Basic auth checked; errors as Twilio's JSON), and the call flow — on
 * `Calls.json` it posts the signed voice webhook, reads the TwiML's
 * `<Stream url>`, and connects as Media Streams (`TwilioPeerLine`), posting
 * signed status callbacks when the call ends or never connects. Answer mode:
 * after a number's VoiceUrl changes, the agent dials in (`dialInFrom`).
 */
export async function startTwilioPeer(options: TwilioPeerOptions) {
  const numbers = new Map(
    Object.entries(options.numbers ?? {}).map(([number, voiceUrl], index) => [
      number,
      {
        sid: `PN${String(index).padStart(32, "0")}`,
        number,
        voiceUrl,
        voiceMethod: "POST",
        statusCallback: "",
        statusCallbackMethod: "POST",
      },
    ]),
  );
  const log = {
    requests: [] as { method: string; path: string; fields: Record<string, string>; status: number }[],
    webhooks: [] as PostedWebhook[],
    statusCallbacks: [] as PostedWebhook[],
    numberUpdates: [] as Record<string, string>[],
    streamsRefused: 0,
    streamsOpened: 0,
    line: { received: [], callerBytes: 0, utterances: [], digits: "", bargeIns: 0 } as LineLog,
  };
  const lines = new Map<string, TwilioPeerLine>();
  const bot: TwilioPeerBot = options.bot ?? (() => ({ audio: tone(25) }));
  const signingToken = options.misbehave === "wrong-signature" ? "not-the-auth-token" : options.authToken;
  const sign = (url: string, fields?: Record<string, string>) => {
    if (options.misbehave === "unsigned") return undefined;
    const forged = options.misbehave === "forged-stream" && fields === undefined;
    return twilioSignature(forged ? "not-the-auth-token" : signingToken, url, fields ?? {});
  };

  async function post(url: string, fields: Record<string, string>): Promise<PostedWebhook> {
    const signature = sign(url, fields);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(signature ? { "x-twilio-signature": signature } : {}),
        },
        body: new URLSearchParams(fields).toString(),
      });
      return { url, fields, status: response.status, body: await response.text() };
    } catch (error) {
      return { url, fields, status: 0, body: String(error) };
    }
  }

  async function postStatus(url: string, call: Record<string, string>, status: string): Promise<void> {
    if (url) log.statusCallbacks.push(await post(url, { ...call, CallStatus: status }));
  }

  /** Runs a call whose voice webhook is `voiceUrl`; resolves true once its stream is open. */
  async function runCall(call: Record<string, string>, voiceUrl: string, statusUrl: string): Promise<boolean> {
    const failure = ({ busy: "busy", failed: "failed", "no-answer": "no-answer" } as Record<string, string>)[
      options.misbehave ?? ""
    ];
    if (failure) {
      await postStatus(statusUrl, call, failure);
      return false;
    }
    const webhook = await post(voiceUrl, { ...call, CallStatus: call.Direction === "inbound" ? "ringing" : "in-progress" });
    log.webhooks.push(webhook);
    const streamUrl = /<Stream\b[^>]*\burl="([^"]*)"/.exec(webhook.body)?.[1];
    if (webhook.status !== 200 || !streamUrl) {
      if (!/<Reject/.test(webhook.body)) await postStatus(statusUrl, call, "completed");
      return false;
    }
    const parameters: Record<string, string> = {};
    for (const [, name, value] of webhook.body.matchAll(/<Parameter name="([^"]*)" value="([^"]*)"/g))
      parameters[unescapeXml(name ?? "")] = unescapeXml(value ?? "");
    const url = unescapeXml(streamUrl);
    const lineMisbehaviour = ["drop", "odd", "silent", "stop", "garbage"].includes(options.misbehave ?? "")
      ? options.misbehave
      : undefined;
    const line = new TwilioPeerLine(
      { callSid: call.CallSid ?? "", accountSid: options.accountSid, parameters },
      bot,
      log.line,
      lineMisbehaviour as "drop" | undefined,
      () => void postStatus(statusUrl, call, "completed"),
    );
    const opened = await line.open(url, sign(url));
    if (!opened) {
      log.streamsRefused += 1;
      await postStatus(statusUrl, call, "completed");
      return false;
    }
    log.streamsOpened += 1;
    lines.set(call.CallSid ?? "", line);
    return true;
  }

  async function dialIn(number: { number: string; voiceUrl: string; statusCallback: string }): Promise<void> {
    for (const from of options.dialInFrom ?? []) {
      const call = {
        AccountSid: options.accountSid,
        ApiVersion: "2010-04-01",
        CallSid: newSid("CA"),
        Direction: "inbound",
        From: from,
        To: number.number,
        Caller: from,
        Called: number.number,
      };
      if (await runCall(call, number.voiceUrl, number.statusCallback)) return;
    }
  }

  const rest = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    let body = "";
    for await (const piece of request) body += piece;
    const fields = formFields(body) as Record<string, string>;
    const reply = (status: number, json: Record<string, unknown>) => {
      log.requests.push({ method: request.method ?? "", path: url.pathname, fields, status });
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    };
    const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
    const prefix = `/2010-04-01/Accounts/${options.accountSid}/`;
    if (request.headers.authorization !== expected || !url.pathname.startsWith(prefix))
      return reply(401, {
        code: 20003,
        message: "Authenticate",
        more_info: "https://www.twilio.com/docs/errors/20003",
        status: 401,
      });
    const path = url.pathname.slice(prefix.length);
    if (path === "Calls.json" && request.method === "POST") {
      if (options.misbehave === "rest-error")
        return reply(400, {
          code: 21211,
          message: `The 'To' number ${fields.To} is not a valid phone number.`,
          more_info: "https://www.twilio.com/docs/errors/21211",
          status: 400,
        });
      const sid = newSid("CA");
      reply(201, {
        sid,
        account_sid: options.accountSid,
        to: fields.To,
        from: fields.From,
        status: "queued",
        direction: "outbound-api",
      });
      const call = {
        AccountSid: options.accountSid,
        ApiVersion: "2010-04-01",
        CallSid: sid,
        Direction: "outbound-api",
        From: fields.From ?? "",
        To: fields.To ?? "",
        Caller: fields.From ?? "",
        Called: fields.To ?? "",
      };
      setTimeout(() => void runCall(call, fields.Url ?? "", fields.StatusCallback ?? ""), 20);
      return;
    }
    const callUpdate = /^Calls\/(CA\w+)\.json$/.exec(path);
    if (callUpdate && request.method === "POST") {
      if (fields.Status === "completed") lines.get(callUpdate[1] ?? "")?.hangUp();
      return reply(200, { sid: callUpdate[1], status: fields.Status ?? "in-progress" });
    }
    if (path === "IncomingPhoneNumbers.json" && request.method === "GET") {
      const found = numbers.get(url.searchParams.get("PhoneNumber") ?? "");
      return reply(200, {
        incoming_phone_numbers: found
          ? [
              {
                sid: found.sid,
                phone_number: found.number,
                voice_url: found.voiceUrl,
                voice_method: found.voiceMethod,
                status_callback: found.statusCallback,
                status_callback_method: found.statusCallbackMethod,
              },
            ]
          : [],
      });
    }
    const numberUpdate = /^IncomingPhoneNumbers\/(PN\w+)\.json$/.exec(path);
    const number = [...numbers.values()].find((candidate) => candidate.sid === numberUpdate?.[1]);
    if (number && request.method === "POST") {
      log.numberUpdates.push(fields);
      const changed = fields.VoiceUrl !== undefined && fields.VoiceUrl !== number.voiceUrl;
      number.voiceUrl = fields.VoiceUrl ?? number.voiceUrl;
      number.voiceMethod = fields.VoiceMethod ?? number.voiceMethod;
      number.statusCallback = fields.StatusCallback ?? number.statusCallback;
      number.statusCallbackMethod = fields.StatusCallbackMethod ?? number.statusCallbackMethod;
      reply(200, { sid: number.sid, phone_number: number.number, voice_url: number.voiceUrl });
      if (changed && options.dialInFrom?.length) setTimeout(() => void dialIn(number), 20);
      return;
    }
    reply(404, {
      code: 20404,
      message: `The requested resource ${url.pathname} was not found`,
      more_info: "https://www.twilio.com/docs/errors/20404",
      status: 404,
    });
  };

  const server = createServer((request, response) => void rest(request, response));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}`,
    log,
    numbers,
    /** The fake Twilio places a call to `to` from `from` whose webhook is `voiceUrl` (a forged or stray call, in tests). */
    runCall,
    async close(): Promise<void> {
      for (const line of lines.values()) line.hangUp();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function newSid(prefix: string): string {
  return `${prefix}${randomUUID().replace(/-/g, "")}`;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
