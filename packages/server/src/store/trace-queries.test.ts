import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { readRunTrace } from "../services/run-trace.js";
import { TenantScope } from "../services/tenant-scope.js";
import { engines, systemRows } from "../test-support/database.js";
import { runEvents } from "../test-support/events.js";
import { type TestApp, testApp } from "../test-support/test-app.js";
import { deleteRuns } from "./deletion-queries.js";
import { deleteUnclaimedSpans, insertSpans, type SpanRow, spansOfRun, traceIdsOfRun } from "./trace-queries.js";

/** Nanoseconds of 2025-10-09, past 2^53: they must come back exact. */
const BASE = 1_760_000_000_123_456_789n;

const span = (traceId: string, spanId: string, start: bigint, extra: Partial<SpanRow> = {}): SpanRow => ({
  traceId: traceId.padStart(32, "0"),
  spanId: spanId.padStart(16, "0"),
  parentSpanId: null,
  name: `span ${spanId}`,
  kind: "internal",
  scopeName: "@rehearse/core",
  scopeVersion: "0.1.0",
  serviceName: "test",
  startUnixNano: BASE + start,
  endUnixNano: BASE + start + 1_500_000n,
  statusCode: "unset",
  statusMessage: null,
  attributes: {},
  events: [],
  resourceAttributes: { "service.name": "test" },
  runId: null,
  ...extra,
});

const view = { redacted: false, show: <Value>(_runId: string, value: Value) => value, showEvent: <Event>(event: Event) => event };
const scope = TenantScope.issue("default", { kind: "api_key", id: "test" }, "admin", []);

describe.each(engines())("trace spans (%s)", (engine) => {
  let server: TestApp | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const open = async () => {
    server = await testApp(engine);
    await server.send([...runEvents({ runId: "run-a" }), ...runEvents({ runId: "run-b" })]);
    return server;
  };
  const write = (app: TestApp, spans: SpanRow[]) =>
    app.services.database.forTenant("default", (executor) => insertSpans(executor, "default", spans));
  const count = async (app: TestApp) =>
    (await systemRows<{ count: number }>(app.services.database, sql`select count(*)::int as count from trace_spans`))[0]?.count;

  it("stores a span once, reads a run's traces by start time with exact nanoseconds, and bounds the answer", async () => {
    const app = await open();
    const runSpan = span("a1", "1", 0n, { runId: "run-a", name: "rehearse.run" });
    // the agent's span: no run id, same trace, started before the chat span it belongs to
    const agentSpan = span("a1", "3", 20n, { parentSpanId: "2".padStart(16, "0"), name: "lookup" });
    const chat = span("a1", "2", 10n, { runId: "run-a", parentSpanId: runSpan.spanId, statusCode: "error" });
    const secondTrace = span("a2", "4", 5n, { runId: "run-a" });
    const otherRun = span("b1", "5", 1n, { runId: "run-b" });
    expect(await write(app, [runSpan, agentSpan, chat, secondTrace, otherRun])).toBe(5);
    // sent again, and twice in one request: nothing new
    expect(await write(app, [runSpan, chat, chat])).toBe(0);
    expect(await count(app)).toBe(5);

    const database = app.services.database;
    const read = await database.forTenant("default", async (executor) => ({
      traceIds: await traceIdsOfRun(executor, "default", "run-a"),
      spans: await spansOfRun(executor, "default", "run-a", 10),
    }));
    expect(read.traceIds).toEqual([runSpan.traceId, secondTrace.traceId]);
    expect(read.spans.map((row) => row.spanId)).toEqual([runSpan, secondTrace, chat, agentSpan].map((row) => row.spanId));
    expect(read.spans[0]).toMatchObject({ startUnixNano: BASE.toString(), endUnixNano: (BASE + 1_500_000n).toString() });

    const trace = await readRunTrace(database, scope, "run-a", view, 3);
    expect(trace).toMatchObject({ runId: "run-a", truncated: true });
    expect(trace?.spans).toHaveLength(3);
    expect(trace?.spans[0]).toMatchObject({ startTime: "2025-10-09T08:53:20.123Z", durationMs: 1.5 });
    expect((await readRunTrace(database, scope, "run-a", view))?.truncated).toBe(false);
    expect(await readRunTrace(database, scope, "missing", view)).toBeUndefined();
    // another tenant sees neither the run nor its spans
    const other = TenantScope.issue("other", { kind: "api_key", id: "test" }, "admin", []);
    expect(await readRunTrace(database, other, "run-a", view)).toBeUndefined();
  });

  it("deletes a run's traces with the run (its agent's spans too), and unclaimed spans past the cutoff", async () => {
    const app = await open();
    await write(app, [
      span("a1", "1", 0n, { runId: "run-a" }),
      span("a1", "2", 1n),
      span("b1", "3", 0n, { runId: "run-b" }),
      span("c1", "4", 0n),
    ]);
    const database = app.services.database;
    const deleted = await database.forTenant("default", (executor) => deleteRuns(executor, "default", { runId: "run-a" }));
    expect(deleted.runs).toBe(1);
    const left = async () =>
      (await systemRows<{ spanId: string }>(database, sql`select span_id as "spanId" from trace_spans order by span_id`)).map(
        (row) => row.spanId.replace(/^0+/, ""),
      );
    expect(await left()).toEqual(["3", "4"]);
    // received now: not before a cutoff of yesterday
    const removed = (before: Date) =>
      database.forTenant("default", (executor) => deleteUnclaimedSpans(executor, "default", before));
    expect(await removed(new Date(Date.now() - 86_400_000))).toBe(0);
    // before a cutoff of tomorrow: the unclaimed trace goes, run-b's stays
    expect(await removed(new Date(Date.now() + 86_400_000))).toBe(1);
    expect(await left()).toEqual(["3"]);
  });

  it("loses a run's spans when retention deletes the run", async () => {
    const app = await open();
    await write(app, [span("a1", "1", 0n, { runId: "run-a" }), span("b1", "2", 0n, { runId: "run-b" })]);
    // the runs' events are from 2025: a one-day retention deletes both
    const sweep = await app.services.retention.sweep("default", 1);
    expect(sweep.runs).toBe(2);
    expect(await count(app)).toBe(0);
  });
});
