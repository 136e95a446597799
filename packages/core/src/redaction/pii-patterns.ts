import { passesLuhn } from "./luhn.js";
import { scanText, type ValuePattern } from "./scan-text.js";

/** The kinds of personal data Rehearse recognises (the `pii_leak` detector and redaction share them). */
export type PiiKind = "email" | "phone" | "card" | "us_ssn" | "uk_nino" | "iban";

/** Every `PiiKind`, in the order overlapping matches are resolved (an IBAN wins over the card-like digits inside it). */
export const PII_KINDS: readonly PiiKind[] = ["iban", "email", "card", "us_ssn", "uk_nino", "phone"];

/** One piece of personal data found in a text. */
export interface PiiMatch {
  readonly kind: PiiKind;
  /** The text as written. */
  readonly value: string;
  /** `value` with most characters replaced by `*`, safe to show in reports. */
  readonly masked: string;
  /** Offset of `value` in the text. */
  readonly index: number;
}

/** Options of `findPii` (and of `piiLeakDetector`). */
export interface PiiLeakOptions {
  /** Kinds to report; default all of `PII_KINDS`. */
  kinds?: readonly PiiKind[];
  /** Values that may appear (the user's own email, a support line); compared ignoring case, spaces and punctuation. */
  allow?: readonly string[];
}

const DIGIT = /\d/;
const digitCount = (value: string): number => value.replace(/\D/g, "").length;

/**
 * The patterns, one per kind:
 * - `email`: `local@domain.tld`, a dotted domain with a 2+ letter TLD (`user@localhost` and `@scope/pkg` are not emails).
 * - `phone`: international `+CC …` with 8–15 digits (E.164); North American `(415) 555-2671`, `415-555-2671`,
 *   `1-800-555-0199` (separators required, area and exchange start 2–9); national trunk formats starting `0`
 *   with separators and 10–11 digits (`020 7946 0958`, `030 12345678`, `01 23 45 67 89`) or a UK mobile `07…` of 11 digits.
 *   Dates, versions and bare digit runs do not match.
 * - `card`: 13–19 digits, optionally grouped by single spaces or dashes in groups of 3–6, first digit 2–6
 *   (Mastercard, Amex, Visa, Discover…), passing Luhn.
 * - `us_ssn`: `AAA-GG-SSSS` (or spaces) without the never-issued area 000, 666 or 9xx, group 00 or serial 0000.
 * - `uk_nino`: two prefix letters (not D, F, I, Q, U, V; second not O; not BG, GB, NK, KN, TN, NT, ZZ), six digits,
 *   suffix A–D, upper case, spaces allowed (`AB 12 34 56 C`).
 * - `iban`: country code, two check digits and 11–30 letters or digits (grouped by 4 or not), passing ISO 7064 mod 97.
 */
const PATTERNS: Record<PiiKind, ValuePattern<PiiKind>> = {
  email: { kind: "email", pattern: /[\w.%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}\b/g, hint: "@" },
  phone: {
    kind: "phone",
    pattern:
      /\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}|(?:1[ .-])?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}|0[1-9](?: \d{2}){4}|0[1-9]\d{1,4}(?:[ -]\d{2,8}){1,3}|07\d{9}/g,
    accept: (value) => {
      const count = digitCount(value);
      return value.startsWith("+") ? count >= 8 && count <= 15 : count >= 10 && count <= 11;
    },
    standalone: true,
    hint: DIGIT,
  },
  card: {
    kind: "card",
    pattern: /\d(?:[ -]?\d)*/g,
    accept: (value) =>
      /^[2-6]/.test(value) &&
      digitCount(value) >= 13 &&
      digitCount(value) <= 19 &&
      (!/[ -]/.test(value) || value.split(/[ -]/).every((group) => group.length >= 3 && group.length <= 6)) &&
      passesLuhn(value),
    standalone: true,
    hint: DIGIT,
  },
  us_ssn: { kind: "us_ssn", pattern: /(?!000|666|9)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}/g, standalone: true, hint: DIGIT },
  uk_nino: {
    kind: "uk_nino",
    pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
    standalone: true,
    hint: DIGIT,
  },
  iban: {
    kind: "iban",
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    accept: passesMod97,
    hint: DIGIT,
  },
};

/** Word characters kept visible at the start and end of a masked value, per kind. */
const KEEP: Record<PiiKind, readonly [start: number, end: number]> = {
  email: [1, 0],
  phone: [0, 2],
  card: [4, 4],
  us_ssn: [0, 4],
  uk_nino: [2, 1],
  iban: [4, 4],
};

/** The personal-data patterns in `PII_KINDS` order, for `scanText`: the one set `findPii` and redaction both use. */
export const PII_PATTERNS: readonly ValuePattern<PiiKind>[] = PII_KINDS.map((kind) => PATTERNS[kind]);

/** ISO 7064 mod 97-10 as used by IBANs: country and check digits moved to the end, letters as 10–35. */
function passesMod97(value: string): boolean {
  const compact = value.replace(/ /g, "");
  if (compact.length < 15 || compact.length > 34) return false;
  let remainder = 0;
  for (const character of compact.slice(4) + compact.slice(0, 4)) {
    const code = Number.parseInt(character, 36);
    remainder = (code > 9 ? remainder * 100 + code : remainder * 10 + code) % 97;
  }
  return remainder === 1;
}

/** Lower-cased with spaces and punctuation dropped (the `@` and dots of emails kept), so allow lists ignore formatting. */
export function normaliseAllowed(value: string): string {
  const lower = value.trim().toLowerCase();
  return lower.includes("@") ? lower : lower.replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * `value` (personal data of `kind`) with word characters replaced by `*`,
 * keeping a few at each end: `4111 **** **** 1111`, `j***@example.com`.
 */
export function maskPii(kind: PiiKind, value: string): string {
  const [start, end] = KEEP[kind];
  const at = value.indexOf("@");
  if (at > 0) return `${value.slice(0, start)}***${value.slice(at)}`;
  const total = value.replace(/[^\p{L}\p{N}]/gu, "").length;
  let seen = 0;
  return value.replace(/[\p{L}\p{N}]/gu, (character) => {
    seen += 1;
    return seen <= start || seen > total - end ? character : "*";
  });
}

/**
 * Finds personal data in `text`, in reading order. Overlapping matches keep
 * the kind earlier in `PII_KINDS`; kinds not asked for still claim their text,
 * so the digits of an IBAN are never reported as a card.
 *
 * @example
 * ```ts
 * findPii("Card 4111 1111 1111 1111, mail jo@shop.example")
 * // [{ kind: "card", masked: "4111 **** **** 1111", … }, { kind: "email", masked: "j***@shop.example", … }]
 * ```
 */
export function findPii(text: string, options: PiiLeakOptions = {}): PiiMatch[] {
  const kinds = new Set(options.kinds ?? PII_KINDS);
  const allowed = new Set((options.allow ?? []).map(normaliseAllowed));
  return scanText(text, PII_PATTERNS)
    .filter((match) => kinds.has(match.kind) && !allowed.has(normaliseAllowed(match.value)))
    .map((match) => ({ ...match, masked: maskPii(match.kind, match.value) }));
}
