/**
 * Signing per Standard Webhooks 1.0 (github.com/standard-webhooks/webhooks,
 * spec/standard-webhooks.md, "Signature scheme" and "Webhook headers"): the
 * secret is `whsec_` + base64 of 24–64 random bytes; the signed content is
 * `{webhook-id}.{webhook-timestamp}.{body}`; the signature is
 * `v1,` + base64(HMAC-SHA256(secret bytes, content)). The id stays the same
 * across retries (receivers use it as an idempotency key); the timestamp is
 * the attempt's, in seconds.
 */
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";
const MIN_BYTES = 24;
const MAX_BYTES = 64;

/** A new symmetric signing secret (32 random bytes). */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

/** The key bytes of a `whsec_` secret, or why it is not one. */
export function webhookSecretKey(secret: string): Buffer | string {
  if (!secret.startsWith(PREFIX)) return "a signing secret starts with whsec_";
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return "after whsec_ comes base64";
  const key = Buffer.from(encoded, "base64");
  if (key.length < MIN_BYTES || key.length > MAX_BYTES) return `the secret holds ${MIN_BYTES}–${MAX_BYTES} bytes`;
  return key;
}

/** The three Standard Webhooks headers of one attempt. */
export function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  const key = webhookSecretKey(secret);
  if (typeof key === "string") throw new Error(`the channel's signing secret is not valid: ${key}`);
  if (id.includes(".")) throw new Error("a webhook id must not contain a full stop");
  const signature = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": `v1,${signature}`,
  };
}
