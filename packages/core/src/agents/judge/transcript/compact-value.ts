/** How compactValue shortens what a judge does not need to read in full. */
export interface CompactOptions {
  /** Strings longer than this keep their head and a `… (N chars)` note. Default: no limit. */
  maxStringLength?: number;
  /**
   * Strings of 50+ characters seen before, mapped to where they were first seen;
   * a repeat becomes `[repeated N chars, as in <where>]`. Pass one map per rendering.
   */
  seen?: Map<string, string>;
  /** Label recorded in `seen` for strings first met in this value. */
  where?: string;
}

const dataUrlPattern = /data:([\w.+-]+\/[\w.+-]+)?((?:;[\w=.+-]+)*),([A-Za-z0-9+/=%_-]{64,})/g;
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;
const repeatThreshold = 50;
const maxDepth = 20;

/**
 * `[IMAGE: image/png, ~N bytes]`, `[AUDIO: …]` or `[FILE: name, type, ~N bytes]`
 * (the kind follows the media type, else the data URL's, else `fallbackType`);
 * an http(s) URL is shown as is.
 */
export function mediaMarker(
  data: unknown,
  mediaType: string | undefined,
  details: { filename?: string | undefined; fallbackType?: string } = {},
): string {
  const dataUrlType = typeof data === "string" ? data.match(/^data:([^;,]+)/)?.[1] : undefined;
  const type = mediaType ?? dataUrlType ?? details.fallbackType;
  const kind = type?.startsWith("image/") ? "IMAGE" : type?.startsWith("audio/") ? "AUDIO" : "FILE";
  if (data instanceof URL || (typeof data === "string" && /^https?:\/\//i.test(data))) return `[${kind}: ${String(data)}]`;
  const fields = [details.filename, type ?? "unknown type", `~${byteSize(data)} bytes`];
  return `[${kind}: ${fields.filter(Boolean).join(", ")}]`;
}

/** Decoded size of binary data, a base64 string or a data URL. */
export function byteSize(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof data !== "string") return 0;
  const payload = data.startsWith("data:") ? data.slice(data.indexOf(",") + 1) : data;
  const padding = payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((payload.length * 3) / 4) - padding);
}

/** Replaces data URLs inside `text` with media markers; other text is left verbatim. */
export function compactString(text: string): string {
  if (!text.includes("data:")) return text;
  return text.replace(dataUrlPattern, (match, mediaType: string | undefined) => mediaMarker(match, mediaType));
}

/**
 * A JSON-safe copy of `value` with data URLs, long base64 strings and binary
 * data replaced by markers, JSON-in-a-string parsed, cycles and deep nesting cut.
 */
export function compactValue(value: unknown, options: CompactOptions = {}): unknown {
  return walk(value, options, options.where ?? "", 0, new Set());
}

/** `JSON.stringify(compactValue(value))`, never throwing; `undefined` renders as `null`. */
export function compactJson(value: unknown, options: CompactOptions = {}): string {
  return JSON.stringify(compactValue(value, options)) ?? "null";
}

function walk(value: unknown, options: CompactOptions, where: string, depth: number, parents: Set<object>): unknown {
  if (typeof value === "string") return walkString(value, options, where, depth, parents);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return null;
  if (value instanceof URL) return value.href;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return `[BINARY: ~${byteSize(value)} bytes]`;
  if (parents.has(value as object)) return "[Circular]";
  if (depth >= maxDepth) return "[…nested too deep]";
  parents.add(value as object);
  try {
    if (Array.isArray(value)) return value.map((item, index) => walk(item, options, `${where}[${index}]`, depth + 1, parents));
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as object)) {
      result[key] = walk(item, options, where ? `${where}.${key}` : key, depth + 1, parents);
    }
    return result;
  } finally {
    parents.delete(value as object);
  }
}

function walkString(text: string, options: CompactOptions, where: string, depth: number, parents: Set<object>): unknown {
  const trimmed = text.trim();
  if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
    const parsed = parseJson(trimmed);
    if (parsed !== undefined) return walk(parsed, options, where, depth, parents);
  }
  if (text.startsWith("data:") && text.length > 100 && text.includes(",")) return mediaMarker(text, undefined);
  if (text.length >= 1000 && base64Pattern.test(text)) return `[BASE64: ~${byteSize(text)} bytes]`;
  const compacted = compactString(text);
  if (options.seen && compacted.length >= repeatThreshold) {
    const first = options.seen.get(compacted);
    if (first !== undefined && first !== where) return `[repeated ${compacted.length} chars, as in ${first}]`;
    if (first === undefined) options.seen.set(compacted, where);
  }
  const limit = options.maxStringLength;
  if (limit !== undefined && compacted.length > limit) return `${compacted.slice(0, limit)}… (${compacted.length} chars)`;
  return compacted;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
