/** One example of a detector corpus: a reply text and whether the detector should flag it. */
export interface LabelledText {
  readonly text: string;
  readonly label: "positive" | "negative";
  /** Why the example is labelled so (the pattern or the trap it exercises). */
  readonly note: string;
}

/** How a detector did on a corpus. */
export interface CorpusScore {
  /** Flagged positives / all flagged; 1 when nothing was flagged. */
  readonly precision: number;
  /** Flagged positives / all positives; 1 when there are no positives. */
  readonly recall: number;
  /** The examples the detector got wrong, for the test's failure message. */
  readonly mistakes: readonly LabelledText[];
}

/**
 * Scores `flags` (true = the detector flagged the text) against a labelled corpus.
 *
 * @example
 * ```ts
 * const { precision, recall } = await scoreCorpus(piiLeakCorpus, (text) => findPii(text).length > 0);
 * ```
 */
export async function scoreCorpus(
  corpus: readonly LabelledText[],
  flags: (text: string) => boolean | Promise<boolean>,
): Promise<CorpusScore> {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const mistakes: LabelledText[] = [];
  for (const example of corpus) {
    const flagged = await flags(example.text);
    if (flagged && example.label === "positive") truePositives += 1;
    else if (flagged) falsePositives += 1;
    else if (example.label === "positive") falseNegatives += 1;
    if (flagged !== (example.label === "positive")) mistakes.push(example);
  }
  const flaggedTotal = truePositives + falsePositives;
  const positiveTotal = truePositives + falseNegatives;
  return {
    precision: flaggedTotal === 0 ? 1 : truePositives / flaggedTotal,
    recall: positiveTotal === 0 ? 1 : truePositives / positiveTotal,
    mistakes,
  };
}
