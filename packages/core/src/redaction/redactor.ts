import { CREDENTIAL_PATTERNS } from "./credential-patterns.js";
import { normaliseAllowed } from "./pii-patterns.js";
import { isPlaceholder, PLACEHOLDER_LABELS, type RedactionKind } from "./redaction-kinds.js";
import { compileRedactionRules, PLACEHOLDER, type RedactionOptions, type RedactionRules } from "./redaction-rules.js";
import { scanText } from "./scan-text.js";

/** One value a redactor replaced in a text. Never carries the value. */
export interface RedactionFinding {
  readonly kind: RedactionKind;
  /** What the value became, e.g. `[EMAIL_1]`. */
  readonly placeholder: string;
  /** Where the value was in the input text: `[start, end)`. */
  readonly start: number;
  readonly end: number;
}

/** A redacted text and what was replaced in it. */
export interface RedactedText {
  readonly text: string;
  readonly findings: readonly RedactionFinding[];
}

/**
 * Replaces secrets and personal data with typed placeholders, the same value
 * with the same placeholder for the redactor's whole life (make one per run).
 * The mapping from values to placeholders lives in this object only.
 */
export interface Redactor {
  /** `text` with every value found replaced; text without any comes back as it was (the same string). */
  redactText(text: string): RedactedText;
  /**
   * A copy of a JSON value with every string redacted (in nested objects and
   * arrays; object keys are kept) and the whole value of every field named
   * as a secret replaced, whatever its shape. Parts that did not change are
   * shared with the input, which is never modified.
   */
  redactValue<Value>(value: Value): Value;
  /** Distinct values replaced so far, by kind. */
  counts(): Partial<Record<RedactionKind, number>>;
}

/**
 * A `Redactor`: credentials by their shape (OpenAI, Anthropic, Google, GitHub,
 * Slack, Stripe, AWS, JWTs, PEM private keys, `Bearer` tokens, Rehearse API
 * keys, URL passwords), values of fields and labels naming a secret
 * (`SECRET_KEY_NAMES`), and personal data (`findPii`'s patterns). Placeholders
 * are numbered per kind in order of first appearance (`[EMAIL_1]`,
 * `[EMAIL_2]`, `[CARD_1]`); a placeholder already in the input is kept and
 * its number not given again, so redacting twice changes nothing. A field
 * named as a secret becomes `[SECRET_n]`, or the credential's own placeholder
 * when its whole value is one. Pure: no I/O, nothing global.
 *
 * @example
 * ```ts
 * const redactor = createRedactor({ allow: ["support@shop.example"] });
 * redactor.redactText("Mail jo@x.example or support@shop.example").text;
 * // "Mail [EMAIL_1] or support@shop.example"
 * redactor.redactValue({ headers: { Authorization: "Basic dTpw" }, to: "jo@x.example" });
 * // { headers: { Authorization: "[SECRET_1]" }, to: "[EMAIL_1]" }
 * ```
 */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  return new PlaceholderRedactor(compileRedactionRules(options));
}

/** Texts shorter than this hold nothing any pattern matches (the shortest, an email, is `a@b.co`). */
const SHORTEST = 6;

/** The `Redactor` behind `createRedactor`; `IngestRedactor` makes one per run from shared rules. */
export class PlaceholderRedactor implements Redactor {
  /** Placeholder by value. */
  private readonly placeholders = new Map<string, string>();
  /** The last number given, by label. */
  private readonly numbers = new Map<string, number>();
  private readonly tally: Partial<Record<RedactionKind, number>> = {};

  constructor(private readonly rules: RedactionRules) {}

  redactText(text: string): RedactedText {
    if (text.length < SHORTEST) return { text, findings: [] };
    const findings: RedactionFinding[] = [];
    let output = "";
    let copied = 0;
    for (const match of scanText(text, this.rules.patterns)) {
      if (match.kind === PLACEHOLDER) {
        this.reserve(match.value);
        continue;
      }
      if (!this.replaces(match.kind, match.value)) continue;
      const placeholder = this.placeholderOf(match.kind, match.value);
      const end = match.index + match.value.length;
      findings.push({ kind: match.kind, placeholder, start: match.index, end });
      output += text.slice(copied, match.index) + placeholder;
      copied = end;
    }
    return findings.length === 0 ? { text, findings } : { text: output + text.slice(copied), findings };
  }

  redactValue<Value>(value: Value): Value {
    return this.redactField(value, false) as Value;
  }

  counts(): Partial<Record<RedactionKind, number>> {
    return { ...this.tally };
  }

  /** Whether a field named `key` holds a secret (`SECRET_KEY_NAMES` and the options' `keyPaths`). */
  isSecretKey(key: string): boolean {
    return this.rules.kinds.has("secret") && this.rules.isSecretKey(key);
  }

  /** `value` redacted; `secret` when its field is named as a secret, which replaces it whole. */
  redactField(value: unknown, secret: boolean): unknown {
    if (typeof value === "string") return secret ? this.redactSecret(value) : this.redactText(value).text;
    if (typeof value === "number") return secret ? this.redactSecret(String(value)) : value;
    // null, booleans (`isSecret: true`) and undefined say nothing secret
    if (value === null || typeof value !== "object") return value;
    if (secret) return this.redactSecret(JSON.stringify(value));
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const next = this.redactField(value[index], false);
        if (next === value[index]) continue;
        copy ??= [...value];
        copy[index] = next;
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, child] of Object.entries(value)) {
      const next = this.redactField(child, this.isSecretKey(key));
      if (next === child) continue;
      copy ??= Object.fromEntries(Object.entries(value));
      setField(copy, key, next);
    }
    return copy ?? value;
  }

  /** The whole value of a secret field: its credential placeholder when it is exactly one credential, else `[SECRET_n]`. */
  private redactSecret(value: string): string {
    if (value === "" || isPlaceholder(value) || this.rules.allowed.has(normaliseAllowed(value))) return value;
    const whole = scanText(value.trim(), CREDENTIAL_PATTERNS);
    const credential = whole.length === 1 && whole[0]!.value === value.trim() ? whole[0]!.kind : undefined;
    return this.placeholderOf(credential && this.rules.kinds.has(credential) ? credential : "secret", value);
  }

  private replaces(kind: RedactionKind, value: string): boolean {
    return this.rules.kinds.has(kind) && !this.rules.allowed.has(normaliseAllowed(value));
  }

  private placeholderOf(kind: RedactionKind, value: string): string {
    let placeholder = this.placeholders.get(value);
    if (placeholder === undefined) {
      const label = PLACEHOLDER_LABELS[kind];
      const number = (this.numbers.get(label) ?? 0) + 1;
      this.numbers.set(label, number);
      placeholder = `[${label}_${number}]`;
      this.placeholders.set(value, placeholder);
      this.tally[kind] = (this.tally[kind] ?? 0) + 1;
    }
    return placeholder;
  }

  /** A placeholder met in the input keeps its number: new values are numbered after it. */
  private reserve(placeholder: string): void {
    const separator = placeholder.lastIndexOf("_");
    const number = Number(placeholder.slice(separator + 1, -1));
    if (separator < 0 || !Number.isInteger(number)) return;
    const label = placeholder.slice(1, separator);
    this.numbers.set(label, Math.max(this.numbers.get(label) ?? 0, number));
  }
}

/** `object[key] = value`, also for a `__proto__` key, which JSON.parse makes an own field like any other. */
export function setField(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
