import { randomUUID } from "node:crypto";
import type { IngestEvent } from "@rehearse/core/events";
import { afterEach, describe, expect, it } from "vitest";
import { runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { runGraphsSchema } from "../graph-view-schemas.js";

const outline = {
  name: "support",
  version: "1",
  entry: "router",
  nodes: [
    { name: "router", kind: "function" },
    { name: "orders", kind: "agent" },
    { name: "refunds", kind: "agent", contract: { mustNot: ["card number"] } },
    { name: "escalation", kind: "model" },
  ],
  edges: [
    { from: "router", to: "orders", kind: "route", when: "order" },
    { from: "router", to: "refunds", kind: "route", when: "refund" },
    { from: "refunds", to: "escalation", kind: "fallback" },
  ],
  limits: { maxHops: 8 },
};

/** Domain events of a graph run: router → refunds (a breach, then a chaos error) → escalation answers. */
function graphEvents(refundsOutput = "Your card number is 4111."): Array<Record<string, unknown>> {
  return [
    { type: "graph_started", graph: "support", outline },
    { type: "node_started", graph: "support", node: "router", turn: 0, input: "I want a refund" },
    { type: "node_finished", graph: "support", node: "router", turn: 0, durationMs: 2, handoffTo: "refunds", breaches: [] },
    { type: "handoff", graph: "support", from: "router", to: "refunds", by: "function" },
    {
      type: "node_started",
      graph: "support",
      node: "refunds",
      turn: 0,
      from: "router",
    },
    {
      type: "node_finished",
      graph: "support",
      node: "refunds",
      turn: 0,
      durationMs: 30,
      output: refundsOutput,
      tools: ["lookup_order"],
      breaches: [{ rule: "mustNot", detail: "output mentions card number" }],
    },
    {
      type: "injection",
      turn: 1,
      actor: "system",
      injection: "refunds-down",
      injectionType: "graph_fault",
      reason: "seeded trigger",
      outcome: { fault: "node_error", node: "refunds" },
    },
    { type: "node_started", graph: "support", node: "refunds", turn: 1, from: "router" },
    {
      type: "node_finished",
      graph: "support",
      node: "refunds",
      turn: 1,
      durationMs: 1,
      error: "chaos: node_error",
      breaches: [],
    },
    { type: "handoff", graph: "support", from: "refunds", to: "escalation", by: "error" },
    { type: "node_started", graph: "support", node: "escalation", turn: 1, from: "refunds" },
    {
      type: "node_finished",
      graph: "support",
      node: "escalation",
      turn: 1,
      durationMs: 40,
      output: "A person will call you.",
      breaches: [],
    },
  ];
}

/** `domain` events as ingest events of run `runId` (envelope only; seq set by the caller). */
function domainEvents(runId: string, domain: Array<Record<string, unknown>>): IngestEvent[] {
  const envelope = {
    batchRunId: "batch-1",
    scenarioId: "refund",
    scenarioRunId: runId,
    scenarioSetId: "default",
    schemaVersion: 1,
    timestamp: 1_760_000_000_100,
  };
  return domain.map((fields) => ({ ...envelope, eventId: randomUUID(), seq: 0, ...fields }) as unknown as IngestEvent);
}

/** A finished run with `domain` events placed before its finish, seq renumbered. */
function runWith(runId: string, domain: Array<Record<string, unknown>>): IngestEvent[] {
  const events = runEvents({ runId });
  const finished = events.pop() as IngestEvent;
  return [...events, ...domainEvents(runId, domain), finished].map((event, seq) => ({ ...event, seq }) as IngestEvent);
}

describe("graph view route", () => {
  let server: TestApp | undefined;
  afterEach(async () => server?.close());

  it("folds a run's graph events into the path, verdicts, breaches, chaos and the answering node", async () => {
    server = await testApp();
    const sent = await server.send(runWith("graph-run", graphEvents()));
    expect(sent.rejected).toEqual([]);
    const body = await server.read("/api/v1/runs/graph-run/graph");
    expect(runGraphsSchema.parse(body)).toBeTruthy();
    expect(body.truncated).toBe(false);
    expect(body.graphs).toHaveLength(1);
    const [graph] = body.graphs;
    expect(graph.outline.entry).toBe("router");
    expect(graph.visits.map((visit: Json) => `${visit.turn}:${visit.node}`)).toEqual([
      "0:router",
      "0:refunds",
      "1:refunds",
      "1:escalation",
    ]);
    expect(graph.edges).toEqual([
      { from: "router", to: "refunds", count: 1 },
      { from: "refunds", to: "escalation", count: 1 },
    ]);
    expect(graph.nodes.router.verdict).toBe("pass");
    expect(graph.nodes.orders).toMatchObject({ verdict: "unvisited", visits: 0 });
    expect(graph.nodes.refunds).toMatchObject({ verdict: "error", visits: 2, breaches: 1, errors: 1, chaos: 1 });
    expect(graph.nodes.escalation.verdict).toBe("pass");
    expect(graph.visits[1].breaches).toEqual([{ rule: "mustNot", detail: "output mentions card number" }]);
    expect(graph.visits[1].tools).toEqual(["lookup_order"]);
    expect(graph.visits[2]).toMatchObject({ chaos: ["node_error"], error: "chaos: node_error", by: "error" });
    expect(graph.chaos).toEqual([{ name: "refunds-down", fault: "node_error", node: "refunds", reason: "seeded trigger" }]);
    expect(graph.answeredBy).toBe("escalation");
  });

  it("answers no graphs for a run without one, and 404 for an unknown run or another tenant's", async () => {
    server = await testApp();
    await server.send(runEvents({ runId: "plain" }));
    await server.send(runWith("graph-run", graphEvents()));
    expect(await server.read("/api/v1/runs/plain/graph")).toEqual({ graphs: [], truncated: false });
    expect((await server.get("/api/v1/runs/nowhere/graph")).status).toBe(404);
    const theirs = await server.get("/api/v1/runs/graph-run/graph", server.otherTenantKey);
    expect(theirs.status).toBe(404);
    expect(((await theirs.json()) as Json).code).toBe("not_found");
  });

  it("shows a live run's unfinished visit as running", async () => {
    server = await testApp();
    const partial = graphEvents().slice(0, 5);
    const started = runEvents({ runId: "live-graph" }).slice(0, 1);
    await server.send(
      [...started, ...domainEvents("live-graph", partial)].map((event, seq) => ({ ...event, seq }) as IngestEvent),
    );
    const [graph] = (await server.read("/api/v1/runs/live-graph/graph")).graphs;
    expect(graph.nodes.refunds.verdict).toBe("running");
    expect(graph.visits.at(-1)).toMatchObject({ node: "refunds", finished: false });
  });

  it("shows a viewer node outputs redacted when the tenant keeps raw data", async () => {
    server = await testApp();
    expect((await server.request("PATCH", "/api/v1/policy", { storeRaw: true })).status).toBe(200);
    const email = "jo.doe@customer.example";
    await server.send(runWith("raw-graph", graphEvents(`Refund sent to ${email}.`)));
    const viewer = await server.services.keys.issue("default", { name: "viewer", role: "viewer" });
    const asViewer = await server.read("/api/v1/runs/raw-graph/graph", viewer.secret);
    expect(asViewer.graphs[0].visits[1].output).toBe("Refund sent to [EMAIL_1].");
    const asAdmin = await server.read("/api/v1/runs/raw-graph/graph");
    expect(asAdmin.graphs[0].visits[1].output).toBe(`Refund sent to ${email}.`);
  });
});
