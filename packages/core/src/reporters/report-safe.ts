import { countNoun } from "../domain/count-noun.js";

/**
 * Turns report data into plain JSON values that are small and safe to write:
 * file and image data in messages (bytes or base64, up to megabytes per
 * upload) becomes a short `[file: name, N bytes]` note, since a report is for
 * reading and the bytes are rebuilt from the seed anyway.
 */

/** Message part types whose `data` (or `image`) may hold file bytes: AI SDK prompt parts and tool-result content. */
const fileParts = new Set(["file", "image", "media", "image-data", "file-data"]);

/**
 * A JSON-safe deep copy of `value` (what `JSON.stringify` would keep), with
 * file data replaced by notes, binary values by `[file: binary, N bytes]`,
 * `Map`s as objects, `Set`s as arrays, errors as `{ name, message }` and
 * circular references as `"[circular]"`.
 *
 * @example
 * reportSafe({ type: "file", data: "aGVsbG8=", mediaType: "text/plain", filename: "a.txt" });
 * // { type: "file", data: "[file: a.txt, 5 bytes]", mediaType: "text/plain", filename: "a.txt" }
 */
export function reportSafe(value: unknown): unknown {
  return copy(value, new Set());
}

/** The note that stands for a file part's data, e.g. `[file: invoice.pdf, 51200 bytes]`. */
export function fileNote(part: Readonly<Record<string, unknown>>): string {
  const name = [part.filename, part.mediaType, part.type].find((candidate) => typeof candidate === "string" && candidate);
  return `[file: ${name ?? "file"}, ${countNoun(byteLength(part.data ?? part.image), "byte")}]`;
}

/** True for a message part that carries file data (`file`, `image`, tool-result `media`, …). */
export function isFilePart(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const part = value as Record<string, unknown>;
  return typeof part.type === "string" && fileParts.has(part.type) && ("data" in part || "image" in part);
}

function copy(value: unknown, ancestors: Set<object>): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return undefined; // functions, symbols, undefined: left out, as JSON does
  if (isBinary(value)) return `[file: binary, ${countNoun(byteLength(value), "byte")}]`;
  if (ancestors.has(value)) return "[circular]";
  ancestors.add(value);
  try {
    return copyObject(value, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function copyObject(value: object, ancestors: Set<object>): unknown {
  if (Array.isArray(value)) return value.map((item) => copy(item, ancestors) ?? null);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value instanceof Map) return copy(Object.fromEntries(value), ancestors);
  if (value instanceof Set) return copy([...value], ancestors);
  if (isSerialisedBuffer(value)) return `[file: binary, ${countNoun(value.data.length, "byte")}]`;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return copy(toJSON.call(value), ancestors);
  const record = value as Record<string, unknown>;
  const filePart = isFilePart(record);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (filePart && (key === "data" || key === "image") && !isUrl(item)) {
      result[key] = fileNote(record);
      continue;
    }
    const copied = copy(item, ancestors);
    if (copied !== undefined) result[key] = copied;
  }
  return result;
}

function isBinary(value: object): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer;
}

/** A `Buffer` after `JSON.stringify` (`{ type: "Buffer", data: [...] }`), e.g. from a report read back. */
function isSerialisedBuffer(value: object): value is { type: "Buffer"; data: unknown[] } {
  const candidate = value as { type?: unknown; data?: unknown };
  return candidate.type === "Buffer" && Array.isArray(candidate.data) && Object.keys(value).length === 2;
}

/** A link to a file is not file data: it stays (small, and says where the file was). */
function isUrl(value: unknown): boolean {
  if (value instanceof URL) return true;
  return typeof value === "string" && /^(https?|file):\/\//i.test(value);
}

/** Bytes held by file data: binary, base64 (optionally as a data URL) or a serialised Buffer. */
function byteLength(data: unknown): number {
  if (typeof data === "string") {
    const base64 = data.startsWith("data:") ? data.slice(data.indexOf(",") + 1) : data;
    const compact = base64.replace(/\s+/g, "");
    const padding = compact.endsWith("==") ? 2 : compact.endsWith("=") ? 1 : 0;
    return Math.max(0, Math.floor((compact.length * 3) / 4) - padding);
  }
  if (typeof data !== "object" || data === null) return 0;
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) return data.byteLength;
  if (isSerialisedBuffer(data)) return data.data.length;
  return 0;
}
