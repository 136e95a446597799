/**
 * What PostgreSQL's `jsonb` refuses, found before the write: NUL characters
 * and lone UTF-16 surrogates in strings or keys, and nesting deeper than a
 * bound. One such event must be rejected alone, not fail the transaction it
 * would share with other requests' events.
 */
const MAX_DEPTH = 64;
const NUL = String.fromCharCode(0);
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = { test: (text: string) => text.includes(NUL) || loneSurrogate.test(text) };

/** Why `value` cannot be stored as jsonb, or `undefined` when it can. */
export function unstorableReason(value: unknown, depth = 0): string | undefined {
  if (typeof value === "string") return unstorable.test(value) ? "contains a NUL character or a lone surrogate" : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  if (depth >= MAX_DEPTH) return `is nested deeper than ${MAX_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const reason = unstorableReason(item, depth + 1);
      if (reason) return reason;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (unstorable.test(key)) return "has a key with a NUL character or a lone surrogate";
    const reason = unstorableReason(item, depth + 1);
    if (reason) return reason;
  }
  return undefined;
}
