/**
 * The run page's Graph tab on a run of the support graph (router → orders /
 * refunds / escalation) sent through the ingest API as a graph run streams
 * it: the nodes drawn, the edges the run took marked taken with their
 * counts, orders unvisited, refunds in error with its mustNot breach and
 * the chaos fault that hit it, escalation answering after the fallback; a
 * node selected by keyboard; both themes accessible; and a live run whose
 * graph grows as its node events arrive.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "./support/fixtures.js";
import { useTheme } from "./support/page-helpers.js";

const OUTLINE = {
  name: "support",
  version: "2",
  entry: "router",
  nodes: [
    { name: "router", kind: "function", description: "Routes a request by its topic" },
    { name: "orders", kind: "agent" },
    { name: "refunds", kind: "agent", contract: { mustNot: ["card number"], tools: ["lookup_order", "refund"] } },
    { name: "escalation", kind: "model" },
  ],
  edges: [
    { from: "router", to: "orders", kind: "route", when: "order status" },
    { from: "router", to: "refunds", kind: "route", when: "refund" },
    { from: "refunds", to: "escalation", kind: "fallback" },
    { from: "orders", to: "escalation", kind: "tool", tool: "escalate" },
  ],
  limits: { maxHops: 8 },
};

const BREACH = "the reply repeats the card number 4111";

/** Turn 0: router → refunds (a mustNot breach). Turn 1: router → refunds, a chaos node error, fallback to escalation. */
const GRAPH_EVENTS: Array<Record<string, unknown>> = [
  { type: "graph_started", graph: "support", outline: OUTLINE },
  { type: "node_started", graph: "support", node: "router", turn: 0, input: "I want a refund" },
  { type: "node_finished", graph: "support", node: "router", turn: 0, durationMs: 3, handoffTo: "refunds", breaches: [] },
  { type: "handoff", graph: "support", from: "router", to: "refunds", by: "route" },
  { type: "node_started", graph: "support", node: "refunds", turn: 0, from: "router" },
  {
    type: "node_finished",
    graph: "support",
    node: "refunds",
    turn: 0,
    durationMs: 850,
    output: "Refunded the card number 4111 1111 1111 1111.",
    tools: ["lookup_order", "refund"],
    breaches: [{ rule: "mustNot", detail: BREACH }],
  },
  { type: "node_started", graph: "support", node: "router", turn: 1, input: "And the other order?" },
  { type: "node_finished", graph: "support", node: "router", turn: 1, durationMs: 2, handoffTo: "refunds", breaches: [] },
  { type: "handoff", graph: "support", from: "router", to: "refunds", by: "route" },
  {
    type: "injection",
    turn: 1,
    actor: "system",
    injection: "refunds-outage",
    injectionType: "graph_fault",
    reason: "seeded trigger at turn 1",
    outcome: { fault: "node_error", node: "refunds" },
  },
  { type: "node_started", graph: "support", node: "refunds", turn: 1, from: "router" },
  {
    type: "node_finished",
    graph: "support",
    node: "refunds",
    turn: 1,
    durationMs: 1,
    error: "chaos: refunds failed (node_error)",
    breaches: [],
  },
  { type: "handoff", graph: "support", from: "refunds", to: "escalation", by: "error" },
  { type: "node_started", graph: "support", node: "escalation", turn: 1, from: "refunds" },
  {
    type: "node_finished",
    graph: "support",
    node: "escalation",
    turn: 1,
    durationMs: 120,
    output: "A person from our team will call you today.",
    breaches: [],
  },
];

