import { describe, expect, it } from "vitest";
import { closestMatch, editDistance, unknownKeysProblem } from "./did-you-mean.js";

describe("closestMatch", () => {
  it("suggests the nearest candidate within the distance", () => {
    expect(closestMatch("stpes", ["name", "steps", "description"])).toBe("steps");
    expect(closestMatch("Descripton", ["name", "description"])).toBe("description");
  });

  it("among candidates equally near once case is ignored, prefers the one nearer in case", () => {
    expect(closestMatch("suportAgent", ["SupportAgent", "supportAgent"])).toBe("supportAgent");
    expect(closestMatch("SuportAgent", ["supportAgent", "SupportAgent"])).toBe("SupportAgent");
  });

  it("suggests nothing when every candidate is too far", () => {
    expect(closestMatch("xyz", ["name", "steps"])).toBeUndefined();
    expect(closestMatch("stpes", ["steps"], 1)).toBeUndefined();
  });

  it("computes Levenshtein distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});

describe("unknownKeysProblem", () => {
  it("suggests the closest allowed key, but never the rejected key itself", () => {
    expect(unknownKeysProblem(["stpes"], ["name", "steps"])).toBe('unknown key "stpes" (did you mean "steps"?)');
    // the allowed list of a neighbouring form may hold the very key: suggesting it would contradict the error
    expect(unknownKeysProblem(["latency"], ["module", "export", "latency"])).toBe('unknown key "latency"');
    expect(unknownKeysProblem(["Latency"], ["latency"])).toBe('unknown key "Latency" (did you mean "latency"?)');
  });
});
