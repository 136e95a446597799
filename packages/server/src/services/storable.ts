/**
 * What PostgreSQL's `jsonb` refuses, found before the write: NUL characters
 * and lone UTF-16 surrogates in strings or keys, and nesting deeper than a
 * bound. One such event must be rejected alone, not fail the transaction it
 * would share with other requests' events. The same for numbers past their
 * columns' range (`outOfRangeReason`).
 */
const MAX_DEPTH = 64;
const NUL = String.fromCharCode(0);
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = { test: (text: string) => text.includes(NUL) || loneSurrogate.test(text) };

const MAX_INTEGER = 2_147_483_647;
/** JavaScript's Date range: a later timestamp is stored but cannot be read back as a date. */
const MAX_TIMESTAMP = 8.64e15;

/**
 * Why an event's envelope numbers do not fit their columns (`seq` and
 * `attempt` are PostgreSQL `integer`s; `timestamp` must stay a valid date),
 * or `undefined`. The contract allows any safe integer, so this is checked here.
 */
export function outOfRangeReason(event: { seq: number; attempt?: number | undefined; timestamp: number }): string | undefined {
  if (event.seq > MAX_INTEGER) return `.seq: must be at most ${MAX_INTEGER}`;
  if (event.attempt !== undefined && event.attempt > MAX_INTEGER) return `.attempt: must be at most ${MAX_INTEGER}`;
  if (event.timestamp > MAX_TIMESTAMP) return `.timestamp: must be at most ${MAX_TIMESTAMP} (epoch milliseconds)`;
  return undefined;
}

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
