/**
 * The `finish_test` field name of a criterion, by the reference's rule: drop
 * double quotes, turn every other non-alphanumeric character into `_`,
 * lowercase, keep the first 70 characters.
 */
export function criterionToParamName(criterion: string): string {
  return criterion
    .replace(/"/g, "")
    .replace(/[^a-zA-Z0-9]/g, "_")
    .toLowerCase()
    .substring(0, 70);
}

/**
 * Field names for a list of criteria, made unique: a name already taken (two
 * criteria sharing their first 70 characters) gets `_2`, `_3`, … in place of
 * its last characters, so every criterion keeps its own verdict — the
 * reference silently merges them.
 */
export function criterionParamNames(criteria: readonly string[]): string[] {
  const taken = new Set<string>();
  return criteria.map((criterion) => {
    const base = criterionToParamName(criterion) || "criterion";
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) {
      const tail = `_${suffix}`;
      name = base.substring(0, 70 - tail.length) + tail;
    }
    taken.add(name);
    return name;
  });
}
