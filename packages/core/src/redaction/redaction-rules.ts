import { ConfigError } from "../domain/errors.js";
import { CREDENTIAL_PATTERNS } from "./credential-patterns.js";
import { normaliseAllowed, PII_PATTERNS } from "./pii-patterns.js";
import { PLACEHOLDER_PATTERN, REDACTION_KINDS, type RedactionKind } from "./redaction-kinds.js";
import type { ValuePattern } from "./scan-text.js";
import { labelledSecretPatterns, namesSecret, normaliseKey, SECRET_KEY_NAMES } from "./secret-keys.js";

/** What a redactor replaces; every field is optional. */
export interface RedactionOptions {
  /** Kinds to replace (default all of `REDACTION_KINDS`); the others are left as they are. */
  kinds?: readonly RedactionKind[];
  /** Values never replaced (a support address, a public test card), compared ignoring case, spaces and punctuation, as `findPii` does. */
  allow?: readonly string[];
  /** Field names to treat as secrets besides `SECRET_KEY_NAMES` (names, not dotted paths; matched the same way). */
  keyPaths?: readonly string[];
}

/** An existing placeholder: kept, and its number reserved. */
export const PLACEHOLDER = "placeholder";

/** What redaction scans for in text, compiled once per set of options and shared by the redactors made from them. */
export interface RedactionRules {
  /** Existing placeholders first, then credentials, labelled secrets, personal data: earlier patterns win overlaps. */
  readonly patterns: readonly ValuePattern<RedactionKind | typeof PLACEHOLDER>[];
  readonly kinds: ReadonlySet<RedactionKind>;
  /** Allowed values, normalised (`normaliseAllowed`). */
  readonly allowed: ReadonlySet<string>;
  /** Whether a field of this name holds a secret (`namesSecret` over the secret key names and `keyPaths`). */
  isSecretKey(key: string): boolean;
}

/**
 * Checks `options` and compiles them. Throws a `ConfigError` naming the
 * field for an unknown kind or an empty key name.
 */
export function compileRedactionRules(options: RedactionOptions = {}, source = "redaction"): RedactionRules {
  for (const kind of options.kinds ?? []) {
    if (!REDACTION_KINDS.includes(kind))
      throw new ConfigError(`${source}: unknown kind "${kind}" (expected one of ${REDACTION_KINDS.join(", ")})`, {
        source,
        path: "kinds",
      });
  }
  const extra = options.keyPaths ?? [];
  if (extra.some((name) => typeof name !== "string" || normaliseKey(name) === ""))
    throw new ConfigError(`${source}: keyPaths must be non-empty field names`, { source, path: "keyPaths" });
  const secretKeys = shortestSuffixes([...SECRET_KEY_NAMES, ...extra].map(normaliseKey));
  return {
    patterns: [
      { kind: PLACEHOLDER, pattern: PLACEHOLDER_PATTERN, hint: "[" },
      ...CREDENTIAL_PATTERNS,
      ...labelledSecretPatterns(secretKeys),
      ...PII_PATTERNS,
    ],
    kinds: new Set(options.kinds ?? REDACTION_KINDS),
    allowed: new Set((options.allow ?? []).map(normaliseAllowed)),
    isSecretKey: memoised((key) => namesSecret(key, secretKeys), 4_096),
  };
}

/** `decide` with its answers kept for up to `size` distinct keys (field names repeat from event to event). */
function memoised(decide: (key: string) => boolean, size: number): (key: string) => boolean {
  const answers = new Map<string, boolean>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = decide(key);
      if (answers.size < size) answers.set(key, answer);
    }
    return answer;
  };
}

/** The names that are not a suffix-match of another (`accesstoken` goes: `token` already matches it). */
function shortestSuffixes(names: readonly string[]): string[] {
  const unique = [...new Set(names)];
  return unique.filter((name) => !unique.some((other) => other !== name && name.endsWith(other)));
}
