/** Twilio's REST API, where the adapter's calls go unless `apiBaseUrl` says otherwise (a local fake in tests). */
export const TWILIO_API_BASE_URL = "https://api.twilio.com";

/** Twilio answered a REST request with an error: the HTTP status, Twilio's error code and message. */
export class TwilioApiError extends Error {
  override readonly name = "TwilioApiError";

  constructor(
    readonly request: string,
    readonly status: number,
    readonly code: number | undefined,
    detail: string,
    readonly moreInfo?: string,
  ) {
    super(
      `TwilioAgentAdapter: Twilio refused ${request}: HTTP ${status}${code === undefined ? "" : `, error ${code}`}: ${detail}${
        moreInfo ? ` (${moreInfo})` : ""
      }${status === 401 ? ". Check accountSid and authToken" : ""}`,
    );
  }
}

/** A phone number of the account (an IncomingPhoneNumber): what the adapter reads and rewrites in answer mode. */
export interface PhoneNumberConfig {
  sid: string;
  phoneNumber: string;
  voiceUrl: string;
  voiceMethod: string;
  statusCallback: string;
  statusCallbackMethod: string;
}

/**
 * The few Twilio REST calls the adapter needs, over `fetch`: Basic auth with
 * the account SID and auth token, form-encoded bodies, JSON answers. The
 * token lives in a private field and never appears in errors or `toString`.
 */
export class TwilioRestClient {
  readonly #authorization: string;
  readonly #token: string;

  constructor(
    readonly accountSid: string,
    authToken: string,
    readonly apiBaseUrl = TWILIO_API_BASE_URL,
  ) {
    this.#token = authToken;
    this.#authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  }

  /** Places a call from `from` to `to`; Twilio fetches TwiML from `url` once answered, and posts the call's end to `statusCallback`. */
  async createCall(call: { to: string; from: string; url: string; statusCallback: string; timeoutSeconds?: number }) {
    const body = await this.request("POST", "Calls.json", {
      To: call.to,
      From: call.from,
      Url: call.url,
      Method: "POST",
      StatusCallback: call.statusCallback,
      StatusCallbackMethod: "POST",
      ...(call.timeoutSeconds ? { Timeout: String(call.timeoutSeconds) } : {}),
    });
    return { sid: String(body.sid ?? ""), status: String(body.status ?? "") };
  }

  /** Hangs up a call (its status becomes `completed`). */
  async endCall(callSid: string): Promise<void> {
    await this.request("POST", `Calls/${encodeURIComponent(callSid)}.json`, { Status: "completed" });
  }

  /** The account's number `phoneNumber` with its voice settings; an error when the account has no such number. */
  async findNumber(phoneNumber: string): Promise<PhoneNumberConfig> {
    const body = await this.request("GET", `IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(phoneNumber)}`);
    const found = (body.incoming_phone_numbers as Record<string, unknown>[] | undefined)?.[0];
    if (!found)
      throw new Error(
        `TwilioAgentAdapter: the account has no phone number ${phoneNumber} (IncomingPhoneNumbers); buy or port it first, or fix phoneNumber`,
      );
    const text = (key: string) => (typeof found[key] === "string" ? (found[key] as string) : "");
    return {
      sid: text("sid"),
      phoneNumber: text("phone_number"),
      voiceUrl: text("voice_url"),
      voiceMethod: text("voice_method") || "POST",
      statusCallback: text("status_callback"),
      statusCallbackMethod: text("status_callback_method") || "POST",
    };
  }

  /** Sets where Twilio sends the number's incoming calls (and their status callbacks). */
  async updateNumber(
    sid: string,
    settings: { voiceUrl: string; voiceMethod: string; statusCallback: string; statusCallbackMethod: string },
  ): Promise<void> {
    await this.request("POST", `IncomingPhoneNumbers/${encodeURIComponent(sid)}.json`, {
      VoiceUrl: settings.voiceUrl,
      VoiceMethod: settings.voiceMethod,
      StatusCallback: settings.statusCallback,
      StatusCallbackMethod: settings.statusCallbackMethod,
    });
  }

  toString(): string {
    return `TwilioRestClient(accountSid=${this.accountSid}, apiBaseUrl=${this.apiBaseUrl}, authToken=***)`;
  }

  toJSON(): Record<string, string> {
    return { accountSid: this.accountSid, apiBaseUrl: this.apiBaseUrl, authToken: "***" };
  }

  private async request(method: "GET" | "POST", path: string, form?: Record<string, string>): Promise<Record<string, unknown>> {
    const url = `${this.apiBaseUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(this.accountSid)}/${path}`;
    const shown = `${method} ${path.split("?")[0]}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: this.#authorization,
          accept: "application/json",
          ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new Error(`TwilioAgentAdapter: cannot reach Twilio at ${this.apiBaseUrl} (${shown}): ${this.scrub(cause)}`);
    }
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // a proxy's HTML error page: the status says enough
    }
    if (!response.ok) {
      const detail = typeof body.message === "string" ? body.message : response.statusText || "no message";
      const code = typeof body.code === "number" ? body.code : undefined;
      const more = typeof body.more_info === "string" ? body.more_info : undefined;
      throw new TwilioApiError(shown, response.status, code, this.scrub(detail), more);
    }
    return body;
  }

  /** A message with the token (should a server echo it) replaced by ***. */
  private scrub(text: string): string {
    return this.#token ? text.split(this.#token).join("***") : text;
  }
}
