import { joinWithinTokens } from "./estimate-tokens.js";
import { formatEntry, type TranscriptEntry } from "./render-transcript.js";
import { compilePattern, snippetAround } from "./text-pattern.js";

/** What to search for: a substring, or a regex written `/source/flags`. */
export interface GrepTranscriptRequest {
  pattern: string;
  /** Default false: the judge rarely knows the exact casing it is looking for. */
  caseSensitive?: boolean;
}

/** Bounds for {@link grepTranscript}. */
export interface GrepTranscriptOptions {
  maxTokens: number;
  /** Snippets shown at most; the rest are counted in an "N more matches omitted" line. Default 20. */
  maxMatches?: number;
  /** Characters of context each side of a match. Default 80. */
  contextCharacters?: number;
}

/** Matches counted per entry at most, so a one-letter pattern cannot make the count itself expensive. */
const maxCountedPerEntry = 1000;

/**
 * The entries matching `pattern`, one line per match: `#i label: …context…`.
 * Matches inside a snippet already shown are not repeated. Past `maxMatches`
 * or `maxTokens`, a closing line counts what was left out. When nothing
 * matches, says so and describes the entries that exist.
 *
 * @example
 * ```ts
 * grepTranscript(entries, { pattern: "/refund(ed)?/" }, { maxTokens: 4096 });
 * ```
 */
export function grepTranscript(
  entries: readonly TranscriptEntry[],
  request: GrepTranscriptRequest,
  options: GrepTranscriptOptions,
): string {
  const pattern = compilePattern(request.pattern, request.caseSensitive);
  if (!pattern) return "Error: grep_transcript needs a non-empty pattern.";
  const maxMatches = options.maxMatches ?? 20;
  const context = options.contextCharacters ?? 80;
  const snippets: string[] = [];
  const represented: number[] = [];
  let total = 0;
  let matchingEntries = 0;
  for (const entry of entries) {
    const line = formatEntry(entry);
    const matches = pattern.matches(line, maxCountedPerEntry);
    if (matches.length === 0) continue;
    total += matches.length;
    matchingEntries++;
    let coveredUntil = -1;
    for (const match of matches) {
      if (match.start < coveredUntil) {
        represented[represented.length - 1]! += 1;
        continue;
      }
      if (snippets.length >= maxMatches) break;
      const snippet = snippetAround(line, match, context);
      snippets.push(snippet.startsWith("…") ? `#${entry.index} ${entry.label}: ${snippet}` : snippet);
      represented.push(1);
      coveredUntil = match.end + context;
    }
  }
  if (total === 0) return noMatch(entries, pattern.description);
  const header = `${total} match${total === 1 ? "" : "es"} for ${pattern.description} in ${matchingEntries} entr${matchingEntries === 1 ? "y" : "ies"}:`;
  // Lines are the header then one per snippet; each snippet stands for the matches it covers.
  const footer = (omittedLines: number) => {
    const shownSnippets = Math.max(0, snippets.length - omittedLines);
    const omitted = total - represented.slice(0, shownSnippets).reduce((sum, count) => sum + count, 0);
    return omitted > 0
      ? `${omitted} more match${omitted === 1 ? "" : "es"} omitted; narrow the pattern or use expand_transcript.`
      : "";
  };
  return joinWithinTokens([header, ...snippets], options.maxTokens, footer);
}

function noMatch(entries: readonly TranscriptEntry[], description: string): string {
  if (entries.length === 0) return `No matches for ${description}: the transcript is empty.`;
  const roles = new Map<string, number>();
  for (const entry of entries) roles.set(entry.role, (roles.get(entry.role) ?? 0) + 1);
  const counts = [...roles].map(([role, count]) => `${count} ${role}`).join(", ");
  const range = `#${entries[0]?.index}–#${entries.at(-1)?.index}`;
  return `No matches for ${description}. The transcript has ${entries.length} entries (${range}): ${counts}. Try another pattern or expand_transcript.`;
}
