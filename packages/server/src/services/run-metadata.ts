/**
 * The flat view of a run's metadata that summary rows carry, for table
 * columns: scalar values only, never `name` or `description` (the row has
 * them), at most 20 keys, strings cut at 200 characters, and at most 2 KiB
 * of JSON per run, so a page of 200 summaries stays far below 1 MB whatever
 * the runs declared. The database already picked the candidate entries
 * (store/run-queries.ts); this is the one place the limits are applied.
 */

/** A metadata value a table column can show. */
export type MetadataValue = string | number | boolean;

export const TABLE_METADATA_LIMITS = { keys: 20, keyLength: 64, stringLength: 200, bytes: 2048 } as const;

const EXCLUDED_KEYS: ReadonlySet<string> = new Set(["name", "description"]);

/** `text` cut to `length` UTF-16 units, never through a surrogate pair. */
function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(length - 1)) ? length - 1 : length;
  return text.slice(0, end);
}

/** The bounded flat view of `metadata` (entries in key order; `{}` when none qualifies). */
export function tableMetadata(metadata: Record<string, unknown> | null | undefined): Record<string, MetadataValue> {
  // entries, not assignments: a key named `__proto__` stays a key
  const entries: Array<[string, MetadataValue]> = [];
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) return {};
  let bytes = 2;
  for (const key of Object.keys(metadata).sort()) {
    if (entries.length === TABLE_METADATA_LIMITS.keys) break;
    const value = metadata[key];
    if (EXCLUDED_KEYS.has(key) || key.length > TABLE_METADATA_LIMITS.keyLength) continue;
    if (typeof value === "number" && !Number.isFinite(value)) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    const shown = typeof value === "string" ? cut(value, TABLE_METADATA_LIMITS.stringLength) : value;
    const entryBytes = Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(JSON.stringify(shown)) + 2;
    if (bytes + entryBytes > TABLE_METADATA_LIMITS.bytes) break;
    entries.push([key, shown]);
    bytes += entryBytes;
  }
  return Object.fromEntries(entries);
}
