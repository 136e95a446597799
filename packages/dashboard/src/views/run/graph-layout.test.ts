/** The graph tab's layout: columns by hops from the entry, the path's counts on the outline's edges, keyboard moves. */
import { describe, expect, it } from "vitest";
import { describeNode, type GraphRun, layoutGraph, neighbour } from "./graph-layout";

const graph: GraphRun = {
  graph: "support",
  outline: {
    name: "support",
    entry: "router",
    nodes: [
      { name: "router", kind: "function" },
      { name: "orders", kind: "agent" },
      { name: "refunds", kind: "agent" },
      { name: "escalation", kind: "model" },
    ],
    edges: [
      { from: "router", to: "orders", kind: "route" },
      { from: "router", to: "refunds", kind: "route" },
      { from: "refunds", to: "escalation", kind: "fallback" },
      { from: "refunds", to: "escalation", kind: "tool", tool: "escalate" },
    ],
    limits: { maxHops: 8 },
  },
  visits: [
    { node: "router", turn: 0, tools: [], breaches: [], chaos: [], finished: true, handoffTo: "refunds", by: "route" },
    {
      node: "refunds",
      turn: 0,
      from: "router",
      tools: [],
      breaches: [],
      chaos: ["node_error"],
      finished: true,
      error: "x",
      handoffTo: "escalation",
      by: "error",
    },
    {
      node: "escalation",
      turn: 0,
      from: "refunds",
      tools: [],
      breaches: [],
      chaos: [],
      finished: true,
      handoffTo: "orders",
      by: "tool",
    },
    { node: "orders", turn: 0, from: "escalation", tools: [], breaches: [], chaos: [], finished: true },
  ],
  edges: [
    { from: "router", to: "refunds", count: 1 },
    { from: "refunds", to: "escalation", count: 1 },
    { from: "escalation", to: "orders", count: 1 },
  ],
  nodes: {
    router: { visits: 1, verdict: "pass", breaches: 0, errors: 0, chaos: 0 },
    orders: { visits: 1, verdict: "pass", breaches: 0, errors: 0, chaos: 0 },
    refunds: { visits: 1, verdict: "error", breaches: 0, errors: 1, chaos: 1 },
    escalation: { visits: 1, verdict: "pass", breaches: 0, errors: 0, chaos: 0 },
  },
  chaos: [{ name: "down", fault: "node_error", node: "refunds" }],
  answeredBy: "orders",
};

describe("layoutGraph", () => {
  const layout = layoutGraph(graph);
  const at = (name: string) => layout.nodes.find((node) => node.name === name);

  it("puts nodes in columns by hops from the entry, left to right", () => {
    expect(layout.nodes.map((node) => `${node.name}:${node.column}.${node.row}`)).toEqual([
      "router:0.0",
      "orders:1.0",
      "refunds:1.1",
      "escalation:2.0",
    ]);
    expect((at("router")?.x ?? 0) < (at("refunds")?.x ?? 0)).toBe(true);
    expect(layout.width).toBeGreaterThan(at("escalation")?.x ?? 0);
  });

  it("counts taken edges on the outline edge of the matching kind and draws off-graph handoffs", () => {
    const counts = layout.edges.map((edge) => `${edge.from}→${edge.to} ${edge.kind} ${edge.count}`);
    expect(counts).toEqual([
      "router→orders route 0",
      "router→refunds route 1",
      "refunds→escalation fallback 1",
      "refunds→escalation tool 0",
      "escalation→orders unexpected 1",
    ]);
  });

  it("marks chaos, the entry and the answering node, and says so in words", () => {
    expect(at("refunds")?.chaos).toEqual(["node_error"]);
    expect(describeNode(at("refunds") as never)).toBe(
      "refunds error, node_error; agent node, 1 visit, 1 error, chaos fault hit it",
    );
    expect(describeNode(at("router") as never)).toContain("entry");
    expect(describeNode(at("orders") as never)).toContain("answered the user");
  });

  it("draws visited nodes when the run streamed no outline", () => {
    const bare = layoutGraph({ ...graph, outline: null });
    expect(bare.nodes.map((node) => `${node.name}:${node.column}`)).toEqual([
      "router:0",
      "refunds:1",
      "escalation:2",
      "orders:3",
    ]);
    expect(bare.edges.every((edge) => edge.kind === "unexpected")).toBe(true);
  });
});

describe("neighbour", () => {
  const { nodes } = layoutGraph(graph);
  it("moves across columns with left/right and within one with up/down", () => {
    expect(neighbour(nodes, "router", "ArrowRight")).toBe("orders");
    expect(neighbour(nodes, "orders", "ArrowDown")).toBe("refunds");
    expect(neighbour(nodes, "refunds", "ArrowRight")).toBe("escalation");
    expect(neighbour(nodes, "escalation", "ArrowLeft")).toBe("orders");
    expect(neighbour(nodes, "router", "ArrowLeft")).toBeUndefined();
    expect(neighbour(nodes, "refunds", "End")).toBe("escalation");
  });
});
