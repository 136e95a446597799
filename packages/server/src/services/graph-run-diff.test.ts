import type { StoredGraphEvent } from "@rehearse/core/platform";
import { describe, expect, it } from "vitest";
import { compareGraphRuns, MAX_GRAPH_CHANGES } from "./graph-run-diff.js";

/** `turns` turns of a one-node graph, each answered with `reply(turn)`. */
function run(turns: number, reply: (turn: number) => string): StoredGraphEvent[] {
  return Array.from({ length: turns }, (_, turn) => [
    { type: "node_started", payload: { graph: "solo", node: "desk", turn } },
    { type: "node_finished", payload: { graph: "solo", node: "desk", turn, output: reply(turn), breaches: [] } },
  ]).flat();
}

describe("compareGraphRuns", () => {
  it("has no section for runs of no graph", () => {
    expect(compareGraphRuns({ events: [], truncated: false }, { events: [], truncated: false })).toBeUndefined();
  });

  it("caps the changes, counts them all, and says it cut them; long values are cut too", () => {
    const long = "x".repeat(5_000);
    const diff = compareGraphRuns(
      { events: run(300, (turn) => `base ${turn}`), truncated: false },
      { events: run(300, (turn) => (turn === 0 ? long : `head ${turn}`)), truncated: false },
    );
    const [solo] = diff?.graphs ?? [];
    expect(diff?.truncated).toBe(true);
    expect(solo).toMatchObject({ changeCount: 300, truncated: true, identical: false });
    expect(solo?.changes).toHaveLength(MAX_GRAPH_CHANGES);
    expect(solo?.paths).toHaveLength(MAX_GRAPH_CHANGES);
    expect(solo?.firstDivergence?.head).toHaveLength(2_001);
  });
});
