import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../test-support/database.js";
import { runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { batchSchema, eventPageSchema, messagePageSchema, runDetailSchema, runPageSchema, setListSchema } from "../schemas.js";

const minute = 60_000;
const start = Date.parse("2026-11-01T10:00:00Z");

describe.each(engines())("the read API (%s)", (engine) => {
  let server: TestApp;
  let now = start + 60 * minute;
  beforeAll(async () => {
    server = await testApp(engine, { now: () => now });
    // batch b1: 3 runs of "refund" and "greeting" (pass, fail, pass); batch b2: one pass, one error, one skipped;
    // a run still going (recent events) and one that went quiet (stalled)
    const runs = [
      runEvents({
        runId: "b1-r1",
        batchId: "b1",
        setId: "shop",
        scenarioId: "refund",
        outcome: "pass",
        start: start + 1 * minute,
      }),
      runEvents({
        runId: "b1-r2",
        batchId: "b1",
        setId: "shop",
        scenarioId: "greeting",
        name: "greeting",
        outcome: "fail",
        start: start + 2 * minute,
        unmet: ["says hello"],
        met: [],
      }),
      runEvents({
        runId: "b1-r3",
        batchId: "b1",
        setId: "shop",
        scenarioId: "refund",
        outcome: "pass",
        start: start + 3 * minute,
        injections: 2,
      }),
      runEvents({
        runId: "b2-r1",
        batchId: "b2",
        setId: "shop",
        scenarioId: "refund",
        outcome: "pass",
        start: start + 10 * minute,
      }),
      runEvents({
        runId: "b2-r2",
        batchId: "b2",
        setId: "shop",
        scenarioId: "greeting",
        name: "greeting",
        outcome: "error",
        start: start + 11 * minute,
      }),
      runEvents({
        runId: "b2-r3",
        batchId: "b2",
        setId: "shop",
        scenarioId: "greeting",
        name: "greeting",
        outcome: "skipped",
        start: start + 12 * minute,
      }),
      runEvents({ runId: "live", batchId: "b3", setId: "other-set", scenarioId: "refund", start: start + 59 * minute }).slice(
        0,
        3,
      ),
      runEvents({ runId: "quiet", batchId: "b3", setId: "other-set", scenarioId: "refund", start: start + 20 * minute }).slice(
        0,
        3,
      ),
    ];
    await server.send(runs.flat());
    await server.send(runEvents({ runId: "theirs", batchId: "b1", setId: "shop", scenarioId: "refund" }), server.otherTenantKey);
  });
  afterAll(async () => server.close());

  it("lists runs newest first as summary rows, in keyset pages that cover every run once", async () => {
    const first = runPageSchema.parse(await server.read("/api/v1/runs?limit=3"));
    expect(first.items.map((run) => run.runId)).toEqual(["live", "quiet", "b2-r3"]);
    expect(first.items[0]).not.toHaveProperty("messages");
    const seen = [...first.items.map((run) => run.runId)];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = runPageSchema.parse(await server.read(`/api/v1/runs?limit=3&cursor=${cursor}`));
      seen.push(...page.items.map((run) => run.runId));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["live", "quiet", "b2-r3", "b2-r2", "b2-r1", "b1-r3", "b1-r2", "b1-r1"]);
  });

  it("filters by batch, set, scenario, status, state, time and text", async () => {
    const ids = async (query: string) =>
      ((await server.read(`/api/v1/runs?${query}`)) as Json).items.map((run: Json) => run.runId);
    expect(await ids("batchId=b1")).toEqual(["b1-r3", "b1-r2", "b1-r1"]);
    expect(await ids("setId=other-set")).toEqual(["live", "quiet"]);
    expect(await ids("scenarioId=greeting&status=fail")).toEqual(["b1-r2"]);
    expect(await ids("state=stalled")).toEqual(["quiet"]);
    expect(await ids("state=running")).toEqual(["live"]);
    expect(
      await ids(`from=${new Date(start + 10 * minute).toISOString()}&to=${new Date(start + 12 * minute).toISOString()}`),
    ).toEqual(["b2-r2", "b2-r1"]);
    expect(await ids("q=greet")).toEqual(["b2-r3", "b2-r2", "b1-r2"]);
    expect(await ids("q=100%25")).toEqual([]);
  });

  it("refuses a bad filter with a problem naming the field", async () => {
    const response = await server.get("/api/v1/runs?status=great&limit=5");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: "validation_error",
      field: "status",
      detail: expect.stringContaining("query.status"),
    });
    const cursor = await server.get("/api/v1/runs?cursor=garbage");
    expect(cursor.status).toBe(400);
    expect((await server.get("/api/v1/runs?limit=1000")).status).toBe(400);
  });

  it("shows a run's detail, transcript and events", async () => {
    const run = runDetailSchema.parse(await server.read("/api/v1/runs/b1-r2"));
    expect(run).toMatchObject({
      runId: "b1-r2",
      state: "finished",
      status: "fail",
      name: "greeting",
      seed: 42,
      turns: 1,
      usage: { inputTokens: 100, outputTokens: 50, costUsd: 0.0012 },
    });
    expect(run.criteria).toEqual([{ criterion: "says hello", verdict: "unmet" }]);
    expect(run.events).toEqual({ count: 6, lastSeq: 5, missing: 0 });
    const messages = messagePageSchema.parse(await server.read("/api/v1/runs/b1-r2/messages?limit=1"));
    expect(messages.items).toEqual([{ index: 0, id: "b1-r2-m0", role: "user", content: "I want a refund" }]);
    expect(messages.nextFrom).toBe(1);
    const events = eventPageSchema.parse(await server.read("/api/v1/runs/b1-r2/events?afterSeq=3"));
    expect(events.items.map((event) => [event.seq, event.type])).toEqual([
      [4, "SCENARIO_MESSAGE_SNAPSHOT"],
      [5, "SCENARIO_RUN_FINISHED"],
    ]);
    const typed = eventPageSchema.parse(await server.read("/api/v1/runs/b1-r3/events?types=injection"));
    expect(typed.items).toHaveLength(2);
    expect((await server.read("/api/v1/runs/b1-r3")).counters.injections).toBe(2);
  });

  it("lists a scenario's previous runs", async () => {
    const page = runPageSchema.parse(await server.read("/api/v1/scenarios/greeting/runs"));
    expect(page.items.map((run) => run.runId)).toEqual(["b2-r3", "b2-r2", "b1-r2"]);
  });

  it("counts a batch from its runs; the pass rate is passed ÷ settled, skipped runs aside", async () => {
    const b1 = batchSchema.parse(await server.read("/api/v1/batches/b1"));
    expect(b1.counts).toMatchObject({ total: 3, pass: 2, fail: 1, finished: 3 });
    expect(b1.passRate).toBeCloseTo(2 / 3);
    const b2 = batchSchema.parse(await server.read("/api/v1/batches/b2"));
    expect(b2).toMatchObject({ settled: 2, passRate: 0.5, counts: { skipped: 1, error: 1, pass: 1 } });
    const b3 = batchSchema.parse(await server.read("/api/v1/batches/b3"));
    expect(b3).toMatchObject({ passRate: null, settled: 0, counts: { running: 1, stalled: 1 } });
    const list = await server.read("/api/v1/batches?setId=shop");
    expect(list.items.map((batch: Json) => batch.batchId)).toEqual(["b2", "b1"]);
  });

  it("lists sets with their latest batch", async () => {
    const sets = setListSchema.parse(await server.read("/api/v1/sets"));
    expect(sets.items.map((set) => [set.setId, set.lastBatch?.batchId, set.batches])).toEqual([
      ["other-set", "b3", 1],
      ["shop", "b2", 2],
    ]);
    expect((await server.read("/api/v1/sets/shop")).lastBatch.passRate).toBe(0.5);
  });

  it("never shows another tenant's runs: lists leave them out and their ids answer 404", async () => {
    const mine = await server.read("/api/v1/runs?batchId=b1");
    expect(mine.items.map((run: Json) => run.runId)).not.toContain("theirs");
    expect((await server.get("/api/v1/runs/theirs")).status).toBe(404);
    const theirs = await server.read("/api/v1/runs", server.otherTenantKey);
    expect(theirs.items.map((run: Json) => run.runId)).toEqual(["theirs"]);
    expect((await server.get("/api/v1/runs/b1-r1", server.otherTenantKey)).status).toBe(404);
    expect((await server.get("/api/v1/batches/b2", server.otherTenantKey)).status).toBe(404);
    expect((await server.read("/api/v1/batches/b1", server.otherTenantKey)).counts.total).toBe(1);
    const response = await server.get("/api/v1/runs/nope");
    expect(await response.json()).toMatchObject({ status: 404, code: "not_found" });
  });

  it("needs a key for everything but /health and /ready", async () => {
    for (const path of ["/api/v1/runs", "/api/v1/batches", "/api/v1/sets", "/metrics", "/openapi.json", "/api/v1/runs/b1-r1"]) {
      expect((await server.app.request(path)).status, path).toBe(401);
    }
    expect((await server.app.request("/health")).status).toBe(200);
    expect(await (await server.app.request("/ready")).json()).toMatchObject({ status: "ready" });
  });

  it("derives stalled from time: a quiet run becomes stalled two minutes after its last event", async () => {
    now = start + 59 * minute + 3 * minute;
    expect((await server.read("/api/v1/runs/live")).state).toBe("stalled");
    now = start + 60 * minute;
  });
});
