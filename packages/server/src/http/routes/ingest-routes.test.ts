import { afterEach, describe, expect, it } from "vitest";
import { engines } from "../../test-support/database.js";
import { runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

describe.each(engines())("POST /api/v1/events (%s)", (engine) => {
  let server: TestApp | undefined;
  afterEach(async () => server?.close());

  it("needs a key, and says how to send one", async () => {
    server = await testApp(engine);
    const response = await server.app.request("/api/v1/events", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 401, code: "unauthorized", detail: expect.stringContaining("Bearer") });
    // another last character (the checksum's): never the key itself
    const changed = server.adminKey.endsWith("x") ? "y" : "x";
    const wrong = await server.post("/api/v1/events", { events: [] }, `${server.adminKey.slice(0, -1)}${changed}`);
    expect(wrong.status).toBe(401);
  });

  it("accepts a run's events once and reports repeats as duplicates", async () => {
    server = await testApp(engine);
    const events = runEvents({ runId: "r1" });
    expect(await server.send(events)).toEqual({ accepted: events.length, duplicates: [], rejected: [] });
    const again = await server.send([...events.slice(0, 2), ...runEvents({ runId: "r2" }).slice(0, 1)]);
    expect(again).toEqual({ accepted: 1, duplicates: events.slice(0, 2).map((event) => event.eventId), rejected: [] });
  });

  it("rejects a bad event alone, naming its index and field, and stores the rest", async () => {
    server = await testApp(engine);
    const events = runEvents({ runId: "r1" });
    const broken = { ...events[0], metadata: { name: 42, description: "x" } };
    const withNul = { ...events[1], seq: 1, turn: 0, note: "a\u0000b" };
    const result = await server.send([broken, withNul, ...events.slice(2)] as never);
    expect(result.accepted).toBe(events.length - 2);
    expect(result.rejected).toEqual([
      {
        eventId: events[0]?.eventId,
        index: 0,
        code: "invalid_event",
        message: expect.stringContaining("events[0].metadata.name"),
        retryable: false,
      },
      { eventId: events[1]?.eventId, index: 1, code: "invalid_event", message: expect.stringContaining("NUL"), retryable: false },
    ]);
    const run = await server.read("/api/v1/runs/r1");
    expect(run.events.count).toBe(events.length - 2);
    expect(run.events.missing).toBe(2);
  });

  it("answers whole-request problems with 4xx problem JSON", async () => {
    server = await testApp(engine);
    const request = (body: string | Uint8Array, type = "application/json") =>
      server?.app.request("/api/v1/events", {
        method: "POST",
        body,
        headers: { authorization: `Bearer ${server.adminKey}`, "content-type": type },
      }) as Promise<Response>;
    const cases: Array<[Response, number, string]> = [
      [await request("{not json"), 400, "invalid_json"],
      [await request(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 400, "invalid_json"],
      [await request("x=1", "application/x-www-form-urlencoded"), 415, "unsupported_media_type"],
      [await request(JSON.stringify({ events: "nope" })), 400, "validation_error"],
      [await request(JSON.stringify({ events: [] })), 400, "validation_error"],
      [await request(JSON.stringify({ events: Array.from({ length: 1001 }, () => ({})) })), 400, "validation_error"],
      [await request(JSON.stringify({ events: [{ pad: "x".repeat(5 * 1024 * 1024) }] })), 413, "payload_too_large"],
    ];
    for (const [response, status, code] of cases) {
      expect({ status: response.status, code: ((await response.json()) as Json).code }).toEqual({ status, code });
    }
    // deep nesting parses (V8's parser is iterative) but such an event is refused alone, before the database
    const deep: Json = await (
      await request(`{"events":[{"type":"x","deep":${"[".repeat(100_000)}${"]".repeat(100_000)}}]}`)
    ).json();
    expect(deep).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: "invalid_event" }] });
    const stored = await server.read("/api/v1/runs");
    expect(stored.items).toEqual([]);
  });

  it("counts ingest results in /metrics without run ids", async () => {
    server = await testApp(engine);
    await server.send(runEvents({ runId: "secret-run-id" }));
    const metrics = await (await server.get("/metrics")).text();
    expect(metrics).toMatch(/rehearse_ingest_events_total\{result="accepted"\} \d+/);
    expect(metrics).toMatch(/rehearse_runs_finished_total\{status="pass"\} 1/);
    await server.send(runEvents({ runId: "still-going", start: Date.now() }).slice(0, 2));
    const later = await (await server.get("/metrics")).text();
    expect(later).toMatch(/rehearse_runs_active\{state="running"\} 1/);
    expect(metrics).not.toContain("secret-run-id");
  });
});
