import { truncateToTokens } from "./estimate-tokens.js";
import { formatEntry, type TranscriptEntry } from "./render-transcript.js";

/** Which entries to show: indices (`12`) or inclusive ranges (`"12-15"`, `"#3"`). */
export interface ExpandTranscriptRequest {
  indices: ReadonlyArray<number | string>;
}

/** The marker ending an expansion that was cut to fit its token bound. */
export const EXPAND_TRUNCATED_MARKER = "\n[TRUNCATED — ask for fewer entries]";

/** Ranges wider than this are cut: a judge never needs more, and `"0-1e9"` must not allocate. */
const maxSelected = 1000;

/**
 * Indices selected by `selection`, deduplicated, in the order asked, limited to
 * `0…count-1`; anything unusable (out of range, not a number) is listed in `invalid`.
 */
export function parseEntrySelection(
  selection: ReadonlyArray<number | string>,
  count: number,
): { indices: number[]; invalid: string[] } {
  const indices: number[] = [];
  const invalid: string[] = [];
  const seen = new Set<number>();
  const add = (index: number) => {
    if (!seen.has(index) && indices.length < maxSelected) indices.push(index);
    seen.add(index);
  };
  for (const item of selection) {
    const range: [number, number] | undefined = typeof item === "number" ? [item, item] : parseRange(item);
    if (!range || !Number.isInteger(range[0]) || !Number.isInteger(range[1])) {
      invalid.push(String(item));
      continue;
    }
    const from = Math.max(0, Math.min(range[0], range[1]));
    const to = Math.min(count - 1, Math.max(range[0], range[1]));
    if (from > to) invalid.push(String(item));
    for (let index = from; index <= to && indices.length < maxSelected; index++) add(index);
  }
  return { indices, invalid };
}

/**
 * The full text of the chosen entries, each as `#i label: text`, cut with
 * {@link EXPAND_TRUNCATED_MARKER} past `maxTokens`. Unknown indices are named
 * with the range that exists, so a judge can correct itself.
 *
 * @example
 * ```ts
 * expandTranscript(entries, { indices: [3, "10-12"] }, { maxTokens: 4096 });
 * ```
 */
export function expandTranscript(
  entries: readonly TranscriptEntry[],
  request: ExpandTranscriptRequest,
  options: { maxTokens: number },
): string {
  const byIndex = new Map(entries.map((entry) => [entry.index, entry]));
  const first = entries[0]?.index ?? 0;
  const { indices, invalid } = parseEntrySelection(request.indices, (entries.at(-1)?.index ?? -1) + 1);
  const sections: string[] = [];
  for (const index of indices) {
    const entry = byIndex.get(index);
    if (entry) sections.push(formatEntry(entry));
    else invalid.push(String(index));
  }
  if (invalid.length > 0) {
    const available = entries.length === 0 ? "the transcript is empty" : `entries are #${first}–#${entries.at(-1)?.index}`;
    sections.push(`[no such entries: ${invalid.join(", ")}; ${available}]`);
  }
  if (sections.length === 0) sections.push("[no entries requested]");
  return truncateToTokens(sections.join("\n\n"), options.maxTokens, EXPAND_TRUNCATED_MARKER);
}

function parseRange(text: string): [number, number] | undefined {
  const match = text.trim().match(/^#?(\d+)(?:\s*(?:-|–|\.\.)\s*#?(\d+))?$/);
  if (!match) return undefined;
  const from = Number(match[1]);
  return [from, match[2] === undefined ? from : Number(match[2])];
}