/** A run's ingest events: started, a user message, `domain` events, and (unless `running`) finished. */
function runEvents(runId: string, domain: Array<Record<string, unknown>>, options: { running?: boolean; from?: number } = {}) {
  const envelope = {
    batchRunId: `graph-batch-${runId}`,
    scenarioId: "support-graph",
    scenarioRunId: runId,
    scenarioSetId: "graphs",
    schemaVersion: 1,
  };
  let seq = options.from ?? 0;
  const next = () => ({ ...envelope, eventId: randomUUID(), seq: seq++, timestamp: Date.now() });
  const events: Array<Record<string, unknown>> = [];
  if (seq === 0) {
    events.push({
      ...next(),
      type: "SCENARIO_RUN_STARTED",
      metadata: { name: "support graph refund", description: "graph run" },
    });
    events.push({
      ...next(),
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      messagesOffset: 0,
      messages: [{ id: `${runId}-m0`, role: "user", content: "I want a refund" }],
    });
  }
  for (const fields of domain) events.push({ ...next(), ...fields });
  if (!options.running)
    events.push({
      ...next(),
      type: "SCENARIO_RUN_FINISHED",
      status: "FAILED",
      outcome: "fail",
      results: {
        verdict: "failure",
        reasoning: "refunds broke its contract",
        metCriteria: [],
        unmetCriteria: ["no card numbers"],
      },
      summary: { durationMs: 980, turns: 2 },
    });
  return events;
}

