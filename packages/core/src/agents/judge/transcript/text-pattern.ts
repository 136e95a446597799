/** A compiled search pattern: finds match positions in a text. */
export interface TextPattern {
  /** How the pattern is read, for messages: `substring "x"` or `regex /x/i`. */
  readonly description: string;
  /** Non-empty matches in `text`, in order, at most `limit` of them. */
  matches(text: string, limit: number): Array<{ start: number; end: number }>;
}

/**
 * Text longer than this is searched only up to here with a regex, bounding the
 * cost of a pattern that backtracks badly (substring search has no such cap).
 */
export const MAX_REGEX_SEARCH_CHARACTERS = 20_000;

// A quantified group that itself holds a quantifier — `(a+)+`, `(\w*)*`,
// `(x{2,}){3}` — is the classic exponential-backtracking shape; such patterns fall back to substring.
const nestedQuantifier = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;

/**
 * Reads `pattern` as a case-insensitive plain substring, unless it is written
 * `/source/flags` and compiles as a regex (flags `imsuv` honoured; `i` is added
 * unless `caseSensitive`). Regexes with nested quantifiers are searched as
 * substrings instead, and the description says so. `undefined` for an empty pattern.
 */
export function compilePattern(pattern: string, caseSensitive = false): TextPattern | undefined {
  if (pattern.length === 0) return undefined;
  const literal = pattern.match(/^\/(.+)\/([a-z]*)$/s);
  if (literal) {
    const [, source = "", flags = ""] = literal;
    const regex = compileRegex(source, flags, caseSensitive);
    if (regex) return regexPattern(regex);
  }
  return substringPattern(pattern, caseSensitive, literal && nestedQuantifier.test(literal[1] ?? ""));
}

function compileRegex(source: string, flags: string, caseSensitive: boolean): RegExp | undefined {
  if (/[^dgimsuvy]/.test(flags) || nestedQuantifier.test(source)) return undefined;
  const kept = [...new Set(flags.replace(/[gyd]/g, ""))].join("");
  try {
    return new RegExp(source, `${kept}${caseSensitive || kept.includes("i") ? "" : "i"}g`);
  } catch {
    return undefined;
  }
}

function regexPattern(regex: RegExp): TextPattern {
  return {
    description: `regex ${regex.toString()}`,
    matches: (text, limit) =>
      findAll(regex, text.length > MAX_REGEX_SEARCH_CHARACTERS ? text.slice(0, MAX_REGEX_SEARCH_CHARACTERS) : text, limit),
  };
}

function substringPattern(pattern: string, caseSensitive: boolean, unsafeRegex: boolean | null): TextPattern {
  // An escaped literal regex matches in linear time and, unlike lowercasing both
  // sides, keeps match positions exact for every Unicode text.
  const regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"), caseSensitive ? "g" : "gi");
  const kind = caseSensitive ? "substring" : "case-insensitive substring";
  return {
    description: `${kind} ${JSON.stringify(pattern)}${unsafeRegex ? " (regex with nested quantifiers searched as text)" : ""}`,
    matches: (text, limit) => findAll(regex, text, limit),
  };
}

function findAll(regex: RegExp, text: string, limit: number): Array<{ start: number; end: number }> {
  // A fresh copy per call: a shared global regex would carry `lastIndex` between texts.
  const search = new RegExp(regex.source, regex.flags);
  const found: Array<{ start: number; end: number }> = [];
  for (let match = search.exec(text); match && found.length < limit; match = search.exec(text)) {
    if (match[0].length === 0) search.lastIndex++;
    else found.push({ start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/**
 * `…context before MATCH context after…` on one line: whitespace collapsed,
 * `contextCharacters` each side, ellipses where the text was cut.
 */
export function snippetAround(text: string, match: { start: number; end: number }, contextCharacters = 80): string {
  const from = Math.max(0, match.start - contextCharacters);
  const to = Math.min(text.length, match.end + contextCharacters);
  const body = text.slice(from, to).replace(/\s+/g, " ");
  return `${from > 0 ? "…" : ""}${body}${to < text.length ? "…" : ""}`;
}
