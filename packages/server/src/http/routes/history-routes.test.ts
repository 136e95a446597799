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

  it("lists sets failure-first with their latest batch", async () => {
    const sets = setListSchema.parse(await server.read("/api/v1/sets"));
    // shop's latest batch has an errored run: it comes before the more recent other-set
    expect(sets.items.map((set) => [set.setId, set.lastBatch?.batchId, set.batches])).toEqual([
      ["shop", "b2", 2],
      ["other-set", "b3", 1],
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

describe.each(engines())("set summaries for the home page (%s)", (engine) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await testApp(engine);
    // shop: 22 batches, oldest first; refund passes in each, greeting fails in s3 and s15 only (flaky within the last 10
    // batches only through s15: pass → fail → pass), checkout fails from s21 on (never passed in the window: not
    // flaky), search regressed once in s19 and stayed failing (a regression, not flakiness), login ran two trials in
    // s20 that disagreed (flaky); the latest batch has a failure. calm: one passing batch, the most recent of all.
    // quiet: one passing batch, the oldest.
    const events = [];
    for (let index = 0; index < 22; index++) {
      const batchId = `s${index}`;
      const at = start + index * 10 * minute;
      events.push(
        ...runEvents({ runId: `${batchId}-refund`, batchId, setId: "shop", scenarioId: "refund", start: at }),
        ...runEvents({
          runId: `${batchId}-greeting`,
          batchId,
          setId: "shop",
          scenarioId: "greeting",
          outcome: index === 3 || index === 15 ? "fail" : "pass",
          start: at + 1,
        }),
        ...runEvents({
          runId: `${batchId}-checkout`,
          batchId,
          setId: "shop",
          scenarioId: "checkout",
          outcome: index >= 21 ? "fail" : index >= 12 ? "skipped" : "pass",
          start: at + 2,
        }),
        ...runEvents({
          runId: `${batchId}-search`,
          batchId,
          setId: "shop",
          scenarioId: "search",
          outcome: index >= 19 ? "fail" : "pass",
          start: at + 3,
        }),
        ...runEvents({ runId: `${batchId}-login`, batchId, setId: "shop", scenarioId: "login", start: at + 4 }),
      );
      if (index === 20)
        events.push(
          ...runEvents({
            runId: `${batchId}-login-2`,
            batchId,
            setId: "shop",
            scenarioId: "login",
            outcome: "fail",
            start: at + 5,
          }),
        );
    }
    events.push(...runEvents({ runId: "calm-1", batchId: "c1", setId: "calm", start: start + 500 * minute }));
    events.push(...runEvents({ runId: "quiet-1", batchId: "q1", setId: "quiet", start: start - 10 * minute }));
    for (let from = 0; from < events.length; from += 1_000) await server.send(events.slice(from, from + 1_000));
  });
  afterAll(async () => server.close());

  it("gives each set its trend (last 20 batches, oldest first, canonical pass rate) and its flaky scenarios", async () => {
    const sets = setListSchema.parse(await server.read("/api/v1/sets"));
    expect(sets.items.map((set) => set.setId)).toEqual(["shop", "calm", "quiet"]);
    expect(sets.nextCursor).toBeNull();
    const shop = sets.items[0] as Json;
    expect(shop.batches).toBe(22);
    expect(shop.trend).toHaveLength(20);
    expect(shop.trend.map((point: Json) => point.batchId)).toEqual(Array.from({ length: 20 }, (_, index) => `s${index + 2}`));
    expect(shop.trend[0]).toEqual({ batchId: "s2", startedAt: new Date(start + 20 * minute).toISOString(), passRate: 1 });
    expect(shop.trend[1].passRate).toBeCloseTo(4 / 5);
    // s12…s20: checkout skipped, so 4 settled
    expect(shop.trend[13]).toMatchObject({ batchId: "s15", passRate: 0.75 });
    expect(shop.trend.at(-1)).toMatchObject({ batchId: "s21", passRate: 3 / 5 });
    // last 10 batches (s12…s21): greeting went pass → fail → pass, login's trials disagreed in s20: flaky; search
    // regressed once (one change is a regression, not flakiness), checkout only failed, refund only passed
    expect(shop.flakyCount).toBe(2);
    expect(shop.lastBatch).toMatchObject({ batchId: "s21", counts: { total: 5, pass: 3, fail: 2 } });
    expect(sets.items[1]).toMatchObject({ setId: "calm", batches: 1, flakyCount: 0, trend: [{ batchId: "c1", passRate: 1 }] });
    expect((await server.read("/api/v1/sets/shop")).flakyCount).toBe(2);
  });

  it("filters by set id (case-insensitive substring) and pages in the same order", async () => {
    const ids = async (query: string) =>
      setListSchema.parse(await server.read(`/api/v1/sets?${query}`)).items.map((set) => set.setId);
    expect(await ids("q=CAL")).toEqual(["calm"]);
    expect(await ids("q=%25")).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = setListSchema.parse(await server.read(`/api/v1/sets?limit=1${cursor ? `&cursor=${cursor}` : ""}`));
      seen.push(...page.items.map((set) => set.setId));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["shop", "calm", "quiet"]);
    expect((await server.get("/api/v1/sets?limit=501")).status).toBe(400);
    expect((await server.get("/api/v1/sets?cursor=garbage")).status).toBe(400);
  });
});

