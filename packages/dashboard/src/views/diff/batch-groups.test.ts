import { describe, expect, it } from "vitest";
import { type Classification, groupItems } from "./batch-groups";

const item = (scenarioId: string, classification: Classification) => ({ scenarioId, classification });

describe("groupItems", () => {
  const items = [
    item("a", "unchanged"),
    item("b", "flaky"),
    item("c", "fixed"),
    item("d", "regressed"),
    item("e", "new"),
    item("f", "stillFailing"),
    item("g", "regressed"),
    item("h", "removed"),
  ];

  it("puts regressions first, then fixed, flaky, still failing, new and removed", () => {
    const groups = groupItems(items, "all");
    expect(groups.map((group) => group.classification)).toEqual([
      "regressed",
      "fixed",
      "flaky",
      "stillFailing",
      "new",
      "removed",
      "unchanged",
    ]);
  });

  it("keeps the server's order inside a group", () => {
    expect(groupItems(items, "all")[0]?.items.map((entry) => entry.scenarioId)).toEqual(["d", "g"]);
  });

  it("hides unchanged scenarios unless everything is asked for", () => {
    const groups = groupItems(items, "changed");
    expect(groups.map((group) => group.classification)).not.toContain("unchanged");
    expect(groups.flatMap((group) => group.items)).toHaveLength(items.length - 1);
  });

  it("leaves out empty groups", () => {
    expect(groupItems([item("x", "fixed")], "all")).toEqual([{ classification: "fixed", items: [item("x", "fixed")] }]);
    expect(groupItems([item("x", "unchanged")], "changed")).toEqual([]);
  });
});
