/** The span tree's keys: arrows move through the visible spans, Left/Right close and open, Enter selects. */
import { describe, expect, it } from "vitest";
import { fixtureSpans } from "./trace-fixture";
import { buildTraceLayout, visibleRows } from "./trace-model";
import { treeAction } from "./tree-keys";

const layout = buildTraceLayout(fixtureSpans);
const key = (name: string, nth = 0) => layout.rows.filter((row) => row.span.name === name)[nth]?.key ?? "";
const run = key("rehearse.run");
const firstTurn = key("rehearse.turn");
const user = key("invoke_agent User");
const chat = key("chat gpt-4o-mini");
const judge = key("invoke_agent Judge");

describe("treeAction", () => {
  const open = new Set<string>();
  const visible = visibleRows(layout.rows, open);

  it("moves to the next, previous, first and last visible span, never past the ends", () => {
    expect(treeAction("ArrowDown", visible, run, open)).toEqual({ kind: "focus", key: firstTurn });
    expect(treeAction("ArrowUp", visible, firstTurn, open)).toEqual({ kind: "focus", key: run });
    expect(treeAction("ArrowUp", visible, run, open)).toBeUndefined();
    expect(treeAction("End", visible, run, open)).toEqual({ kind: "focus", key: judge });
    expect(treeAction("ArrowDown", visible, judge, open)).toBeUndefined();
    expect(treeAction("Home", visible, judge, open)).toEqual({ kind: "focus", key: run });
  });

  it("closes an open span, then moves to its parent; opens a closed one, then moves to its first child", () => {
    expect(treeAction("ArrowLeft", visible, user, open)).toEqual({ kind: "collapse", key: user });
    const closed = new Set([user]);
    const fewer = visibleRows(layout.rows, closed);
    expect(treeAction("ArrowLeft", fewer, user, closed)).toEqual({ kind: "focus", key: firstTurn });
    expect(treeAction("ArrowRight", fewer, user, closed)).toEqual({ kind: "expand", key: user });
    expect(treeAction("ArrowRight", visible, user, open)).toEqual({ kind: "focus", key: chat });
    // a leaf: nothing to open; Left goes to its parent
    expect(treeAction("ArrowRight", visible, chat, open)).toBeUndefined();
    expect(treeAction("ArrowLeft", visible, chat, open)).toEqual({ kind: "focus", key: user });
    expect(treeAction("ArrowLeft", fewer, run, new Set())).toEqual({ kind: "collapse", key: run });
  });

  it("selects with Enter and Space, ignores other keys, and starts at the first span when nothing is focused", () => {
    expect(treeAction("Enter", visible, chat, open)).toEqual({ kind: "select", key: chat });
    expect(treeAction(" ", visible, chat, open)).toEqual({ kind: "select", key: chat });
    expect(treeAction("x", visible, chat, open)).toBeUndefined();
    expect(treeAction("ArrowDown", visible, "gone", open)).toEqual({ kind: "focus", key: run });
    expect(treeAction("ArrowDown", [], "gone", open)).toBeUndefined();
  });
});
