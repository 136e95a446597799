/**
 * Notification channels' URLs and signing secrets at rest: sealed with
 * AES-256-GCM under a key derived from the key pepper with HKDF (SHA-256,
 * its own `info`, so the key serves nothing else), as the SSO state cookie is
 * (decision 0031). A Slack incoming-webhook URL is itself a credential, so a
 * copy of the database without the pepper cannot post to anyone's Slack.
 * The additional data binds each sealed value to its tenant, channel and
 * field: a value copied to another row does not open there.
 * Format: `v1.` + base64url(iv ‖ ciphertext ‖ tag).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Where a sealed value belongs. */
export interface SealContext {
  tenantId: string;
  channelId: string;
  field: "url" | "secret";
}

const additionalData = (context: SealContext) =>
  Buffer.from(`rehearse notification channel\u0000${context.tenantId}\u0000${context.channelId}\u0000${context.field}`);

export class ChannelSealer {
  private readonly key: Buffer;

  constructor(pepper: Buffer) {
    this.key = Buffer.from(hkdfSync("sha256", pepper, Buffer.from("rehearse"), "rehearse notification channel v1", 32));
  }

  seal(plain: string, context: SealContext): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(additionalData(context));
    const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return VERSION + Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
  }

  /** The plain value, or `undefined` when `text` was changed, moved or sealed under another pepper. */
  open(text: string, context: SealContext): string | undefined {
    if (!text.startsWith(VERSION)) return undefined;
    const bytes = Buffer.from(text.slice(VERSION.length), "base64url");
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(additionalData(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString(
        "utf8",
      );
    } catch {
      return undefined;
    }
  }
}
