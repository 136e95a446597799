/**
 * One shape of sensitive value in text. `pattern` is global and its whole
 * match is the value: context that must be present but kept (`Bearer `, a
 * label, the `@` after a URL password) goes in lookarounds.
 */
export interface ValuePattern<Kind extends string = string> {
  readonly kind: Kind;
  readonly pattern: RegExp;
  /** Extra checks a regex cannot express (checksums, digit counts, a decoded header). */
  readonly accept?: (value: string) => boolean;
  /** Whether the match must not be a slice of a longer token (ids such as `ORD-2024-0001`); see `standsAlone`. */
  readonly standalone?: boolean;
  /** Text every match contains (`@` for an email; `/\d/` for a card): a text without it skips the pattern, the cheap way. */
  readonly hint?: string | RegExp;
}

/** One value found by `scanText`. */
export interface TextMatch<Kind extends string = string> {
  readonly kind: Kind;
  /** The text as written. */
  readonly value: string;
  /** Offset of `value` in the text. */
  readonly index: number;
}

const WORD = /[\p{L}\p{N}_]/u;
const DIGIT = /\d/;

/** False when the match is a slice of a longer token: `2024-0001` in `ORD-2024-0001`, digits of `v1.2.3`, `#1002…`. */
export function standsAlone(text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? " ";
  const beforeTwo = text[start - 2] ?? " ";
  const after = text[end] ?? " ";
  const afterTwo = text[end + 1] ?? " ";
  if (WORD.test(before) || "#@/\\+$".includes(before)) return false;
  if ("-.:".includes(before) && WORD.test(beforeTwo)) return false;
  if (before === " " && DIGIT.test(beforeTwo)) return false;
  if (WORD.test(after) || "@/\\".includes(after)) return false;
  return !("-.:/ ".includes(after) && DIGIT.test(afterTwo));
}

/**
 * Every value of `patterns` in `text`, in reading order. Patterns are tried
 * in the order given and a match overlapping one taken earlier is dropped, so
 * an earlier pattern wins: the digits of an IBAN are never also a card, the
 * `user:password@host` of a URL never an email.
 *
 * @example
 * ```ts
 * scanText("call 020 7946 0958", [{ kind: "phone", pattern: /0\d{2}(?: \d{4}){2}/g }])
 * // [{ kind: "phone", value: "020 7946 0958", index: 5 }]
 * ```
 */
export function scanText<Kind extends string>(text: string, patterns: readonly ValuePattern<Kind>[]): TextMatch<Kind>[] {
  const found: TextMatch<Kind>[] = [];
  for (const { kind, pattern, accept, standalone, hint } of patterns) {
    if (hint !== undefined && !(typeof hint === "string" ? text.includes(hint) : hint.test(text))) continue;
    // exec over the shared (global) pattern rather than matchAll, which copies the RegExp on every call;
    // synchronous from the reset to the end, so no other caller sees its lastIndex
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const value = match[0];
      const start = match.index;
      const end = start + value.length;
      if (value.length === 0) {
        pattern.lastIndex++;
        continue;
      }
      if (standalone && !standsAlone(text, start, end)) continue;
      if (accept && !accept(value)) continue;
      if (found.some((taken) => start < taken.index + taken.value.length && end > taken.index)) continue;
      found.push({ kind, value, index: start });
    }
    pattern.lastIndex = 0;
  }
  return found.length > 1 ? found.sort((left, right) => left.index - right.index) : found;
}
