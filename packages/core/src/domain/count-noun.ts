/**
 * A count with its noun in the right number: `1 check`, `2 checks`, `0 checks`.
 * Give `plural` for nouns that do not just take an `s` (`criterion` → `criteria`).
 *
 * @example
 * countNoun(1, "scenario"); // "1 scenario"
 * countNoun(3, "criterion", "criteria"); // "3 criteria"
 */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
