import { describe, expect, it } from "vitest";
import { checkE164 } from "./e164.js";
import { TwilioAgentAdapter } from "./twilio-agent-adapter.js";
import { formFields, isValidTwilioSignature, twilioSignature } from "./twilio-signature.js";
import { connectStreamTwiml, rejectTwiml } from "./twiml.js";

// Twilio's published example (docs "Webhooks security"): auth token 12345, this URL and these parameters
const URL_WITH_QUERY = "https://mycompany.com/myapp.php?foo=1&bar=2";
const PARAMS = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" };

describe("Twilio request signatures", () => {
  it("matches Twilio's published example", () => {
    expect(twilioSignature("12345", URL_WITH_QUERY, PARAMS)).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  });

  it("validates what it computes, whatever the parameters' order", () => {
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    const signature = twilioSignature("token", "https://example.com/twilio/voice", PARAMS);
    expect(isValidTwilioSignature("token", signature, "https://example.com/twilio/voice", reversed)).toBe(true);
  });

  it("fails for a tampered parameter, another URL, another token, or no signature", () => {
    const url = "https://example.com/twilio/voice";
    const signature = twilioSignature("token", url, PARAMS);
    expect(isValidTwilioSignature("token", signature, url, { ...PARAMS, Digits: "1235" })).toBe(false);
    expect(isValidTwilioSignature("token", signature, url, { ...PARAMS, Extra: "" })).toBe(false);
    expect(isValidTwilioSignature("token", signature, `${url}?x=1`, PARAMS)).toBe(false);
    expect(isValidTwilioSignature("other", signature, url, PARAMS)).toBe(false);
    expect(isValidTwilioSignature("token", undefined, url, PARAMS)).toBe(false);
    expect(isValidTwilioSignature("token", "short", url, PARAMS)).toBe(false);
  });

  it("signs a repeated form field value by value, as the form carries it", () => {
    const fields = formFields("StatusCallbackEvent=initiated&StatusCallbackEvent=completed&To=%2B14155550100");
    expect(fields).toEqual({ StatusCallbackEvent: ["initiated", "completed"], To: "+14155550100" });
    expect(twilioSignature("t", "https://x", fields)).toBe(
      twilioSignature("t", "https://x", { To: "+14155550100", StatusCallbackEvent: ["initiated", "completed"] }),
    );
  });
});

describe("TwiML and options", () => {
  it("connects a stream with escaped attributes and parameters", () => {
    const twiml = connectStreamTwiml('wss://host/twilio/stream?a=1&b="2"', { callSid: "CA<1>" });
    expect(twiml).toContain('<Response><Connect><Stream url="wss://host/twilio/stream?a=1&#38;b=&#34;2&#34;">');
    expect(twiml).toContain('<Parameter name="callSid" value="CA&#60;1&#62;"/>');
    expect(rejectTwiml()).toContain('<Reject reason="rejected"/>');
  });

  it("takes E.164 numbers only, naming what is wrong", () => {
    expect(checkE164("+14155550100", "phoneNumber")).toBe("+14155550100");
    for (const wrong of ["4155550100", "+0123", "+1 415 555 0100", "+1234567890123456", 14155550100])
      expect(() => checkE164(wrong, "phoneNumber")).toThrow(/phoneNumber must be an E\.164 phone number/);
  });

  it("refuses options that cannot work, before any network", () => {
    const base = {
      accountSid: `AC${"a".repeat(32)}`,
      authToken: "secret-token",
      phoneNumber: "+14155550100",
      publicBaseUrl: "https://abc.example",
    };
    expect(() => new TwilioAgentAdapter({ ...base, accountSid: "AC123" })).toThrow(/accountSid must be the account SID/);
    expect(() => new TwilioAgentAdapter({ ...base, authToken: " " })).toThrow(/authToken is required/);
    expect(() => new TwilioAgentAdapter({ ...base, publicBaseUrl: "" })).toThrow(
      /publicBaseUrl must be the public http\(s\) URL/,
    );
    expect(() => new TwilioAgentAdapter({ ...base, publicBaseUrl: "https://x.example/?t=1" })).toThrow(/without query/);
    expect(() => new TwilioAgentAdapter({ ...base, call: "+14155550199", answer: true })).toThrow(/exclude each other/);
    expect(() => new TwilioAgentAdapter({ ...base, allowedCallers: ["555"] })).toThrow(/allowedCallers must be an E\.164/);
  });

  it("warns when signature validation is off, and never shows the auth token", () => {
    const warnings: string[] = [];
    const adapter = new TwilioAgentAdapter({
      accountSid: `AC${"a".repeat(32)}`,
      authToken: "secret-token",
      phoneNumber: "+14155550100",
      publicBaseUrl: "https://abc.example",
      validateSignature: false,
      logger: { warn: (message) => warnings.push(message), debug: () => undefined },
    });
    expect(warnings.join()).toMatch(/validateSignature is false/);
    const shown = [String(adapter), JSON.stringify(adapter), JSON.stringify({ agent: adapter }), warnings.join()];
    for (const text of shown) expect(text).not.toContain("secret-token");
    expect(String(adapter)).toBe(`TwilioAgentAdapter(phoneNumber=+14155550100, accountSid=AC${"a".repeat(32)}, authToken=***)`);
  });
});
