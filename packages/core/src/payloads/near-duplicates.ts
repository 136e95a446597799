import type { Payload } from "./payload.js";

/** Two payloads whose texts are too alike to count as separate test inputs. */
export interface NearDuplicate {
  /** Id of the earlier payload in the list. */
  readonly first: string;
  /** Id of the later payload in the list. */
  readonly second: string;
  /** Jaccard similarity of their word 3-gram sets, in [0, 1]. */
  readonly similarity: number;
}

const shingleSize = 3;

/**
 * Pairs of payloads whose texts share most of their wording: the Jaccard similarity of their
 * lower-cased word 3-gram ("shingle") sets is at least `threshold`. A library test fails on any
 * pair, so a copied-and-tweaked payload cannot pad the counts.
 *
 * @example
 * nearDuplicates(payloadLibrary); // [] when every text is distinct
 */
export function nearDuplicates(payloads: readonly Payload[], threshold = 0.8): NearDuplicate[] {
  const shingleSets = payloads.map((payload) => shingles(payload.text));
  const pairs: NearDuplicate[] = [];
  for (let left = 0; left < payloads.length; left++) {
    for (let right = left + 1; right < payloads.length; right++) {
      const similarity = jaccard(shingleSets[left]!, shingleSets[right]!);
      if (similarity >= threshold) pairs.push({ first: payloads[left]!.id, second: payloads[right]!.id, similarity });
    }
  }
  return pairs;
}

/** The set of word 3-grams of `text`; a text shorter than three words is one shingle of all its words. */
export function shingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < shingleSize) return new Set(words.length === 0 ? [] : [words.join(" ")]);
  const result = new Set<string>();
  for (let start = 0; start + shingleSize <= words.length; start++) {
    result.add(words.slice(start, start + shingleSize).join(" "));
  }
  return result;
}

function jaccard(first: Set<string>, second: Set<string>): number {
  // Two empty texts are the same text.
  if (first.size === 0 && second.size === 0) return 1;
  let shared = 0;
  for (const shingle of first) if (second.has(shingle)) shared++;
  return shared / (first.size + second.size - shared);
}
