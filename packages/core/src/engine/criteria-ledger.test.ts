import { describe, expect, it } from "vitest";
import { CriteriaLedger } from "./criteria-ledger.js";

describe("CriteriaLedger", () => {
  it("lists each criterion once, by its latest assessment, in the order of the latest assessments", () => {
    const ledger = new CriteriaLedger();
    expect(ledger.hasUnmet).toBe(false);
    ledger.record(["greets", "polite"], ["refunds"]);
    ledger.record(["refunds"], ["greets"]);
    expect(ledger.met).toEqual(["polite", "refunds"]);
    expect(ledger.unmet).toEqual(["greets"]);
    expect(ledger.hasUnmet).toBe(true);
    ledger.record(["greets"], []);
    expect(ledger.unmet).toEqual([]);
    expect(ledger.met).toEqual(["polite", "refunds", "greets"]);
    expect(ledger.hasUnmet).toBe(false);
  });

  it("a copy goes its own way", () => {
    const ledger = new CriteriaLedger();
    ledger.record(["a"], []);
    ledger.skipped.push("no judge model");
    ledger.checkpoints = 2;
    const copy = ledger.copy();
    copy.record([], ["a", "b"]);
    expect(ledger.met).toEqual(["a"]);
    expect(copy.unmet).toEqual(["a", "b"]);
    expect(copy.skipped).toEqual(["no judge model"]);
    expect(copy.checkpoints).toBe(2);
  });
});
