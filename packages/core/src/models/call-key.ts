import { createHash } from "node:crypto";
import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";

/** A value `JSON.stringify` writes back unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The property that marks bytes in canonical JSON: `{ "$bytes": "<base64>" }`.
 * `reviveBytes` turns it back into a `Uint8Array`.
 */
export const bytesMarker = "$bytes";

/**
 * A JSON-safe copy of `value` whose shape does not depend on how it was built:
 * object keys sorted, `undefined`, functions and symbols dropped from objects
 * (`null` in arrays, as `JSON.stringify` does), `Uint8Array`/`Buffer`/`ArrayBuffer`
 * as `{ "$bytes": base64 }`, `URL` as its href, `Date` as ISO text, `bigint` as
 * decimal text, non-finite numbers as `null`, `Map`/`Set` as `{ "$map" }`/`{ "$set" }`.
 * Objects with `toJSON` are converted first. Throws a `TypeError` naming the
 * path on a cycle (a shared, non-cyclic reference is fine).
 *
 * @example
 * ```ts
 * canonicalValue({ b: 1, a: undefined, c: new URL("https://x.test/") }); // { b: 1, c: "https://x.test/" }
 * ```
 */
export function canonicalValue(value: unknown): JsonValue {
  return canonical(value, [], "$") ?? null;
}

/**
 * Deterministic JSON text of `value` (see `canonicalValue`): the same data
 * gives the same text whatever the key order it was built with.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: 2 }) === canonicalJson({ a: 2, b: 1 }); // true: '{"a":2,"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

/**
 * The key of a recorded call: the SHA-256 (hex) of `canonicalJson(parts)`.
 *
 * @example
 * ```ts
 * callKey({ call: normaliseCall("openai:gpt-4.1-mini", params), scenario: "checkout", cacheKey: null, occurrence: 0 });
 * ```
 */
export function callKey(parts: unknown): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}

/**
 * What identifies a model call: the model key and everything that shapes the
 * answer (prompt, tools, tool choice, sampling settings, response format,
 * seed, provider options). Transport is left out (abort signal, headers,
 * `includeRawChunks`): it does not change the answer, and headers carry
 * per-run values such as trace or thread ids.
 *
 * @example
 * ```ts
 * const request = normaliseCall("openai:gpt-4.1-mini", params);
 * ```
 */
export function normaliseCall(modelKey: string, params: LanguageModelV3CallOptions): Record<string, unknown> {
  return {
    model: modelKey,
    prompt: params.prompt,
    tools: params.tools,
    toolChoice: params.toolChoice,
    maxOutputTokens: params.maxOutputTokens,
    temperature: params.temperature,
    topP: params.topP,
    topK: params.topK,
    presencePenalty: params.presencePenalty,
    frequencyPenalty: params.frequencyPenalty,
    stopSequences: params.stopSequences,
    responseFormat: params.responseFormat,
    seed: params.seed,
    providerOptions: params.providerOptions,
  };
}

/**
 * Undoes the bytes marker of `canonicalValue` everywhere in `value` (a fresh
 * copy; other values are kept as they are).
 */
export function reviveBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveBytes);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === bytesMarker && typeof record[bytesMarker] === "string") {
    return new Uint8Array(Buffer.from(record[bytesMarker], "base64"));
  }
  return Object.fromEntries(keys.map((key) => [key, reviveBytes(record[key])]));
}

/**
 * `canonicalValue` of `value` after checking that it is plain data, so that
 * reading it back gives what was stored: `null`, booleans, strings, finite
 * numbers, arrays, plain objects and bytes (`Uint8Array`, read back as a
 * `Uint8Array`). Anything else (a `Date`, a class instance, a function,
 * `undefined` in an array, a cycle…) throws a `TypeError` that starts with
 * `what` and names the path.
 */
export function plainData(value: unknown, what: string): JsonValue {
  const problem = plainDataProblem(value, [], "$");
  if (problem) {
    throw new TypeError(
      `${what} is not plain JSON data: ${problem}. Return objects, arrays, strings, finite numbers, booleans, null or bytes.`,
    );
  }
  return canonicalValue(value);
}

function plainDataProblem(value: unknown, ancestors: object[], path: string): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${value} at ${path}`;
  if (typeof value !== "object") return `${typeof value} at ${path}`;
  if (value instanceof Uint8Array) return undefined;
  if (ancestors.includes(value)) return `a cycle at ${path}`;
  const prototype = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && prototype !== Object.prototype && prototype !== null) {
    return `${prototype?.constructor?.name ?? "an object"} instance at ${path}`;
  }
  ancestors.push(value);
  try {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined && !isArray) continue;
      const problem = plainDataProblem(item, ancestors, isArray ? `${path}[${key}]` : `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  } finally {
    ancestors.pop();
  }
}

function canonical(value: unknown, ancestors: object[], path: string): JsonValue | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Uint8Array) return bytes(object);
  if (object instanceof ArrayBuffer) return bytes(new Uint8Array(object));
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
  if (object instanceof URL) return object.href;
  if (ancestors.includes(object)) throw new TypeError(`canonicalJson: the value has a cycle at ${path}`);
  ancestors.push(object);
  try {
    return container(object, ancestors, path);
  } finally {
    ancestors.pop();
  }
}

function container(object: object, ancestors: object[], path: string): JsonValue | undefined {
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return canonical(toJSON.call(object), ancestors, path);
  if (Array.isArray(object)) {
    return object.map((item, index) => canonical(item, ancestors, `${path}[${index}]`) ?? null);
  }
  if (object instanceof Map) {
    const entries = [...object].map(([key, item], index) => [
      canonical(key, ancestors, `${path}<key ${index}>`) ?? null,
      canonical(item, ancestors, `${path}<value ${index}>`) ?? null,
    ]);
    return { $map: entries };
  }
  if (object instanceof Set) {
    return { $set: [...object].map((item, index) => canonical(item, ancestors, `${path}<item ${index}>`) ?? null) };
  }
  const result: Record<string, JsonValue> = {};
  const record = object as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    const item = canonical(record[key], ancestors, `${path}.${key}`);
    if (item !== undefined) result[key] = item;
  }
  return result;
}

function bytes(data: Uint8Array): JsonValue {
  return { [bytesMarker]: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64") };
}