async function send(target: { endpoint: string; apiKey: string }, events: Array<Record<string, unknown>>): Promise<void> {
  const response = await fetch(`${target.endpoint}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
  const body = (await response.json()) as { rejected?: unknown[] };
  if (!response.ok || (body.rejected?.length ?? 0) > 0)
    throw new Error(`ingest answered ${response.status}: ${JSON.stringify(body)}`);
}

test.describe("run: graph", () => {
  test("draws the graph with the path taken, verdicts, the breach and the chaos fault", async ({
    adminPage: page,
    ingest,
    checkA11y,
  }) => {
    const runId = `graph-${randomUUID()}`;
    await send(ingest, runEvents(runId, GRAPH_EVENTS));
    await page.goto(`/runs/${runId}`);
    await page.getByRole("tab", { name: "Graph" }).click();
    await expect(page).toHaveURL(/[?&]tab=graph/);

    const section = page.locator('section[data-graph="support"]');
    await expect(section.getByRole("heading", { level: 3 })).toContainText("Graph support");
    for (const name of ["router", "orders", "refunds", "escalation"])
      await expect(section.locator(`[data-node="${name}"]`)).toBeVisible();
    await expect(section.locator('[data-edge="router→refunds"]')).toHaveAttribute("data-taken", "true");
    await expect(section.locator('[data-edge="router→refunds"]')).toContainText("×2");
    await expect(section.locator('[data-edge="refunds→escalation"]')).toHaveAttribute("data-taken", "true");
    await expect(section.locator('[data-edge="refunds→escalation"]')).toHaveAttribute("data-kind", "fallback");
    await expect(section.locator('[data-edge="router→orders"]')).toHaveAttribute("data-taken", "false");

    // verdicts in words as well as colour
    const orders = section.locator('[data-node="orders"]');
    await expect(orders).toHaveAttribute("data-verdict", "unvisited");
    await expect(orders).toContainText("unvisited");
    const refunds = section.locator('[data-node="refunds"]');
    await expect(refunds).toHaveAttribute("data-verdict", "error");
    await expect(refunds).toContainText("error");
    await expect(refunds).toHaveAccessibleName(
      "refunds error ×2, node_error; agent node, 2 visits, 1 contract breach, 1 error, chaos fault hit it",
    );
    await expect(section.locator('[data-node="escalation"]')).toHaveAttribute("data-verdict", "pass");
    await expect(section.locator("[data-answered-by]")).toHaveText("escalation");

    // the breach, per node, with its rule and turn; the chaos badge where the fault hit
    const breaches = section.locator('[data-breaches-of="refunds"]');
    await expect(breaches).toContainText(BREACH);
    await expect(breaches).toContainText("mustNot at turn 0");
    await expect(refunds.locator(".graph-chaos")).toHaveAttribute("data-chaos", "node_error");
    await expect(section.locator('[data-chaos-fault="node_error"]')).toContainText("node refunds");

    // the visits in order
    const visits = section.locator("tr[data-visit]");
    await expect(visits).toHaveCount(5);
    await expect(visits.nth(1)).toHaveAttribute("data-outcome", "fail");
    await expect(visits.nth(1)).toContainText("lookup_order, refund");
    await expect(visits.nth(3)).toHaveAttribute("data-outcome", "error");
    await expect(visits.nth(3)).toContainText("router → escalation (error)");
    await expect(visits.nth(4)).toContainText("A person from our team will call you today.");

    await checkA11y(page, ".graph-tab");
  });

  test("the run diff of two graph runs shows where they part, the paths and the breach that went", async ({
    adminPage: page,
    ingest,
  }) => {
    const base = `graph-base-${randomUUID()}`;
    const head = `graph-head-${randomUUID()}`;
    await send(ingest, runEvents(base, GRAPH_EVENTS));
    // the head's refunds answers without the card number in turn 0: its breach goes, its reply differs
    const changed = GRAPH_EVENTS.map((event) =>
      event.type === "node_finished" && event.node === "refunds" && event.turn === 0
        ? { ...event, output: "Refunded to your card.", breaches: [] }
        : event,
    );
    await send(ingest, runEvents(head, changed));
    await page.goto(`/diff/runs?base=${base}&head=${head}`);
    const section = page.locator('.graph-diff [data-graph="support"]');
    await expect(section).toHaveAttribute("data-identical", "false");
    await expect(section.locator("[data-graph-divergence]")).toHaveAttribute("data-graph-divergence", "0.1");
    await expect(section.locator("[data-graph-divergence]")).toContainText("turn 1, visit 2");
    await expect(section.locator("[data-graph-divergence]")).toContainText("Refunded to your card.");
    await expect(section.locator('tr[data-turn="1"]')).toContainText("router → refunds → escalation");
    await expect(section.locator(".graph-diff-breaches")).toContainText(BREACH);
  });

  test("moves between nodes with the arrow keys and shows the selected node's contract", async ({ adminPage: page, ingest }) => {
    const runId = `graph-keys-${randomUUID()}`;
    await send(ingest, runEvents(runId, GRAPH_EVENTS));
    await page.goto(`/runs/${runId}?tab=graph`);
    await page.getByRole("tab", { name: "Graph" }).focus();
    await page.keyboard.press("Tab");
    await expect(page.locator('[data-node="router"]')).toBeFocused();
    await page.keyboard.press("ArrowRight");
    await expect(page.locator('[data-node="orders"]')).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.locator('[data-node="refunds"]')).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/[?&]node=refunds/);
    await expect(page.locator('[data-node="refunds"]')).toHaveAttribute("aria-pressed", "true");
    const details = page.locator('[data-node-details="refunds"]');
    await expect(details).toContainText("must not: card number");
    await expect(details).toContainText("tools: lookup_order, refund");
    await expect(page.locator('tr[data-visit="refunds"][data-selected]')).toHaveCount(2);
    // one tab stop for the drawing: Tab leaves it
    await page.keyboard.press("Tab");
    await expect(page.locator("[data-node]:focus")).toHaveCount(0);
  });

  test("is accessible in the dark theme", async ({ adminPage: page, ingest, checkA11y }) => {
    const runId = `graph-dark-${randomUUID()}`;
    await send(ingest, runEvents(runId, GRAPH_EVENTS));
    await useTheme(page, "dark");
    await page.goto(`/runs/${runId}?tab=graph&node=refunds`);
    await expect(page.locator('[data-node-details="refunds"]')).toBeVisible();
    await checkA11y(page, ".graph-tab");
  });

  test("grows a live run's graph as node events arrive", async ({ adminPage: page, ingest }) => {
    const runId = `graph-live-${randomUUID()}`;
    const first = GRAPH_EVENTS.slice(0, 5);
    await send(ingest, runEvents(runId, first, { running: true }));
    await page.goto(`/runs/${runId}?tab=graph`);
    const refunds = page.locator('[data-node="refunds"]');
    await expect(refunds).toHaveAttribute("data-verdict", "running");
    await expect(page.locator('tr[data-visit="refunds"]')).toHaveAttribute("data-outcome", "running");
    await send(ingest, runEvents(runId, GRAPH_EVENTS.slice(5, 6), { running: true, from: 2 + first.length }));
    await expect(refunds).toHaveAttribute("data-verdict", "fail");
    await expect(page.locator('[data-breaches-of="refunds"]')).toContainText(BREACH);
  });
});
