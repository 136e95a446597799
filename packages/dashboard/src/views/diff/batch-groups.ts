/**
 * The batch diff's groups: scenario items by classification, regressions
 * first, then fixed, flaky, still failing, new, removed and unchanged (the
 * last hidden unless the user asks for everything). Within a group the
 * server's order (scenario id) is kept.
 */
export type Classification = "regressed" | "fixed" | "flaky" | "stillFailing" | "new" | "removed" | "unchanged";
export type BatchShow = "changed" | "all";

/** The order groups are shown in. */
export const GROUP_ORDER: readonly Classification[] = [
  "regressed",
  "fixed",
  "flaky",
  "stillFailing",
  "new",
  "removed",
  "unchanged",
];

export const CLASSIFICATION_LABELS: Record<Classification, string> = {
  regressed: "Regressed",
  fixed: "Fixed",
  flaky: "Flaky",
  stillFailing: "Still failing",
  new: "New",
  removed: "Removed",
  unchanged: "Unchanged",
};

/** What each group means, under its heading. */
export const CLASSIFICATION_HINTS: Record<Classification, string> = {
  regressed: "passed at least once in base, never in head",
  fixed: "every head run passed, not every base run did",
  flaky: "head has both passing and failing runs",
  stillFailing: "no run passed in either batch",
  new: "only in head",
  removed: "only in base",
  unchanged: "every run passed in both, or nothing settled in head",
};

export interface ItemGroup<T> {
  classification: Classification;
  items: T[];
}

/** Non-empty groups in display order; `unchanged` only when `show` is `all`. */
export function groupItems<T extends { classification: Classification }>(
  items: readonly T[],
  show: BatchShow,
): Array<ItemGroup<T>> {
  const groups = new Map<Classification, T[]>(GROUP_ORDER.map((classification) => [classification, []]));
  for (const item of items) groups.get(item.classification)?.push(item);
  return GROUP_ORDER.filter((classification) => show === "all" || classification !== "unchanged")
    .map((classification) => ({ classification, items: groups.get(classification) ?? [] }))
    .filter((group) => group.items.length > 0);
}
