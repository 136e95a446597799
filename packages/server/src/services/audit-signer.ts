/**
 * The Ed25519 key that signs audit anchors. Its seed is a server secret
 * (server-secrets.ts: `REHEARSE_AUDIT_SIGNING_KEY`, `…_FILE`, or
 * `<data-dir>/secrets/audit-signing-key`), never stored in the database, so
 * someone able to rewrite the database cannot sign a forged chain head.
 * `keyId` (the first 16 hex of the SHA-256 of the public key) names the key
 * in each anchor; `publicKey` (base64url, raw 32 bytes) can be published so
 * anchors exported elsewhere are checked without the server.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";

/** PKCS #8 DER header of an Ed25519 private key; the 32-byte seed follows it (RFC 8410). */
const pkcs8Ed25519Header = Buffer.from("302e020100300506032b657004220420", "hex");

export class AuditSigner {
  readonly keyId: string;
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  private readonly verifyKey: KeyObject;

  /** A signer whose key is derived from `secret` (any length ≥ 32: its SHA-256 is the seed). */
  constructor(secret: Buffer) {
    const seed = createHash("sha256").update("rehearse audit signing v1").update(secret).digest();
    this.privateKey = createPrivateKey({ key: Buffer.concat([pkcs8Ed25519Header, seed]), format: "der", type: "pkcs8" });
    this.verifyKey = createPublicKey(this.privateKey);
    const raw = this.verifyKey.export({ format: "jwk" }).x ?? "";
    this.publicKey = raw;
    this.keyId = createHash("sha256").update(Buffer.from(raw, "base64url")).digest("hex").slice(0, 16);
  }

  /** The base64url signature of `message`. */
  sign(message: string): string {
    return sign(null, Buffer.from(message), this.privateKey).toString("base64url");
  }

  /** Whether `signature` signs `message` under this key. */
  verify(message: string, signature: string): boolean {
    try {
      return verify(null, Buffer.from(message), this.verifyKey, Buffer.from(signature, "base64url"));
    } catch {
      return false;
    }
  }
}
