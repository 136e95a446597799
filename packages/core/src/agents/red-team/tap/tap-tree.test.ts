import { describe, expect, it } from "vitest";
import { TapTree } from "./tap-tree.js";

describe("TapTree", () => {
  it("names nodes by their path and prunes off-topic prompts as they are added", () => {
    const tree = new TapTree();
    const first = tree.add(undefined, { prompt: "a", onTopic: true });
    const second = tree.add(undefined, { prompt: "b", onTopic: false });
    const child = tree.add(first, { prompt: "a1", improvement: "softer", onTopic: true });
    expect([first.id, second.id, child.id]).toEqual(["1", "2", "1.1"]);
    expect(child).toMatchObject({ parentId: "1", depth: 2, improvement: "softer", onTopic: true });
    expect(child.pruned).toBeUndefined();
    expect(second.pruned).toBe("off-topic");
    expect(tree.path(child).map((node) => node.id)).toEqual(["1", "1.1"]);
    expect(tree.path(undefined)).toEqual([]);
  });

  it("keeps the `width` best-scored, the earlier on a tie, and marks the rest", () => {
    const tree = new TapTree();
    const nodes = [3, 7, 5, 7, 1].map((score, index) => {
      const node = tree.add(undefined, { prompt: `p${index}`, onTopic: true });
      tree.recordReply(node, { reply: "r", score, why: "" });
      return node;
    });
    const kept = tree.keepBest(nodes, 3);
    expect(kept.map((node) => node.id)).toEqual(["2", "3", "4"]);
    expect(nodes.map((node) => node.pruned)).toEqual(["width", undefined, undefined, undefined, "width"]);
    expect(tree.keepBest(kept, 5)).toEqual(kept);
  });

  it("reports the best-scored node, the earliest on a tie, none before a score", () => {
    const tree = new TapTree();
    const a = tree.add(undefined, { prompt: "a", onTopic: true });
    expect(tree.best()).toBeUndefined();
    const b = tree.add(undefined, { prompt: "b", onTopic: true });
    tree.recordReply(a, { reply: "x", score: 4, why: "" });
    tree.recordReply(b, { reply: "y", score: 4, why: "" });
    expect(tree.best()).toBe(a);
    const c = tree.add(b, { prompt: "c", onTopic: true });
    tree.recordReply(c, { reply: "z", score: 6, why: "" });
    expect(tree.best()).toBe(c);
  });
});
