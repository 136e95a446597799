/**
 * The API key format, `rh_<env>_<secret>_<checksum>` (platform research §7.1):
 *
 * - `rh_` and the environment (`live`, `test`, …) make leaked keys greppable;
 * - the secret is 32 random bytes in base62 (43 characters), so a key is one
 *   word that survives double-click selection and URL encoding;
 * - the checksum is the CRC-32 of everything before it, in 6 base62
 *   characters, so secret scanners (and this server, before any database
 *   lookup) tell a real key from a typo or a random string offline.
 *
 * The first 12 characters of the secret are the key's lookup prefix (a
 * unique index finds the row); its last 4 are shown in listings. Neither is
 * enough to use the key. Pure functions, no I/O.
 */
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const secretLength = 43;
const checksumLength = 6;
const prefixLength = 12;
const keyPattern = /^rh_([a-z]{1,8})_([0-9A-Za-z]{43})_([0-9A-Za-z]{6})$/;

/** An environment label: 1-8 lowercase letters (`live` unless the server is configured otherwise). */
export const environmentPattern = /^[a-z]{1,8}$/;

/** A key taken apart; `lookupPrefix` finds its row, `last4` identifies it to people. */
export interface ParsedKey {
  key: string;
  environment: string;
  lookupPrefix: string;
  last4: string;
}

/** `value` in base62, left-padded with zeros to `length` digits. */
function base62(value: bigint, length: number): string {
  let digits = "";
  let rest = value;
  while (rest > 0n) {
    digits = alphabet[Number(rest % 62n)] + digits;
    rest /= 62n;
  }
  return digits.padStart(length, "0");
}

function checksumOf(body: string): string {
  return base62(BigInt(crc32(body)), checksumLength);
}

/** A new random key for `environment`. */
export function generateKey(environment = "live"): ParsedKey {
  if (!environmentPattern.test(environment))
    throw new Error(`key environment must be 1-8 lowercase letters, got "${environment}"`);
  const secret = base62(BigInt(`0x${randomBytes(32).toString("hex")}`), secretLength);
  const body = `rh_${environment}_${secret}`;
  const key = `${body}_${checksumOf(body)}`;
  return { key, environment, lookupPrefix: secret.slice(0, prefixLength), last4: secret.slice(-4) };
}

/** The parts of a well-formed key with a correct checksum; `undefined` for anything else. */
export function parseKey(presented: string): ParsedKey | undefined {
  const match = keyPattern.exec(presented);
  if (!match) return undefined;
  const [, environment = "", secret = "", checksum] = match;
  if (checksumOf(`rh_${environment}_${secret}`) !== checksum) return undefined;
  return { key: presented, environment, lookupPrefix: secret.slice(0, prefixLength), last4: secret.slice(-4) };
}

/** How a key is shown after creation: enough to recognise it, never enough to use it. */
export function displayKey(environment: string, lookupPrefix: string, last4: string): string {
  return `rh_${environment}_${lookupPrefix}…${last4}`;
}
