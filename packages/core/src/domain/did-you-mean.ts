/**
 * The candidate closest to `word` by edit distance, if within `maxDistance`
 * (ties go to the one nearer with case counted, then to the earlier candidate). Used for "did you mean" hints on
 * misspelt keys, so a distant guess is worse than none.
 *
 * @example
 * closestMatch("stpes", ["steps", "name"]); // "steps"
 */
export function closestMatch(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  let bestCaseDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > maxDistance || distance > bestDistance) continue;
    // equally near ignoring case (`SupportAgent`, `supportAgent`): the one nearer as written wins
    const caseDistance = editDistance(word, candidate);
    if (distance < bestDistance || caseDistance < bestCaseDistance) {
      best = candidate;
      bestDistance = distance;
      bestCaseDistance = caseDistance;
    }
  }
  return best;
}

/** Levenshtein distance with one rolling row: keys are short, so O(n·m) is fine. */
export function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current[column] = Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * `unknown key "when" (did you mean "at"?)`: the closest allowed key (never
 * the unknown key itself), or else the one required key that is missing when
 * a single key is unknown.
 */
export function unknownKeysProblem(
  keys: ReadonlyArray<string>,
  allowed: readonly string[],
  missing: ReadonlyArray<string> = [],
): string {
  const descriptions = keys.map((key) => {
    // an allowed list merged from several forms may hold the key itself: suggesting it would contradict the error
    const others = allowed.filter((candidate) => candidate !== key);
    const suggestion = closestMatch(key, others) ?? (keys.length === 1 && missing.length === 1 ? missing[0] : undefined);
    return suggestion ? `"${key}" (did you mean "${suggestion}"?)` : `"${key}"`;
  });
  return `unknown key${keys.length > 1 ? "s" : ""} ${descriptions.join(", ")}`;
}
