/** Operators of an `assertion` step (issue #5: the seed shows `equals`; the rest are listed there). */
export const assertionOperators = ["equals", "not_equals", "contains", "matches", "greater_than", "less_than", "exists"] as const;

/** One assertion operator. */
export type AssertionOperator = (typeof assertionOperators)[number];
