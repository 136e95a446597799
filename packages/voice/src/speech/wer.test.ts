import { describe, expect, it } from "vitest";
import { normalizeTranscript, wordErrorRate } from "./wer.js";

describe("normalizeTranscript", () => {
  it("lowercases, strips punctuation, spells digits and collapses whitespace", () => {
    expect(normalizeTranscript("  Order #123, please!\n\tThanks. ")).toBe("order one two three please thanks");
    expect(normalizeTranscript("Don't re-send it")).toBe("dont re send it");
    expect(normalizeTranscript("Café — ÉTÉ")).toBe("café été");
  });
});

describe("wordErrorRate", () => {
  it("is 0 for texts equal after normalisation", () => {
    expect(wordErrorRate("Order 123.", "order one two three")).toEqual({
      wer: 0,
      substitutions: 0,
      deletions: 0,
      insertions: 0,
      referenceWords: 4,
    });
  });

  it("counts substitutions, deletions and insertions", () => {
    expect(wordErrorRate("transfer me to billing", "transfer me to the billing")).toMatchObject({ insertions: 1, wer: 0.25 });
    expect(wordErrorRate("please transfer me now", "transfer me now")).toMatchObject({ deletions: 1, wer: 0.25 });
    expect(wordErrorRate("check my balance", "check my balloons")).toMatchObject({ substitutions: 1, wer: 1 / 3 });
    const mixed = wordErrorRate("the cat sat on the mat", "cat sat in the mat today");
    expect(mixed).toMatchObject({ substitutions: 1, deletions: 1, insertions: 1, referenceWords: 6 });
    expect(mixed.wer).toBeCloseTo(0.5);
  });

  it("can exceed 1 when much more is heard than was said", () => {
    expect(wordErrorRate("yes", "yes yes yes").wer).toBe(2);
  });

  it("treats an empty reference as 0 for silence and 1 for anything heard", () => {
    expect(wordErrorRate("", " ").wer).toBe(0);
    expect(wordErrorRate("...", "hello").wer).toBe(1);
    expect(wordErrorRate("hello there", "")).toMatchObject({ wer: 1, deletions: 2 });
  });
});
