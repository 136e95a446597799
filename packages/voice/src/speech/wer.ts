/** The word error rate of a hypothesis against a reference, with the edit counts behind it. */
export interface WordErrorRate {
  /** (substitutions + deletions + insertions) / referenceWords; 0 is a perfect match, and it can exceed 1. */
  wer: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Words in the normalised reference. */
  referenceWords: number;
}

const DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/**
 * The text as word error rate compares it: lowercase, apostrophes dropped
 * ("don't" = "dont"), every other punctuation mark a space, each digit spelt
 * as a word ("123" = "one two three", as recognisers often write digits out),
 * whitespace collapsed.
 *
 * @example
 * ```ts
 * normalizeTranscript("Order #123, please!") // "order one two three please"
 * ```
 */
export function normalizeTranscript(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['’‘`]/g, "")
    .replace(/[0-9]/g, (digit) => ` ${DIGIT_WORDS[Number(digit)]} `)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Word error rate of `hypothesis` (what a recogniser heard) against
 * `reference` (what was said): the word-level Levenshtein distance over the
 * normalised texts ({@link normalizeTranscript}) divided by the reference's
 * word count. An empty reference gives 0 for an empty hypothesis and 1
 * otherwise, so "something was heard where nothing was said" still fails a
 * threshold.
 *
 * @example
 * ```ts
 * wordErrorRate("transfer me to billing", "transfer me to the billing").wer // 0.25 (one insertion)
 * ```
 */
export function wordErrorRate(reference: string, hypothesis: string): WordErrorRate {
  const expected = words(reference);
  const heard = words(hypothesis);
  const counts = editCounts(expected, heard);
  const errors = counts.substitutions + counts.deletions + counts.insertions;
  const wer = expected.length === 0 ? (heard.length === 0 ? 0 : 1) : errors / expected.length;
  return { wer, ...counts, referenceWords: expected.length };
}

function words(text: string): string[] {
  const normalized = normalizeTranscript(text);
  return normalized === "" ? [] : normalized.split(" ");
}

/** Minimum edits turning `expected` into `heard`, split by kind (backtracking one optimal alignment). */
function editCounts(expected: string[], heard: string[]): Omit<WordErrorRate, "wer" | "referenceWords"> {
  const rows = expected.length + 1;
  const columns = heard.length + 1;
  const distance = new Uint32Array(rows * columns);
  for (let row = 0; row < rows; row++) distance[row * columns] = row;
  for (let column = 0; column < columns; column++) distance[column] = column;
  for (let row = 1; row < rows; row++) {
    for (let column = 1; column < columns; column++) {
      const cost = expected[row - 1] === heard[column - 1] ? 0 : 1;
      distance[row * columns + column] = Math.min(
        at(distance, (row - 1) * columns + column - 1) + cost,
        at(distance, (row - 1) * columns + column) + 1,
        at(distance, row * columns + column - 1) + 1,
      );
    }
  }
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  let row = expected.length;
  let column = heard.length;
  while (row > 0 || column > 0) {
    const here = at(distance, row * columns + column);
    if (row > 0 && column > 0) {
      const cost = expected[row - 1] === heard[column - 1] ? 0 : 1;
      if (here === at(distance, (row - 1) * columns + column - 1) + cost) {
        substitutions += cost;
        row--;
        column--;
        continue;
      }
    }
    if (row > 0 && here === at(distance, (row - 1) * columns + column) + 1) {
      deletions++;
      row--;
    } else {
      insertions++;
      column--;
    }
  }
  return { substitutions, deletions, insertions };
}

function at(values: Uint32Array, index: number): number {
  return values[index] ?? 0;
}