describe.each(engines())("run summaries' metadata (%s)", (engine) => {
  let server: TestApp;
  afterAll(async () => server.close());
  beforeAll(async () => {
    server = await testApp(engine);
  });

  it("carries a bounded flat view of the run's metadata: scalars only, 20 keys, strings cut at 200 characters", async () => {
    const metadata: Record<string, unknown> = {
      branch: "main",
      commit: "x".repeat(300),
      retries: 2,
      nightly: true,
      nested: { deep: 1 },
      list: [1, 2],
      nothing: null,
      [`k${"e".repeat(80)}`]: "long key",
    };
    await server.send(runEvents({ runId: "tagged", batchId: "m1", metadata }));
    const [run] = (await server.read("/api/v1/runs?batchId=m1")).items;
    expect(run.metadata).toEqual({ branch: "main", commit: "x".repeat(200), nightly: true, retries: 2 });
    expect(runPageSchema.parse(await server.read("/api/v1/runs?batchId=m1")).items).toHaveLength(1);
    // the detail keeps the metadata whole
    expect((await server.read("/api/v1/runs/tagged")).metadata).toMatchObject({ commit: "x".repeat(300), nested: { deep: 1 } });
  });

  it("keeps a page of 200 runs with the most metadata a summary shows far below 1 MB", async () => {
    // 30 keys of 64 characters, each a string of 300 characters JSON must escape: the worst a summary can carry
    const heavy = Object.fromEntries(
      Array.from({ length: 30 }, (_, index) => [`${String(index).padStart(2, "0")}${"k".repeat(62)}`, "\u0001".repeat(300)]),
    );
    const events = Array.from({ length: 200 }, (_, index) =>
      runEvents({ runId: `heavy-${index}`, batchId: "heavy", metadata: heavy, messages: [] }),
    ).flat();
    // ≈ 55 kB per start event: requests of 20 runs stay under the 4 MB body limit
    for (let from = 0; from < events.length; from += 40) await server.send(events.slice(from, from + 40));
    const response = await server.get("/api/v1/runs?batchId=heavy&limit=200");
    const body = await response.text();
    const page = runPageSchema.parse(JSON.parse(body));
    expect(page.items).toHaveLength(200);
    expect(Object.keys(page.items[0]?.metadata ?? {}).length).toBeGreaterThan(0);
    expect(Buffer.byteLength(body)).toBeLessThan(1_000_000);
  });

  it("shows a viewer metadata redacted when the tenant keeps raw data", async () => {
    expect((await server.request("PATCH", "/api/v1/policy", { storeRaw: true })).status).toBe(200);
    const email = "jo.doe@customer.example";
    await server.send(runEvents({ runId: "raw-metadata", batchId: "m2", metadata: { owner: email } }));
    const viewer = await server.services.keys.issue("default", { name: "viewer", role: "viewer" });
    const asViewer = await server.read("/api/v1/runs?batchId=m2", viewer.secret);
    expect(asViewer.items[0].metadata).toEqual({ owner: "[EMAIL_1]" });
    const asAdmin = await server.read("/api/v1/runs?batchId=m2");
    expect(asAdmin.items[0].metadata).toEqual({ owner: email });
  });
});
