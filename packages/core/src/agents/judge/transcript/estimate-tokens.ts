/**
 * Above this many estimated tokens a judge stops pasting the transcript or
 * trace whole and shows an outline plus discovery tools (the reference's value).
 */
export const DEFAULT_TOKEN_THRESHOLD = 8192;

/**
 * Cost of a text in quarter tokens: 1 per ASCII code unit (English averages
 * about four characters a token), 4 per non-ASCII code unit (CJK, emoji and
 * accented text often cost a token per character or more). Integers keep the
 * budget arithmetic below exact.
 */
export function textUnits(text: string): number {
  let units = 0;
  for (let index = 0; index < text.length; index++) units += text.charCodeAt(index) < 128 ? 1 : 4;
  return units;
}

/**
 * Cheap, deliberately pessimistic token estimate: `ceil(ascii / 4) + non-ASCII`
 * code units, so `"hello"` → 2 and `"日本"` → 2. No tokenizer is loaded; the
 * estimate only has to keep prompts inside a bound, not match a provider.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(textUnits(text) / 4);
}

/**
 * `text` unchanged when it fits `maxTokens`; otherwise its longest prefix that
 * fits together with `marker` appended. The result never exceeds the bound
 * (when even the marker does not fit, the marker itself is cut).
 */
export function truncateToTokens(text: string, maxTokens: number, marker = "\n[TRUNCATED]"): string {
  const budget = Math.max(0, Math.floor(maxTokens)) * 4;
  if (textUnits(text) <= budget) return text;
  const markerUnits = textUnits(marker);
  if (markerUnits > budget) return prefixWithin(marker, budget);
  return prefixWithin(text, budget - markerUnits) + marker;
}

/** Longest prefix of `text` costing at most `budgetUnits`, never splitting a surrogate pair. */
function prefixWithin(text: string, budgetUnits: number): string {
  let units = 0;
  let end = 0;
  while (end < text.length) {
    const cost = text.charCodeAt(end) < 128 ? 1 : 4;
    if (units + cost > budgetUnits) break;
    units += cost;
    end++;
  }
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * Joins `lines` with newlines, keeping as many leading lines as fit
 * `maxTokens` together with `footer(omittedCount)` (appended when non-empty;
 * it is also asked with 0, so it can report things left out before joining).
 * Lines are never cut mid-way unless even the footer alone is over the bound.
 */
export function joinWithinTokens(
  lines: readonly string[],
  maxTokens: number,
  footer: (omittedCount: number) => string = () => "",
): string {
  const withFooter = (kept: readonly string[], omitted: number) => {
    const closing = footer(omitted);
    return (closing ? [...kept, closing] : kept).join("\n");
  };
  const all = withFooter(lines, 0);
  if (estimateTokens(all) <= maxTokens) return all;
  // The widest footer (most omitted) bounds every narrower one, so reserve it up front.
  const budget = Math.max(0, Math.floor(maxTokens)) * 4 - textUnits(footer(lines.length)) - 1;
  let kept = 0;
  let used = 0;
  for (const line of lines) {
    const cost = textUnits(line) + 1;
    if (used + cost > budget) break;
    used += cost;
    kept++;
  }
  return truncateToTokens(withFooter(lines.slice(0, kept), lines.length - kept), maxTokens);
}

/**
 * `lines` joined with newlines within `maxTokens`: when they do not all fit,
 * lines are taken alternately from the head and the tail and the middle is
 * replaced by `note(omittedCount, firstOmitted, lastOmitted)` (positions in
 * `lines`), so both ends stay visible. Always within the bound.
 */
export function elideMiddle(
  lines: readonly string[],
  maxTokens: number,
  note: (omittedCount: number, firstOmitted: number, lastOmitted: number) => string,
): string {
  const all = lines.join("\n");
  if (estimateTokens(all) <= maxTokens) return all;
  const last = lines.length - 1;
  // The note with the most omitted and the widest positions costs at least as much as the real one.
  const budget = Math.max(0, Math.floor(maxTokens)) * 4 - textUnits(note(lines.length, last, last)) - 2;
  let head = 0;
  let tail = 0;
  let used = 0;
  while (head + tail < lines.length) {
    const takeHead = head <= tail;
    const cost = textUnits(lines[takeHead ? head : last - tail] ?? "") + 1;
    if (used + cost > budget) break;
    used += cost;
    if (takeHead) head++;
    else tail++;
  }
  const middle = note(lines.length - head - tail, head, last - tail);
  return truncateToTokens([...lines.slice(0, head), middle, ...lines.slice(lines.length - tail)].join("\n"), maxTokens, "");
}
