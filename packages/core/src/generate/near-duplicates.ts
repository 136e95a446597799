/**
 * Near-duplicate scenarios, found lexically: two scenarios whose description,
 * goal and criteria share most of their word triples (Jaccard similarity of
 * 3-word shingles at or above the threshold) test the same thing in the same
 * words. This is a text measure, not a judgment of meaning: it removes the
 * repeats a model produces, and says which one each removed proposal repeats.
 */

/** The similarity at or above which two scenarios are near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;

/** The word triples of `text`, lowercased, punctuation dropped. */
export function shingles(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  const found = new Set<string>();
  if (words.length < 3) {
    if (words.length > 0) found.add(words.join(" "));
    return found;
  }
  for (let index = 0; index + 3 <= words.length; index++) found.add(`${words[index]} ${words[index + 1]} ${words[index + 2]}`);
  return found;
}

/** |a ∩ b| / |a ∪ b| (0 for two empty sets). */
export function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const each of left) if (right.has(each)) shared++;
  return shared / (left.size + right.size - shared);
}

/** An item kept or dropped, and the earlier one it repeats. */
export interface DuplicateCheck<Item> {
  readonly kept: Item[];
  readonly dropped: { readonly item: Item; readonly repeats: string; readonly similarity: number }[];
}

/**
 * Keeps each item unless it is a near-duplicate of an existing one (`existing`,
 * e.g. the files already in the output folder) or of an item kept before it.
 */
export function dropNearDuplicates<Item>(
  items: readonly Item[],
  textOf: (item: Item) => string,
  nameOf: (item: Item) => string,
  existing: readonly { name: string; text: string }[] = [],
  threshold = NEAR_DUPLICATE_THRESHOLD,
): DuplicateCheck<Item> {
  const seen = existing.map((each) => ({ name: each.name, shingles: shingles(each.text) }));
  const kept: Item[] = [];
  const dropped: DuplicateCheck<Item>["dropped"] = [];
  for (const item of items) {
    const own = shingles(textOf(item));
    let worst: { name: string; similarity: number } | undefined;
    for (const other of seen) {
      const similarity = jaccard(own, other.shingles);
      if (similarity >= threshold && (!worst || similarity > worst.similarity)) worst = { name: other.name, similarity };
    }
    if (worst) dropped.push({ item, repeats: worst.name, similarity: Number(worst.similarity.toFixed(2)) });
    else {
      kept.push(item);
      seen.push({ name: nameOf(item), shingles: own });
    }
  }
  return { kept, dropped };
}
