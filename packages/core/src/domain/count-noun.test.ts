import { describe, expect, it } from "vitest";
import { countNoun } from "./count-noun.js";

describe("countNoun", () => {
  it("puts the noun in the number of the count", () => {
    expect(countNoun(1, "check")).toBe("1 check");
    expect(countNoun(2, "check")).toBe("2 checks");
    expect(countNoun(0, "scenario")).toBe("0 scenarios");
    expect(countNoun(1, "criterion", "criteria")).toBe("1 criterion");
    expect(countNoun(4, "criterion", "criteria")).toBe("4 criteria");
  });
});
