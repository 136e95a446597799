import { describe, expect, it } from "vitest";
import { deterministicJudge } from "../agents/judge/deterministic-judge.js";
import type { ScenarioEvent } from "../domain/event.js";
import { AgentRole } from "../domain/roles.js";
import { agent, judge, user } from "../script/steps.js";
import { runRecorded } from "../test-support/harness.js";
import { defineGraph } from "./define-graph.js";
import { graphAgent } from "./graph-agent.js";
import type { GraphChaos } from "./graph-chaos.js";
import { graphChecks } from "./graph-checks.js";
import { diffGraphRuns } from "./graph-diff.js";
import { graphRunsFromEvents, recordOfView } from "./graph-run-view.js";

const support = (refundReply: string) =>
  defineGraph({
    name: "support",
    version: "2",
    entry: "router",
    nodes: {
      router: { run: ({ payload }) => ({ handoff: /refund/.test(String(payload)) ? "refunds" : "orders", payload }) },
      refunds: { run: () => refundReply, description: "refunds", contract: { mustNot: ["card number"] } },
      orders: { run: () => "Shipped." },
      escalation: { run: () => "A person will call you back." },
    },
    edges: [
      { from: "router", to: "refunds" },
      { from: "router", to: "orders" },
      { from: "refunds", to: "escalation", onError: true },
    ],
  });

async function eventsOf(refundReply: string, chaos: GraphChaos[] = [], said = "a refund please") {
  const { events, result } = await runRecorded({
    name: "view",
    description: "a refund through the support graph",
    agents: [
      graphAgent(support(refundReply), { chaos }),
      { role: AgentRole.USER, call: async () => said },
      deterministicJudge({ criteria: [graphChecks.contractsHeld()] }),
    ],
    script: [user(said), agent(), judge()],
  });
  return { result, stored: events.map((event: ScenarioEvent) => ({ type: event.type, payload: event as never })) };
}

describe("a graph run from its events", () => {
  it("shows the outline, the path, each node's verdict and the answering node", async () => {
    const { stored } = await eventsOf("Refunded to card number 4111.");
    const [view] = graphRunsFromEvents(stored);
    expect(view?.outline?.nodes.map((node) => `${node.name}:${node.kind}`)).toEqual([
      "router:function",
      "refunds:function",
      "orders:function",
      "escalation:function",
    ]);
    expect(view?.outline?.edges.map((edge) => `${edge.from}→${edge.to}:${edge.kind}`)).toEqual([
      "router→refunds:handoff",
      "router→orders:handoff",
      "refunds→escalation:fallback",
    ]);
    expect(view?.visits.map((visit) => [visit.node, visit.turn, visit.from, visit.handoffTo, visit.by])).toEqual([
      ["router", 0, undefined, "refunds", "function"],
      ["refunds", 0, "router", undefined, undefined],
    ]);
    expect(view?.visits[1]?.input).toBe("a refund please");
    expect(view?.visits[1]?.output).toBe("Refunded to card number 4111.");
    expect(view?.visits[1]?.breaches).toEqual([{ rule: "mustNot", detail: expect.stringContaining("card number") }]);
    expect(view?.nodes).toMatchObject({
      router: { visits: 1, verdict: "pass" },
      refunds: { visits: 1, verdict: "fail", breaches: 1 },
      orders: { visits: 0, verdict: "unvisited" },
    });
    expect(view?.edges).toEqual([{ from: "router", to: "refunds", count: 1 }]);
    expect(view?.answeredBy).toBe("refunds");
  });

  it("puts a chaos fault on the visit it hit, and the fallback's handoff after the error", async () => {
    const { stored } = await eventsOf("Refunded.", [{ name: "db down", node: "refunds", fault: "error" }]);
    const [view] = graphRunsFromEvents(stored);
    expect(view?.chaos).toEqual([expect.objectContaining({ name: "db down", fault: "error", node: "refunds" })]);
    expect(view?.visits.map((visit) => [visit.node, visit.chaos, visit.by ?? null])).toEqual([
      ["router", [], "function"],
      ["refunds", ["error"], "error"],
      ["escalation", [], null],
    ]);
    expect(view?.nodes.refunds).toMatchObject({ verdict: "error", chaos: 1, errors: 1 });
    expect(view?.answeredBy).toBe("escalation");
  });

  it("a visit still running is `running`; events of other graphs and types are kept apart", () => {
    const views = graphRunsFromEvents([
      { type: "node_started", payload: { graph: "a", node: "x", turn: 1 } },
      { type: "agent_message", payload: { text: "hi" } },
      { type: "node_started", payload: { graph: "b", node: "y", turn: 1 } },
      { type: "node_finished", payload: { graph: "b", node: "y", turn: 1, durationMs: 2, breaches: [] } },
      { type: "node_finished", payload: { graph: "b" } },
    ]);
    expect(views.map((view) => [view.graph, view.nodes])).toEqual([
      ["a", { x: { visits: 1, verdict: "running", breaches: 0, errors: 0, chaos: 0 } }],
      ["b", { y: { visits: 1, verdict: "pass", breaches: 0, errors: 0, chaos: 0 } }],
    ]);
  });

  it("two stored runs diff like their records: the same run is identical, a changed node is where they part", async () => {
    const base = graphRunsFromEvents((await eventsOf("Refunded.")).stored)[0];
    const again = graphRunsFromEvents((await eventsOf("Refunded.")).stored)[0];
    const changed = graphRunsFromEvents((await eventsOf("Refunded to ana@example.com.")).stored)[0];
    if (!base || !again || !changed) throw new Error("no graph run in the events");
    expect(diffGraphRuns(recordOfView(base), recordOfView(again)).identical).toBe(true);
    const diff = diffGraphRuns(recordOfView(base), recordOfView(changed));
    expect(diff.firstDivergence).toEqual({
      turn: 0,
      hop: 1,
      what: "reply",
      base: "Refunded.",
      head: "Refunded to ana@example.com.",
    });
  });
});
