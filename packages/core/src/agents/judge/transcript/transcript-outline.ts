import { elideMiddle } from "./estimate-tokens.js";
import type { TranscriptEntry } from "./render-transcript.js";

/** Bounds for {@link transcriptOutline}. */
export interface OutlineOptions {
  /** The outline never exceeds this many estimated tokens. */
  maxTokens: number;
  /** Characters of each entry shown in its line. Default 80. */
  previewCharacters?: number;
}

/**
 * A bounded skeleton of a long transcript: one line per entry,
 * `#i role: <first ~80 chars>… (N chars)`. When even that is over
 * `maxTokens`, the middle is elided — head and tail kept, and a line says which
 * entries were left out and which tools read them. Always within the bound.
 *
 * @example
 * ```ts
 * transcriptOutline(renderTranscript(messages), { maxTokens: 4096 });
 * // #0 user: I need a refund for order 42, it arrived broken and the box was… (1834 chars)
 * // … 340 entries omitted (#12–#351); use grep_transcript or expand_transcript to read them
 * ```
 */
export function transcriptOutline(entries: readonly TranscriptEntry[], options: OutlineOptions): string {
  const lines = entries.map((entry) => outlineLine(entry, options.previewCharacters ?? 80));
  const indexAt = (position: number) => entries[position]?.index ?? position;
  return elideMiddle(
    lines,
    options.maxTokens,
    (omitted, first, last) =>
      `… ${omitted} entries omitted (#${indexAt(first)}–#${indexAt(last)}); use grep_transcript or expand_transcript to read them`,
  );
}

/** `#i label: preview… (N chars)`, on one line whatever the entry holds. */
export function outlineLine(entry: TranscriptEntry, previewCharacters = 80): string {
  // Only the head is needed; flattening a 100 kB entry to show 80 characters would be waste.
  const flat = entry.text
    .slice(0, previewCharacters * 4 + 1)
    .replace(/\s+/g, " ")
    .trim();
  if (flat.length <= previewCharacters && entry.text.length <= previewCharacters * 4) {
    return `#${entry.index} ${entry.label}: ${flat}`;
  }
  let end = Math.min(previewCharacters, flat.length);
  const code = flat.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `#${entry.index} ${entry.label}: ${flat.slice(0, end)}… (${entry.text.length} chars)`;
}
