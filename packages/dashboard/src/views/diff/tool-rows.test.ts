import { describe, expect, it } from "vitest";
import { toolRows } from "./tool-rows";

const call = (name: string) => ({ name, arguments: "{}" });
const changes = [
  { op: "equal" as const, calls: [call("search"), call("lookup")] },
  { op: "removed" as const, calls: [call("refund")] },
  { op: "added" as const, calls: [call("escalate")] },
];

describe("toolRows", () => {
  it("lists every call with its mark and a key unique to its place", () => {
    const rows = toolRows(changes, false);
    expect(rows.map((row) => (row.kind === "call" ? `${row.op} ${row.call.name}` : "folded"))).toEqual([
      "equal search",
      "equal lookup",
      "removed refund",
      "added escalate",
    ]);
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
  });

  it("folds calls made by both runs when only changes are asked for", () => {
    const rows = toolRows(changes, true);
    expect(rows[0]).toMatchObject({ kind: "folded", size: 2 });
    expect(rows).toHaveLength(3);
  });
});
