import { describe, expect, it } from "vitest";
import type { GraphDefinition } from "../domain/graph.js";
import { AgentRole } from "../domain/roles.js";
import { agent, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { defineGraph } from "./define-graph.js";
import { type GraphRunRecord, graphAgent } from "./graph-agent.js";
import { diffGraphRuns } from "./graph-diff.js";

const base: GraphDefinition = {
  name: "support",
  version: "1",
  entry: "router",
  nodes: {
    router: { run: ({ payload }) => ({ handoff: "refunds", payload: { order: String(payload).match(/\d+/)?.[0] } }) },
    refunds: {
      run: ({ payload }) => `Refund for order ${(payload as { order: string }).order} started.`,
      contract: { mustNot: ["@"] },
    },
  },
  edges: [{ from: "router", to: "refunds" }],
};

async function record(definition: GraphDefinition, seed = 3): Promise<GraphRunRecord> {
  const result = await isolated().run({
    name: "refund",
    description: "a refund through the router",
    seed,
    agents: [graphAgent(defineGraph(definition)), { role: AgentRole.USER, call: async () => "" }],
    script: [user("refund order 42"), agent(), user("and order 7"), agent()],
  });
  return result.reports?.support as GraphRunRecord;
}

describe("diffGraphRuns", () => {
  it("a replay of the same graph and seed is identical", async () => {
    const diff = diffGraphRuns(await record(base), await record(base));
    expect(diff.identical).toBe(true);
    expect(diff.firstDivergence).toBeUndefined();
    expect(diff.paths).toEqual([
      { turn: 0, base: ["router", "refunds"], head: ["router", "refunds"] },
      { turn: 1, base: ["router", "refunds"], head: ["router", "refunds"] },
    ]);
  });

  it("with one node's version changed it shows where the runs part and the breach that came", async () => {
    const changed: GraphDefinition = {
      ...base,
      version: "2",
      nodes: { ...base.nodes, refunds: { ...base.nodes.refunds, run: () => "Refund started; receipt to ana@example.com." } },
    };
    const diff = diffGraphRuns(await record(base), await record(changed));
    expect(diff.identical).toBe(false);
    expect(diff.versions).toEqual({ base: "1", head: "2" });
    expect(diff.firstDivergence).toEqual({
      turn: 0,
      hop: 1,
      what: "reply",
      base: "Refund for order 42 started.",
      head: "Refund started; receipt to ana@example.com.",
    });
    expect(diff.changes).toHaveLength(2);
    expect(diff.breaches.added.map((breach) => [breach.node, breach.turn, breach.rule])).toEqual([
      ["refunds", 0, "mustNot"],
      ["refunds", 1, "mustNot"],
    ]);
    expect(diff.breaches.removed).toEqual([]);
  });

  it("a changed route shows as another node at that visit", async () => {
    const rerouted: GraphDefinition = {
      ...base,
      nodes: { ...base.nodes, router: { run: () => ({ handoff: "desk" }) }, desk: { run: () => "A person will call." } },
      edges: [...(base.edges ?? []), { from: "router", to: "desk" }],
    };
    const diff = diffGraphRuns(await record(base), await record(rerouted));
    expect(diff.firstDivergence).toEqual({ turn: 0, hop: 0, what: "handoff", base: "refunds", head: "desk" });
    expect(diff.changes.find((change) => change.what === "node")).toEqual({
      turn: 0,
      hop: 1,
      what: "node",
      base: "refunds",
      head: "desk",
    });
  });
});
