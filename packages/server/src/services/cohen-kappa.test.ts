import { describe, expect, it } from "vitest";
import { agreementOf, type Confusion, emptyConfusion, tally } from "./cohen-kappa.js";

const matrix = (a: number, b: number, c: number, d: number): Confusion => ({
  judgeMetHumanMet: a,
  judgeMetHumanUnmet: b,
  judgeUnmetHumanMet: c,
  judgeUnmetHumanUnmet: d,
});

describe("Cohen's kappa", () => {
  it("matches a hand-worked example: pₒ 0.7, pₑ 0.5, κ 0.4", () => {
    // judge met 25/50, people met 30/50: pₑ = 0.5·0.6 + 0.5·0.4 = 0.5; pₒ = 35/50 = 0.7; κ = 0.2/0.5
    const result = agreementOf(matrix(20, 5, 10, 15), 0);
    expect(result.n).toBe(50);
    expect(result.observedAgreement).toBeCloseTo(0.7, 10);
    expect(result.chanceAgreement).toBeCloseTo(0.5, 10);
    expect(result.kappa).toBeCloseTo(0.4, 10);
    expect(result.kappaUndefinedBecause).toBeNull();
  });

  it("is 1 for perfect agreement with both verdicts present", () => {
    const result = agreementOf(matrix(3, 0, 0, 2), 0);
    expect(result.observedAgreement).toBe(1);
    expect(result.kappa).toBeCloseTo(1, 10);
  });

  it("is 0 when agreement is exactly what chance gives", () => {
    // both raters say met half the time, independently: pₒ = pₑ = 0.5
    const result = agreementOf(matrix(1, 1, 1, 1), 0);
    expect(result.observedAgreement).toBe(0.5);
    expect(result.kappa).toBeCloseTo(0, 10);
  });

  it("is negative when they disagree more than chance", () => {
    expect(agreementOf(matrix(0, 2, 2, 0), 0).kappa).toBeCloseTo(-1, 10);
  });

  it("is undefined, with the reason, when both raters always say the same one verdict", () => {
    const result = agreementOf(matrix(4, 0, 0, 0), 1);
    expect(result).toMatchObject({ n: 4, unsure: 1, observedAgreement: 1, kappa: null });
    expect(result.kappaUndefinedBecause).toMatch(/all said met.*chance is 1/);
  });

  it("is undefined with no pairs, saying whether only unsure labels were given", () => {
    expect(agreementOf(emptyConfusion(), 0)).toMatchObject({ n: 0, observedAgreement: null, kappa: null });
    expect(agreementOf(emptyConfusion(), 2).kappaUndefinedBecause).toMatch(/every label is unsure/);
  });

  it("tallies pairs judge first, person second", () => {
    const confusion = emptyConfusion();
    tally(confusion, "met", "unmet");
    tally(confusion, "unmet", "met");
    tally(confusion, "unmet", "met");
    expect(confusion).toEqual(matrix(0, 1, 2, 0));
  });
});
