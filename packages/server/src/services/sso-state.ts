/**
 * The state of one single sign-on attempt (PKCE verifier, `state`, `nonce`,
 * where to go afterwards), kept in the browser between the redirect to the
 * provider and the callback — sealed, so no server keeps anything and any
 * server sharing the key pepper can finish an attempt another one started
 * (decision 0031).
 *
 * Sealed = AES-256-GCM under a key derived from the key pepper with HKDF
 * (SHA-256, its own `info`, so the key is used for nothing else):
 * `v1.` + base64url(iv ‖ ciphertext ‖ tag). A changed byte fails the tag; the
 * expiry inside is checked on opening, whatever the cookie's own lifetime.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";

/** How long an attempt may take, redirect to callback. */
export const SSO_STATE_TTL_MS = 10 * 60_000;

export interface SsoState {
  state: string;
  nonce: string;
  /** The PKCE code verifier. */
  verifier: string;
  /** A same-origin path to land on after signing in. */
  returnTo: string;
  /** Epoch ms after which the attempt is refused. */
  expiresAt: number;
}

const stateSchema = z
  .object({
    state: z.string().min(1).max(200),
    nonce: z.string().min(1).max(200),
    verifier: z.string().min(43).max(128),
    returnTo: z.string().min(1).max(2048),
    expiresAt: z.number().int(),
  })
  .strict();

const VERSION = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bound to what the sealed text is for: a sealed value of another purpose does not open here. */
const AAD = Buffer.from("rehearse sso state");

export type OpenedState = { ok: true; state: SsoState } | { ok: false; reason: "state_invalid" | "state_expired" };

export class SsoStateSealer {
  private readonly key: Buffer;

  constructor(pepper: Buffer) {
    this.key = Buffer.from(hkdfSync("sha256", pepper, Buffer.from("rehearse"), "rehearse sso state cookie v1", 32));
  }

  seal(state: SsoState): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(AAD);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(state), "utf8"), cipher.final()]);
    return VERSION + Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
  }

  /** The state sealed in `text`, or why it is refused (changed, not ours, or past `expiresAt` at `now`). */
  open(text: string, now: number): OpenedState {
    if (!text.startsWith(VERSION) || text.length > 8192) return { ok: false, reason: "state_invalid" };
    const bytes = Buffer.from(text.slice(VERSION.length), "base64url");
    if (bytes.length < IV_BYTES + TAG_BYTES + 2) return { ok: false, reason: "state_invalid" };
    let plain: string;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(AAD);
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString(
        "utf8",
      );
    } catch {
      return { ok: false, reason: "state_invalid" };
    }
    let parsed: z.ZodSafeParseResult<SsoState>;
    try {
      parsed = stateSchema.safeParse(JSON.parse(plain));
    } catch {
      return { ok: false, reason: "state_invalid" };
    }
    if (!parsed.success) return { ok: false, reason: "state_invalid" };
    if (parsed.data.expiresAt <= now) return { ok: false, reason: "state_expired" };
    return { ok: true, state: parsed.data };
  }
}
