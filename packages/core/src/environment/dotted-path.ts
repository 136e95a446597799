import { ConfigError } from "../domain/errors.js";

/** One step of a parsed path: an object key, or an array index (negative counts from the end). */
export type PathSegment = string | number;

/** What `readPath` found: `found` is false when any part of the path is missing. */
export interface PathLookup {
  readonly found: boolean;
  readonly value?: unknown;
}

/** Where a path came from, for the `ConfigError` a bad path raises. */
export interface ParsePathOptions {
  /** Config source named in errors. Default: `"parsePath()"`. */
  readonly source?: string;
  /** Dotted path of the field holding the path, for errors. */
  readonly field?: string;
}

const identifierCharacter = /[^.[\]"'\s]/;

/**
 * Splits a dotted path into segments: `a.b.c`, `a[0].b`, `a[-1]` (last element)
 * and quoted keys `a["x.y"]` or `a['x']` (backslash escapes the quote).
 * Throws a `ConfigError` naming the path when its syntax is wrong.
 *
 * @example
 * parsePath('state.orders[-1]["order.id"]'); // ["state", "orders", -1, "order.id"]
 */
export function parsePath(path: string, options: ParsePathOptions = {}): PathSegment[] {
  const fail = (problem: string, at: number): never => {
    throw new ConfigError(`path ${JSON.stringify(path)}: ${problem} at character ${at + 1}`, {
      source: options.source ?? "parsePath()",
      path: options.field,
    });
  };
  if (typeof path !== "string" || path.length === 0) return fail("must be a non-empty string", 0);
  const segments: PathSegment[] = [];
  let index = 0;
  while (index < path.length) {
    const character = path[index] ?? "";
    if (character === "[") {
      const close = readBracket(path, index, fail);
      segments.push(close.segment);
      index = close.end;
    } else {
      if (segments.length > 0) {
        if (character !== ".") return fail(`expected "." or "[" but found ${JSON.stringify(character)}`, index);
        index += 1;
      }
      const start = index;
      while (index < path.length && identifierCharacter.test(path[index] ?? "")) index += 1;
      if (index === start) return fail('empty key (use ["…"] for keys with special characters)', start);
      segments.push(path.slice(start, index));
    }
  }
  return segments;
}

function readBracket(
  path: string,
  open: number,
  fail: (problem: string, at: number) => never,
): { segment: PathSegment; end: number } {
  const quote = path[open + 1];
  if (quote === '"' || quote === "'") {
    let key = "";
    let index = open + 2;
    while (index < path.length && path[index] !== quote) {
      if (path[index] === "\\" && index + 1 < path.length) index += 1;
      key += path[index];
      index += 1;
    }
    if (index >= path.length) return fail("unterminated quoted key", open);
    if (path[index + 1] !== "]") return fail('expected "]" after quoted key', index + 1);
    return { segment: key, end: index + 2 };
  }
  const close = path.indexOf("]", open);
  if (close === -1) return fail('missing "]"', open);
  const text = path.slice(open + 1, close);
  if (!/^-?\d+$/.test(text)) return fail(`index must be an integer or a quoted key, got [${text}]`, open);
  return { segment: Number(text), end: close + 1 };
}

/**
 * Follows `segments` from `root`. Never throws: a missing key, an index out of
 * range or a step into a non-object gives `{ found: false }`. Only own
 * properties count (so `toString` is missing); arrays also expose `length`,
 * and a digit key such as `items.0` indexes an array.
 */
export function readPath(root: unknown, segments: readonly PathSegment[]): PathLookup {
  let current: unknown = root;
  for (const segment of segments) {
    if (typeof current !== "object" || current === null) return { found: false };
    const key = keyFor(current, segment);
    if (key === undefined || !Object.hasOwn(current, key)) return { found: false };
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

function keyFor(container: object, segment: PathSegment): string | undefined {
  if (!Array.isArray(container)) return String(segment);
  const index = typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : undefined;
  if (index === undefined) return segment as string;
  const position = index < 0 ? container.length + index : index;
  return position >= 0 && position < container.length ? String(position) : undefined;
}

/** Writes segments back as a path: identifiers dotted, other keys quoted, indexes in brackets. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, position) => {
      if (typeof segment === "number") return `[${segment}]`;
      if (/^[^.[\]"'\s]+$/.test(segment)) return position === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join("");
}
