import { createHmac, timingSafeEqual } from "node:crypto";

/** The header Twilio signs its webhooks and Media Streams handshakes with. */
export const TWILIO_SIGNATURE_HEADER = "x-twilio-signature";

/**
 * Twilio's request signature (its documented scheme): the full URL Twilio
 * requested (scheme, host, path, query), then each POST parameter sorted by
 * name with its name and value appended, no separators; HMAC-SHA1 keyed
 * with the account's auth token; base64. A GET or a WebSocket handshake signs
 * the URL alone. A parameter sent several times adds each value in order.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | readonly string[]> = {}): string {
  let signed = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    for (const item of typeof value === "string" ? [value] : (value ?? [])) signed += name + item;
  }
  return createHmac("sha1", authToken).update(signed, "utf8").digest("base64");
}

/**
 * Whether `signature` (the `X-Twilio-Signature` header; missing means not
 * signed) is Twilio's for this request. Compared in constant time, so the
 * answer leaks nothing about the expected signature.
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string | readonly string[]> = {},
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Form fields of an `application/x-www-form-urlencoded` body, repeated names kept as lists. */
export function formFields(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [...(typeof existing === "string" ? [existing] : existing), value];
  }
  return fields;
}
