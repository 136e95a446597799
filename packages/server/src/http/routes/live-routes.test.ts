import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { IngestEvent } from "@rehearse/core/events";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../server.js";
import type { LiveHubOptions } from "../../services/live-hub.js";
import { runEvents } from "../../test-support/events.js";
import { openSse, type SseFrame, type SseStream } from "../../test-support/sse-client.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

interface Harness extends TestApp {
  url: string;
  stream(query: string, options?: { key?: string; lastEventId?: string }): Promise<SseStream & { body: string }>;
}

const opened: Array<{ close(): void }> = [];
let stopHarness: (() => Promise<void>) | undefined;

afterEach(async () => {
  for (const stream of opened.splice(0)) stream.close();
  await stopHarness?.();
  stopHarness = undefined;
});

/** The test app's services behind a real HTTP server on a free port. */
async function harness(options: { live?: LiveHubOptions; now?: () => number } = {}): Promise<Harness> {
  const app = await testApp("pglite", options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stopHarness = async () => {
    app.services.live.close();
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  };
  return {
    ...app,
    url,
    async stream(query, { key = app.adminKey, lastEventId } = {}) {
      const stream = await openSse(`${url}/api/v1/stream?${query}`, {
        authorization: `Bearer ${key}`,
        ...(lastEventId ? { "last-event-id": lastEventId } : {}),
      });
      opened.push(stream);
      // subscribed once the first frame (retry) arrived
      if (stream.status === 200) await stream.until((frame) => frame.retry !== undefined);
      return stream;
    },
  };
}

const data = (frame: SseFrame): Json => JSON.parse(frame.data ?? "null");
/** The data frames of the stream (no retry, heartbeat or resync). */
const delivered = (stream: SseStream) => stream.events().filter((frame) => frame.event !== "resync");
const seqsOf = (stream: SseStream, runId?: string) =>
  delivered(stream)
    .map(data)
    .filter((item) => runId === undefined || item.runId === runId)
    .map((item) => item.seq);
const hasSeq = (runId: string, seq: number) => (frame: SseFrame) =>
  frame.data !== undefined && data(frame).runId === runId && data(frame).seq === seq;

describe("GET /api/v1/stream", () => {
  it("delivers a run's new events to its subscriber in order, as deltas with ingest ids", async () => {
    const server = await harness();
    const stream = await server.stream("topics=run:r1");
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    expect(stream.frames[0]).toEqual({ retry: 3000 });
    const events = runEvents({ runId: "r1" });
    await server.send(events);
    await stream.until(hasSeq("r1", events.length - 1));
    const frames = delivered(stream);
    expect(frames.map((frame) => frame.event)).toEqual(events.map((event) => kindOf(event.type)));
    expect(frames.map((frame) => data(frame).seq)).toEqual(events.map((event) => event.seq));
    const ids = frames.map((frame) => Number(frame.id));
    expect(ids.every((id, index) => Number.isInteger(id) && (index === 0 || id > (ids[index - 1] ?? 0)))).toBe(true);
    // a snapshot sends the messages it carried and where they start, never the whole event
    const snapshot = data(frames.find((frame) => frame.event === "run.messages") as SseFrame);
    expect(snapshot).toMatchObject({ runId: "r1", offset: 0, messages: [{ role: "user", content: "I want a refund" }] });
    expect(snapshot.event).toBeUndefined();
    expect(data(frames[0] as SseFrame).event).toMatchObject({ type: "SCENARIO_RUN_STARTED", scenarioRunId: "r1" });
    const metrics = await (await server.get("/metrics")).text();
    expect(metrics).toMatch(/rehearse_sse_connections 1\b/);
    expect(metrics).toMatch(new RegExp(`rehearse_sse_events_sent_total ${events.length}\\b`));
  });

  it("sends only the caller's tenant's events, whatever the topics", async () => {
    const server = await harness();
    const mine = await server.stream("topics=tenant");
    const theirs = await server.stream("topics=tenant,run:r1,set:default", { key: server.otherTenantKey });
    const own = runEvents({ runId: "r1" });
    const other = runEvents({ runId: "r2" });
    await server.send(own);
    await server.send(other, server.otherTenantKey);
    await mine.until(hasSeq("r1", own.length - 1));
    await theirs.until(hasSeq("r2", other.length - 1));
    expect(new Set(delivered(mine).map((frame) => data(frame).runId))).toEqual(new Set(["r1"]));
    expect(new Set(delivered(theirs).map((frame) => data(frame).runId))).toEqual(new Set(["r2"]));
  });

  it("filters by run, batch and set topic, several on one connection", async () => {
    const server = await harness();
    const byRun = await server.stream("topics=run:r1");
    const byBatch = await server.stream("topics=batch:b2");
    const bySet = await server.stream("topics=set:s1");
    const both = await server.stream("topics=run:r1&topics=batch:b2");
    const first = runEvents({ runId: "r1", batchId: "b1", setId: "s1" });
    const second = runEvents({ runId: "r2", batchId: "b2", setId: "s2" });
    await server.send([...first, ...second]);
    const last = first.length - 1;
    await Promise.all([
      byRun.until(hasSeq("r1", last)),
      byBatch.until(hasSeq("r2", last)),
      bySet.until(hasSeq("r1", last)),
      both.until((_, frames) => frames.some(hasSeq("r1", last)) && frames.some(hasSeq("r2", last))),
    ]);
    const runsOf = (stream: SseStream) => [...new Set(delivered(stream).map((frame) => data(frame).runId))].sort();
    expect(runsOf(byRun)).toEqual(["r1"]);
    expect(runsOf(byBatch)).toEqual(["r2"]);
    expect(runsOf(bySet)).toEqual(["r1"]);
    expect(runsOf(both)).toEqual(["r1", "r2"]);
    expect(seqsOf(both, "r1")).toEqual(first.map((event) => event.seq));
  });

  it("resumes after Last-Event-ID with exactly the missed events, in order, then live ones", async () => {
    const server = await harness();
    const events = runEvents({ runId: "r1", messages: Array.from({ length: 10 }, (_, index) => ["user", `m${index}`]) });
    const first = await server.stream("topics=run:r1");
    await server.send(events.slice(0, 5));
    const seen = await first.until(hasSeq("r1", 4));
    first.close();
    // missed while away, with another run's events in between
    await server.send([...events.slice(5, 12), ...runEvents({ runId: "r9" })]);
    const resumed = await server.stream("topics=run:r1", { lastEventId: seen.id as string });
    // more arrive while the resumed connection switches from the table to live
    const sending = server.send(events.slice(12));
    await resumed.until(hasSeq("r1", events.length - 1));
    await sending;
    expect(seqsOf(resumed)).toEqual(events.slice(5).map((event) => event.seq));
    const ids = delivered(resumed).map((frame) => Number(frame.id));
    expect(ids[0]).toBeGreaterThan(Number(seen.id));
    expect([...ids].sort((left, right) => left - right)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // the query parameter works like the header (EventSource cannot set headers on the first request)
    const byQuery = await server.stream(`topics=run:r1&lastEventId=${seen.id}`);
    await byQuery.until(hasSeq("r1", events.length - 1));
    expect(seqsOf(byQuery)).toEqual(events.slice(5).map((event) => event.seq));
  });

  it("answers resync instead of replaying past the cap, and goes on live", async () => {
    const server = await harness({ live: { resumeMaxEvents: 3 } });
    const first = await server.stream("topics=run:r1");
    const events = runEvents({ runId: "r1", messages: Array.from({ length: 6 }, (_, index) => ["user", `m${index}`]) });
    await server.send(events.slice(0, 1));
    const seen = await first.until(hasSeq("r1", 0));
    first.close();
    await server.send(events.slice(1, 6));
    const resumed = await server.stream("topics=run:r1", { lastEventId: seen.id as string });
    const resync = await resumed.until((frame) => frame.event === "resync");
    expect(data(resync)).toEqual({ reason: "too_many_missed", lastEventId: Number(resync.id) });
    expect(Number(resync.id)).toBeGreaterThan(Number(seen.id));
    await server.send(events.slice(6));
    await resumed.until(hasSeq("r1", events.length - 1));
    expect(seqsOf(resumed)).toEqual(events.slice(6).map((event) => event.seq));
    // an id this database never gave (another server's) cannot be resumed either
    const stranger = await server.stream("topics=run:r1", { lastEventId: "999999" });
    expect(data(await stranger.until((frame) => frame.event === "resync")).reason).toBe("unknown_id");
  });

  it("answers resync when the missed events are older than the age cap", async () => {
    let offset = 0;
    const server = await harness({ now: () => Date.now() + offset });
    const first = await server.stream("topics=tenant");
    await server.send(runEvents({ runId: "r1" }).slice(0, 1));
    const seen = await first.until(hasSeq("r1", 0));
    await server.send(runEvents({ runId: "r2" }));
    offset = 11 * 60_000;
    const resumed = await server.stream("topics=tenant", { lastEventId: seen.id as string });
    expect(data(await resumed.until((frame) => frame.event === "resync")).reason).toBe("too_old");
    expect(delivered(resumed)).toEqual([]);
  });

  it("sends heartbeat comments", async () => {
    const server = await harness({ live: { heartbeatMilliseconds: 30 } });
    const stream = await server.stream("topics=tenant");
    await stream.until((_, frames) => frames.filter((frame) => frame.comment === "heartbeat").length >= 2);
  });

  it("refuses bad topics and missing keys with problem JSON", async () => {
    const server = await harness();
    for (const query of [
      "topics=runs:r1",
      "topics=run:",
      "topics=",
      "",
      "topics=tenant,bogus",
      `topics=${Array.from({ length: 51 }, (_, index) => `run:x${index}`).join(",")}`,
    ]) {
      const stream = await server.stream(query);
      expect({ query, status: stream.status }).toEqual({ query, status: 400 });
      expect(stream.headers.get("content-type")).toBe("application/problem+json");
      expect(JSON.parse(stream.body)).toMatchObject({ code: "validation_error", field: "topics" });
    }
    const anonymous = await fetch(`${server.url}/api/v1/stream?topics=tenant`);
    expect(anonymous.status).toBe(401);
  });

  it("is in the OpenAPI document as an event stream", async () => {
    const server = await harness();
    const document = await server.read("/openapi.json");
    expect(document.paths["/api/v1/stream"].get.responses["200"].content).toHaveProperty("text/event-stream");
    expect(document.paths["/api/v1/runs/{runId}/replay"].post.responses).toHaveProperty("202");
  });
});

describe("POST /api/v1/runs/:runId/replay", () => {
  /** A finished run whose events are `gap` ms apart. */
  const spacedRun = (runId: string, gap: number) =>
    runEvents({ runId }).map((event, index) => ({ ...event, timestamp: 1_760_000_000_000 + index * gap }) as IngestEvent);

  it("plays a stored run back on its topic, in order, with the original spacing ÷ speed", async () => {
    const server = await harness();
    const events = spacedRun("r1", 200);
    await server.send(events);
    const watcher = await server.stream("topics=run:r1");
    const tenantWide = await server.stream("topics=tenant");
    const response = await server.post("/api/v1/runs/r1/replay", { mode: "playback", speed: 4 });
    expect(response.status).toBe(202);
    const body: Json = await response.json();
    const total = ((events.length - 1) * 200) / 4;
    expect(body).toEqual({
      runId: "r1",
      topic: "run:r1",
      playbackId: expect.any(String),
      events: events.length,
      durationMs: total,
    });
    const started = performance.now();
    await watcher.until((frame) => frame.data !== undefined && data(frame).seq === events.length - 1);
    // timers never fire early: the playback cannot be faster than the scaled spacing
    expect(performance.now() - started).toBeGreaterThanOrEqual(total * 0.5);
    const frames = delivered(watcher);
    expect(frames.map((frame) => frame.event)).toEqual(events.map((event) => kindOf(event.type)));
    expect(frames.map((frame) => data(frame).seq)).toEqual(events.map((event) => event.seq));
    expect(frames.every((frame) => data(frame).replay === true && data(frame).playbackId === body.playbackId)).toBe(true);
    // playback ids cannot be taken for live ids, and carry the live position
    const cursor = server.services.live.lastId;
    expect(frames.map((frame) => frame.id)).toEqual(events.map((_, index) => `${cursor}:${body.playbackId}:${index}`));
    expect(delivered(tenantWide)).toEqual([]);
  });

  it("plays at once with speed 0", async () => {
    const server = await harness();
    const events = spacedRun("r1", 60_000);
    await server.send(events);
    const watcher = await server.stream("topics=run:r1");
    const response = await server.post("/api/v1/runs/r1/replay", { mode: "playback", speed: 0 });
    expect(await response.json()).toMatchObject({ events: events.length, durationMs: 0 });
    // the original took minutes
    await watcher.until((frame) => frame.data !== undefined && data(frame).seq === events.length - 1, 5_000);
    expect(seqsOf(watcher)).toEqual(events.map((event) => event.seq));
  });

  it("answers 404 for another tenant's run, 409 for a rerun of an SDK run, 400 for a bad speed", async () => {
    const server = await harness();
    await server.send(runEvents({ runId: "r1" }));
    expect((await server.post("/api/v1/runs/r1/replay", { mode: "playback" }, server.otherTenantKey)).status).toBe(404);
    expect((await server.post("/api/v1/runs/nope/replay", { mode: "playback" })).status).toBe(404);
    const rerun = await server.post("/api/v1/runs/r1/replay", { mode: "rerun" });
    // reruns are of launched runs (test/rerun.test.ts); this one an SDK reported
    expect(rerun.status).toBe(409);
    expect(await rerun.json()).toMatchObject({ code: "not_controllable", detail: expect.stringContaining("launched") });
    expect((await server.post("/api/v1/runs/r1/replay", { mode: "playback", speed: 101 })).status).toBe(400);
    expect((await server.post("/api/v1/runs/r1/replay", {})).status).toBe(400);
  });
});

describe("server shutdown", () => {
  it("ends every open stream", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rehearse-live-"));
    try {
      const server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }) });
      const key = readFileSync(server.adminKeyFile as string, "utf8").trim();
      const streams = await Promise.all(
        ["tenant", "run:r1"].map((topics) =>
          openSse(`${server.url}/api/v1/stream?topics=${topics}`, { authorization: `Bearer ${key}` }),
        ),
      );
      opened.push(...streams);
      await Promise.all(streams.map((stream) => stream.until((frame) => frame.retry !== undefined)));
      expect(server.services.live.size).toBe(2);
      await server.close();
      await Promise.all(streams.map((stream) => stream.ended));
      expect(server.services.live.size).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function kindOf(type: string): string {
  if (type === "SCENARIO_MESSAGE_SNAPSHOT") return "run.messages";
  return type.startsWith("SCENARIO_RUN_") ? "run.state" : "run.event";
}
