import { ConfigError } from "../../domain/errors.js";

/** One step of a response path: an object key, or an array index (negative counts from the end). */
export type PathSegment = { readonly key: string } | { readonly index: number };

/** A parsed response path. */
export interface ResponsePath {
  /** The path as written. */
  readonly source: string;
  readonly segments: readonly PathSegment[];
}

/** What following a path found: the value, or where and why it stopped. */
export type PathResolution =
  | { readonly found: true; readonly value: unknown }
  | {
      readonly found: false;
      /** Index of the segment that failed. */
      readonly failedAt: number;
      readonly reason: string;
    };

const SYNTAX_HINT = 'write keys as a.b, indexes as [0] or [-1] (from the end), keys with dots or spaces as ["a.b"]';

/**
 * Parses a response path: keys joined by dots, `[n]` indexes (negative from
 * the end) and quoted keys (`["key with.dots"]`, `['it\'s']`), e.g.
 * `choices[0].message.content` or `results[-1].text`. Bad syntax is a
 * `ConfigError` naming the option, thrown when the agent is made.
 */
export function parseResponsePath(source: string, option: string, factory = "httpAgent"): ResponsePath {
  const fail = (problem: string): never => {
    throw new ConfigError(`${factory}: ${option} ${JSON.stringify(source)} is not a valid path: ${problem}; ${SYNTAX_HINT}`, {
      source: `${factory}()`,
      path: option,
    });
  };
  if (typeof source !== "string" || source.trim() === "") fail("it is empty");
  const segments: PathSegment[] = [];
  let position = 0;
  while (position < source.length) {
    const character = source[position];
    if (character === "[") {
      const { segment, end } = bracketSegment(source, position, fail);
      segments.push(segment);
      position = end;
      continue;
    }
    if (segments.length > 0) {
      if (character !== ".") fail(`expected "." or "[" at position ${position}`);
      position++;
    }
    const key = /^[^.[\]"'\s]+/.exec(source.slice(position))?.[0];
    if (!key) fail(`expected a key at position ${position}`);
    segments.push({ key: key as string });
    position += (key as string).length;
  }
  return { source, segments };
}

function bracketSegment(source: string, start: number, fail: (problem: string) => never) {
  const rest = source.slice(start + 1);
  const index = /^(-?\d+)\]/.exec(rest);
  if (index) return { segment: { index: Number(index[1]) }, end: start + 2 + (index[1] as string).length };
  const quote = rest[0];
  if (quote !== '"' && quote !== "'") return fail(`expected a number or a quoted key after "[" at position ${start}`);
  let key = "";
  for (let position = 1; position < rest.length; position++) {
    const character = rest[position] as string;
    if (character === "\\" && position + 1 < rest.length) {
      key += rest[++position];
    } else if (character === quote) {
      if (rest[position + 1] !== "]") return fail(`expected "]" after the quoted key at position ${start + position + 2}`);
      return { segment: { key }, end: start + position + 3 };
    } else {
      key += character;
    }
  }
  return fail(`the quoted key opened at position ${start + 1} is not closed`);
}

/** Follows `path` through `value` (parsed JSON). */
export function resolvePath(path: ResponsePath, value: unknown): PathResolution {
  let current = value;
  for (const [at, segment] of path.segments.entries()) {
    const stop = (reason: string): PathResolution => ({ found: false, failedAt: at, reason });
    if ("index" in segment) {
      if (!Array.isArray(current)) return stop(`expected a list, found ${kindOf(current)}`);
      const index = segment.index < 0 ? current.length + segment.index : segment.index;
      if (index < 0 || index >= current.length) return stop(`index ${segment.index} is out of range (length ${current.length})`);
      current = current[index];
    } else {
      if (typeof current !== "object" || current === null || Array.isArray(current)) {
        return stop(`expected an object, found ${kindOf(current)}`);
      }
      if (!Object.hasOwn(current, segment.key)) {
        const keys = Object.keys(current);
        return stop(
          `no key ${JSON.stringify(segment.key)} (keys: ${keys.slice(0, 8).join(", ") || "none"}${keys.length > 8 ? ", …" : ""})`,
        );
      }
      current = (current as Record<string, unknown>)[segment.key];
    }
  }
  return { found: true, value: current };
}

/** The segments up to and including `end` written back as a path, for messages. */
export function formatPath(segments: readonly PathSegment[], end = segments.length - 1): string {
  let text = "";
  for (const segment of segments.slice(0, end + 1)) {
    if ("index" in segment) text += `[${segment.index}]`;
    else if (/^[^.[\]"'\s]+$/.test(segment.key)) text += text ? `.${segment.key}` : segment.key;
    else text += `[${JSON.stringify(segment.key)}]`;
  }
  return text;
}

/** A short name for a JSON value's kind: `a string`, `a list`, `null`, … */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
