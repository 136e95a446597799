/**
 * Judge–human agreement on one criterion (decision 0050): the 2×2 confusion
 * of the judge's verdict against a person's, the observed agreement and
 * Cohen's κ, which discounts the agreement two raters would reach by chance
 * given how often each says `met`. Pure arithmetic: the store gives the pairs.
 */

/** A verdict both raters can give; a person's `unsure` is excluded before this point (and counted). */
export type BinaryVerdict = "met" | "unmet";

/** How many pairs fell in each cell: the judge's verdict first, then the person's. */
export interface Confusion {
  judgeMetHumanMet: number;
  judgeMetHumanUnmet: number;
  judgeUnmetHumanMet: number;
  judgeUnmetHumanUnmet: number;
}

/** Agreement over a set of pairs; `kappa` is `null` with `kappaUndefinedBecause` when it cannot be computed. */
export interface Agreement {
  /** Pairs compared (a `met`/`unmet` label against the judge's verdict). */
  n: number;
  /** Labels saying `unsure`: excluded from `n`, counted here. */
  unsure: number;
  /** Share of the `n` pairs where judge and person agree; `null` when `n` is 0. */
  observedAgreement: number | null;
  /** Agreement expected by chance from each rater's own share of `met`; `null` when `n` is 0. */
  chanceAgreement: number | null;
  kappa: number | null;
  kappaUndefinedBecause: string | null;
  confusion: Confusion;
}

/** An empty confusion matrix. */
export function emptyConfusion(): Confusion {
  return { judgeMetHumanMet: 0, judgeMetHumanUnmet: 0, judgeUnmetHumanMet: 0, judgeUnmetHumanUnmet: 0 };
}

/** Adds one judge/person pair to `confusion`. */
export function tally(confusion: Confusion, judge: BinaryVerdict, human: BinaryVerdict): void {
  if (judge === "met") {
    if (human === "met") confusion.judgeMetHumanMet++;
    else confusion.judgeMetHumanUnmet++;
  } else if (human === "met") confusion.judgeUnmetHumanMet++;
  else confusion.judgeUnmetHumanUnmet++;
}

/**
 * Observed agreement, chance agreement and Cohen's κ = (pₒ − pₑ) ÷ (1 − pₑ)
 * of a confusion matrix. κ is undefined with no pairs, and when chance
 * agreement is 1 — both raters gave one and the same verdict every time, so
 * there is no disagreement left to beat chance on (they may still agree
 * perfectly: `observedAgreement` says so).
 *
 * @example
 * agreementOf({ judgeMetHumanMet: 20, judgeMetHumanUnmet: 5, judgeUnmetHumanMet: 10, judgeUnmetHumanUnmet: 15 }, 0).kappa; // 0.4
 */
export function agreementOf(confusion: Confusion, unsure: number): Agreement {
  const { judgeMetHumanMet: a, judgeMetHumanUnmet: b, judgeUnmetHumanMet: c, judgeUnmetHumanUnmet: d } = confusion;
  const n = a + b + c + d;
  const base = { n, unsure, confusion: { ...confusion } };
  if (n === 0)
    return {
      ...base,
      observedAgreement: null,
      chanceAgreement: null,
      kappa: null,
      kappaUndefinedBecause: unsure > 0 ? "every label is unsure: no pairs to compare" : "no labels to compare",
    };
  const observed = (a + d) / n;
  const judgeMet = (a + b) / n;
  const humanMet = (a + c) / n;
  const chance = judgeMet * humanMet + (1 - judgeMet) * (1 - humanMet);
  if (chance >= 1)
    return {
      ...base,
      observedAgreement: observed,
      chanceAgreement: chance,
      kappa: null,
      kappaUndefinedBecause: `judge and people all said ${a > 0 ? "met" : "unmet"}: agreement expected by chance is 1, so κ is undefined`,
    };
  return {
    ...base,
    observedAgreement: observed,
    chanceAgreement: chance,
    kappa: (observed - chance) / (1 - chance),
    kappaUndefinedBecause: null,
  };
}
