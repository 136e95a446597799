/**
 * Redaction placeholders in transcript text. A Viewer reads transcripts as
 * the server redacted them (`[EMAIL_1]`, `[CARD_2]`, `[OPENAI_KEY_12]`, or
 * `[CARD]` when a value had no number); the view shows each placeholder as
 * a chip, so it reads as "something was hidden here", not as text the agent
 * wrote.
 */

/** A numbered placeholder (`[EMAIL_1]`) or one of the unnumbered personal-data ones. */
const PLACEHOLDER =
  /\[(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_\d+|EMAIL|PHONE|CARD|IBAN|US_SSN|SECRET|PASSWORD|JWT|PRIVATE_KEY|BEARER_TOKEN)\]/;

export interface TextPart {
  text: string;
  placeholder: boolean;
}

/** `text` cut into plain parts and placeholders, in order. */
export function splitPlaceholders(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const found of text.matchAll(new RegExp(PLACEHOLDER.source, "g"))) {
    const at = found.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at), placeholder: false });
    parts.push({ text: found[0], placeholder: true });
    last = at + found[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), placeholder: false });
  return parts;
}

export function hasPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text);
}
