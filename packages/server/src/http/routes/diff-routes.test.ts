import { randomUUID } from "node:crypto";
import type { IngestEvent } from "@rehearse/core/events";
import { afterEach, describe, expect, it } from "vitest";
import { runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { batchDiffSchema, runDiffSchema } from "../diff-schemas.js";

/** A snapshot adding one assistant message with a tool call at `index`. */
function toolCallEvent(runId: string, index: number, args: string): IngestEvent {
  return {
    eventId: randomUUID(),
    seq: 100,
    schemaVersion: 1,
    type: "SCENARIO_MESSAGE_SNAPSHOT",
    timestamp: 1_760_000_000_500,
    batchRunId: "batch-1",
    scenarioId: "refund",
    scenarioRunId: runId,
    scenarioSetId: "default",
    messagesOffset: index,
    messages: [
      {
        id: `${runId}-tool`,
        role: "assistant",
        toolCalls: [{ id: "c1", type: "function", function: { name: "refund", arguments: args } }],
      },
    ],
  } as IngestEvent;
}

/** One turn of the support graph as a run streams it: router → refunds, refunds answering `reply` (a breach when given). */
function graphEvents(runId: string, reply: string, breach?: { rule: string; detail: string }): IngestEvent[] {
  const outline = {
    name: "support",
    version: "1",
    entry: "router",
    nodes: [
      { name: "router", kind: "agent" },
      { name: "refunds", kind: "function" },
    ],
    edges: [{ from: "router", to: "refunds", kind: "tool", tool: "handoff_to_refunds" }],
    limits: { maxHops: 4 },
  };
  const domain: Array<{ type: string } & Record<string, unknown>> = [
    { type: "graph_started", outline },
    { type: "node_started", node: "router", turn: 0, input: "I want a refund" },
    { type: "node_finished", node: "router", turn: 0, durationMs: 1, handoffTo: "refunds", breaches: [] },
    { type: "handoff", from: "router", to: "refunds", by: "tool" },
    { type: "node_started", node: "refunds", turn: 0, from: "router", input: { reason: "refund" } },
    { type: "node_finished", node: "refunds", turn: 0, durationMs: 1, output: reply, breaches: breach ? [breach] : [] },
  ];
  return domain.map(
    (fields, index) =>
      ({
        eventId: randomUUID(),
        seq: 50 + index,
        schemaVersion: 1,
        timestamp: 1_760_000_000_100 + index,
        batchRunId: "batch-1",
        scenarioId: "refund",
        scenarioRunId: runId,
        scenarioSetId: "default",
        actor: "agent",
        graph: "support",
        ...fields,
      }) as IngestEvent,
  );
}

describe("diff routes", () => {
  let server: TestApp | undefined;
  afterEach(async () => server?.close());

  it("diffs two runs: outcome, criteria, aligned transcript with word changes, tool calls, metrics", async () => {
    server = await testApp();
    await server.send([
      ...runEvents({ runId: "base", met: ["asks", "polite"], unmet: ["refunds"], outcome: "pass" }),
      toolCallEvent("base", 2, '{"order":1234,"amount":10}'),
    ]);
    await server.send([
      ...runEvents({
        runId: "head",
        outcome: "fail",
        met: ["refunds"],
        unmet: ["asks"],
        messages: [
          ["user", "I want a refund"],
          ["assistant", "Sure, what is the invoice number?"],
        ],
        injections: 2,
      }),
      toolCallEvent("head", 2, '{"amount":10,"order":1234}'),
    ]);
    const diff = await server.read("/api/v1/diff/runs?base=base&head=head");
    expect(runDiffSchema.parse(diff)).toBeTruthy();
    expect(diff).toMatchObject({
      outcome: "regressed",
      status: { base: "pass", head: "fail", changed: true },
      firstDivergence: { messageIndex: 1, turn: 0 },
    });
    expect(diff.criteria).toEqual([
      { criterion: "asks", base: "met", head: "unmet", transition: "regressed" },
      { criterion: "refunds", base: "unmet", head: "met", transition: "fixed" },
      { criterion: "polite", base: "met", head: null, transition: "removed" },
    ]);
    expect(diff.transcript.messages.map((message: Json) => message.status)).toEqual(["equal", "changed", "equal"]);
    const changes = diff.transcript.messages[1].changes;
    expect(changes.filter((change: Json) => change.removed).map((change: Json) => change.value.trim())).toEqual(["order"]);
    expect(changes.filter((change: Json) => change.added).map((change: Json) => change.value.trim())).toEqual(["invoice"]);
    // same call, arguments in another key order: canonical JSON makes them equal
    expect(diff.toolCalls).toMatchObject({ equal: true, baseCount: 1, headCount: 1 });
    expect(diff.events).toContainEqual({ type: "injection", base: 0, head: 2, delta: 2 });
    expect(diff.metrics.durationMs).toEqual({ base: 1234, head: 1234, delta: 0 });
  });

  it("reports no divergence for equal transcripts, and answers the seed-004 alias", async () => {
    server = await testApp();
    await server.send([...runEvents({ runId: "one" }), ...runEvents({ runId: "two" })]);
    const diff = await server.read("/runs/one/diff/two");
    expect(diff).toMatchObject({ outcome: "unchanged", firstDivergence: null, base: { runId: "one" }, head: { runId: "two" } });
    expect(diff.transcript.messages.every((message: Json) => message.status === "equal" && message.changes === null)).toBe(true);
    // runs of no graph: no graph section
    expect(diff.graphs).toBeUndefined();
  });

  it("diffs graph runs: identical replays, and the first divergence with the breaches that came", async () => {
    server = await testApp();
    await server.send([
      ...runEvents({ runId: "g1" }),
      ...graphEvents("g1", "Your refund for order 42 is on its way."),
      ...runEvents({ runId: "g2" }),
      ...graphEvents("g2", "Your refund for order 42 is on its way."),
      ...runEvents({ runId: "g3" }),
      ...graphEvents("g3", "We cannot help with that.", { rule: "must", detail: 'its reply lacks "refund"' }),
    ]);
    const same = await server.read("/runs/g1/diff/g2");
    expect(runDiffSchema.parse(same)).toBeTruthy();
    expect(same.graphs).toMatchObject({
      truncated: false,
      graphs: [{ graph: "support", identical: true, firstDivergence: null }],
    });
    expect(same.graphs.graphs[0].paths).toEqual([{ turn: 0, base: ["router", "refunds"], head: ["router", "refunds"] }]);

    const parted = await server.read("/api/v1/diff/runs?base=g1&head=g3");
    expect(runDiffSchema.parse(parted)).toBeTruthy();
    const [support] = parted.graphs.graphs;
    expect(support).toMatchObject({
      graph: "support",
      identical: false,
      versions: { base: "1", head: "1" },
      firstDivergence: {
        turn: 0,
        visit: 1,
        what: "reply",
        base: "Your refund for order 42 is on its way.",
        head: "We cannot help with that.",
      },
      changeCount: 1,
      breaches: { added: [{ node: "refunds", turn: 0, rule: "must", detail: 'its reply lacks "refund"' }], removed: [] },
    });

    // a graph only one run ran: not identical, its visits missing on the other side
    await server.send(runEvents({ runId: "plain" }));
    const half = await server.read("/api/v1/diff/runs?base=plain&head=g1");
    expect(half.graphs.graphs[0]).toMatchObject({
      inBase: false,
      inHead: true,
      identical: false,
      firstDivergence: { what: "extra" },
    });
  });

  it("answers 404 for an unknown run and for another tenant's", async () => {
    server = await testApp();
    await server.send(runEvents({ runId: "mine" }));
    const unknown = await server.get("/api/v1/diff/runs?base=mine&head=nope");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).detail).toContain("nope");
    expect((await server.get("/api/v1/diff/runs?base=mine&head=mine", server.otherTenantKey)).status).toBe(404);
    expect((await server.get("/api/v1/diff/batches?base=batch-1&head=batch-1", server.otherTenantKey)).status).toBe(404);
    expect((await server.get("/api/v1/diff/runs?base=mine")).status).toBe(400);
  });

  it("diffs two batches: classifies scenarios, regressions first, summary deltas", async () => {
    server = await testApp();
    const batch = (batchId: string, runs: Array<[string, "pass" | "fail"]>, start: number) =>
      runs.flatMap(([scenarioId, outcome], index) =>
        runEvents({ runId: `${batchId}-${scenarioId}-${index}`, batchId, scenarioId, outcome, start: start + index * 10 }),
      );
    await server.send([
      ...batch(
        "b1",
        [
          ["stable", "pass"],
          ["breaks", "pass"],
          ["heals", "fail"],
          ["broken", "fail"],
          ["flaky", "pass"],
          ["flaky", "pass"],
          ["gone", "pass"],
        ],
        1_760_000_000_000,
      ),
      ...batch(
        "b2",
        [
          ["stable", "pass"],
          ["breaks", "fail"],
          ["heals", "pass"],
          ["broken", "fail"],
          ["flaky", "pass"],
          ["flaky", "fail"],
          ["fresh", "pass"],
        ],
        1_760_000_100_000,
      ),
    ]);
    const diff = await server.read("/api/v1/diff/batches?base=b1&head=b2");
    expect(batchDiffSchema.parse(diff)).toBeTruthy();
    expect(diff.items.map((item: Json) => [item.scenarioId, item.classification])).toEqual([
      ["breaks", "regressed"],
      ["flaky", "flaky"],
      ["heals", "fixed"],
      ["fresh", "new"],
      ["gone", "removed"],
      ["broken", "stillFailing"],
      ["stable", "unchanged"],
    ]);
    const flaky = diff.items[1];
    expect(flaky.alignment).toBe("trial");
    expect(flaky.trials.map((trial: Json) => [trial.baseStatus, trial.headStatus, trial.changed])).toEqual([
      ["pass", "pass", false],
      ["pass", "fail", true],
    ]);
    expect(diff.summary.passRate.base).toBeCloseTo(5 / 7);
    expect(diff.summary.passRate.head).toBeCloseTo(4 / 7);
    expect(diff.summary.costUsd).toEqual({ base: 0.0084, head: 0.0084, delta: 0 });
    expect(diff.truncated).toBe(false);

    const changed = await server.read("/api/v1/diff/batches?base=b1&head=b2&onlyChanged=true&limit=2");
    expect(changed.items.map((item: Json) => item.scenarioId)).toEqual(["breaks", "flaky"]);
    expect(changed).toMatchObject({ total: 5, truncated: true });
  });

  it("compares on pass rate when trial counts differ", async () => {
    server = await testApp();
    await server.send([
      ...runEvents({ runId: "x1", batchId: "b1", outcome: "pass" }),
      ...runEvents({ runId: "y1", batchId: "b2", outcome: "fail", start: 1_760_000_100_000 }),
      ...runEvents({ runId: "y2", batchId: "b2", outcome: "fail", start: 1_760_000_100_100 }),
    ]);
    const diff = await server.read("/api/v1/diff/batches?base=b1&head=b2");
    expect(diff.items).toMatchObject([
      {
        scenarioId: "refund",
        classification: "regressed",
        alignment: "passRate",
        trials: null,
        base: { passRate: 1 },
        head: { passRate: 0 },
      },
    ]);
  });
});
