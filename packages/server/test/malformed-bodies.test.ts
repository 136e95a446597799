// 500 malformed request bodies (seeded, so a failure replays) for both ingest
// routes, POST /api/v1/events and POST /api/scenario-events: every answer must be
// a 4xx problem JSON — or, for the batch route, 200 with every event rejected —
// never a 5xx, and nothing may be stored.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemRows } from "../src/test-support/database.js";
import { type Json, type TestApp, testApp } from "../src/test-support/test-app.js";

const COUNT = 500;

/** mulberry32: a small seeded generator. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}

type Endpoint = "ingest" | "compat";
interface Case {
  label: string;
  body: string | Uint8Array;
  contentType: string;
}

const compatEvent = () => ({
  type: "SCENARIO_RUN_STARTED",
  timestamp: 1_760_000_000_000,
  batchRunId: "fuzz-batch",
  scenarioId: "fuzz",
  scenarioRunId: "fuzz-run",
  scenarioSetId: "fuzz-set",
  metadata: { name: "fuzz", description: "fuzz" },
});
const ingestEvent = () => ({
  ...compatEvent(),
  eventId: "0190f1a2-3b4c-7d5e-8f60-718293a4b5c6",
  seq: 0,
  schemaVersion: 1,
});

/** Fields every event needs, per endpoint (an optional field made wrong could still be valid). */
const required: Record<Endpoint, string[]> = {
  compat: ["type", "timestamp", "batchRunId", "scenarioId", "scenarioRunId"],
  ingest: ["type", "timestamp", "batchRunId", "scenarioId", "scenarioRunId", "eventId", "seq", "schemaVersion"],
};
const numeric = new Set(["timestamp", "seq", "schemaVersion"]);
const identifiers = ["batchRunId", "scenarioId", "scenarioRunId"];

/** One event made invalid in one of many ways; the label says how. */
function badEvent(endpoint: Endpoint, random: ReturnType<typeof generator>): { label: string; event: unknown } {
  const event: Record<string, unknown> = endpoint === "ingest" ? ingestEvent() : compatEvent();
  const field = random.pick(required[endpoint]);
  const id = random.pick(identifiers);
  const mutations: Array<() => string> = [
    () => {
      delete event[field];
      return `missing ${field}`;
    },
    () => {
      const wrong = numeric.has(field) ? random.pick(["1", true, {}, [], null]) : random.pick([42, true, {}, [1], null]);
      event[field] = wrong;
      return `${field} of the wrong type`;
    },
    () => {
      event[id] = "x".repeat(201 + Math.floor(random.next() * 200_000));
      return `huge ${id}`;
    },
    () => {
      event[id] = `a${String.fromCharCode(0)}b`;
      return `NUL in ${id}`;
    },
    () => {
      event[id] = `a${String.fromCharCode(0xd800 + Math.floor(random.next() * 0x800))}b`;
      return `lone surrogate in ${id}`;
    },
    () => {
      let deep: unknown = "leaf";
      for (let level = 0; level < 70 + Math.floor(random.next() * 5_000); level++)
        deep = random.next() < 0.5 ? [deep] : { d: deep };
      event.metadata = { name: "n", description: "d", deep };
      return "deep nesting";
    },
    () => {
      const [key, value] = random.pick<[string, unknown]>([
        ["timestamp", -1],
        ["timestamp", 1e20],
        ["timestamp", 8.7e15],
        ...(endpoint === "ingest"
          ? ([
              ["seq", -1],
              ["seq", 1.5],
              ["seq", 2 ** 31],
              ["seq", 1e300],
              ["schemaVersion", 2],
              ["attempt", 0],
              ["attempt", 2 ** 31],
            ] as Array<[string, unknown]>)
          : []),
      ]);
      event[key] = value;
      return `${key} = ${value}`;
    },
    () => {
      event.type = random.pick(["mystery_event", "SCENARIO_SOMETHING", "", "UPPER_case", 7]);
      if (endpoint === "ingest") event.eventId = random.pick(["not-a-uuid", 12, "", null]);
      return "unknown type with a bad envelope";
    },
    () => {
      event.type = "SCENARIO_MESSAGE_SNAPSHOT";
      event.messages = random.pick([
        [{ id: "m", role: "robot", content: "x" }],
        [{ id: "m", role: "user", content: 5 }],
        "not a list",
        [null],
      ]);
      return "bad messages";
    },
    () => {
      event.type = "SCENARIO_RUN_FINISHED";
      event.status = random.pick(["DONE", 1, null, "success"]);
      return "bad status";
    },
  ];
  const label = random.pick(mutations)();
  return { label, event };
}

function caseFor(endpoint: Endpoint, random: ReturnType<typeof generator>): Case {
  const wrap = (event: unknown) => (endpoint === "ingest" ? { events: [event] } : event);
  const valid = JSON.stringify(wrap(endpoint === "ingest" ? ingestEvent() : compatEvent()));
  const json = "application/json";
  const kinds: Array<() => Case> = [
    () => {
      const { label, event } = badEvent(endpoint, random);
      return { label, body: JSON.stringify(wrap(event)), contentType: json };
    },
    () => {
      const { label, event } = badEvent(endpoint, random);
      return { label, body: JSON.stringify(wrap(event)), contentType: json };
    },
    () => ({
      label: "truncated JSON",
      body: valid.slice(0, Math.floor(random.next() * (valid.length - 1))),
      contentType: json,
    }),
    () => {
      const bytes = new TextEncoder().encode(valid);
      const at = valid.indexOf("fuzz") + 1;
      const broken = new Uint8Array([...bytes.slice(0, at), random.pick([0xff, 0xc3, 0xed, 0x80]), ...bytes.slice(at)]);
      return { label: "invalid UTF-8", body: broken, contentType: json };
    },
    () => ({
      label: "wrong content type",
      body: valid,
      contentType: random.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]),
    }),
    () => ({
      label: "not an object",
      body: random.pick([
        "42",
        '"text"',
        "null",
        "true",
        "",
        `[${valid}]`,
        JSON.stringify({ events: [[ingestEvent()]] }),
        JSON.stringify({ events: ingestEvent() }),
      ]),
      contentType: json,
    }),
    () => ({ label: "over 4 MB", body: JSON.stringify(wrap({ pad: "x".repeat(4 * 1024 * 1024 + 10) })), contentType: json }),
    () => {
      const events = Array.from({ length: 2 + Math.floor(random.next() * 5) }, () => badEvent(endpoint, random));
      return {
        label: `several bad events: ${events.map((event) => event.label).join(", ")}`,
        body: JSON.stringify(endpoint === "ingest" ? { events: events.map((event) => event.event) } : events.map((e) => e.event)),
        contentType: json,
      };
    },
  ];
  return random.pick(kinds)();
}

describe("malformed ingest bodies", () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await testApp();
  });
  afterAll(async () => server?.close());

  it(`answers ${COUNT} malformed bodies with 4xx problems (or every event rejected) and stores nothing`, async () => {
    const random = generator(20_240_601);
    const failures: string[] = [];
    for (let index = 0; index < COUNT; index++) {
      const endpoint: Endpoint = index % 2 === 0 ? "ingest" : "compat";
      const sent = caseFor(endpoint, random);
      const response = await server.app.request(endpoint === "ingest" ? "/api/v1/events" : "/api/scenario-events", {
        method: "POST",
        body: sent.body,
        headers: {
          authorization: `Bearer ${server.adminKey}`,
          ...(sent.contentType ? { "content-type": sent.contentType } : {}),
        },
      });
      const text = await response.text();
      const summary = `#${index} ${endpoint} ${sent.label}: ${response.status} ${text.slice(0, 200)}`;
      if (response.status === 200 && endpoint === "ingest") {
        const outcome = JSON.parse(text) as Json;
        const events = (
          JSON.parse(
            new TextDecoder().decode(typeof sent.body === "string" ? new TextEncoder().encode(sent.body) : sent.body),
          ) as Json
        ).events;
        if (outcome.accepted !== 0 || outcome.duplicates.length !== 0 || outcome.rejected.length !== events.length)
          failures.push(summary);
        continue;
      }
      const problem =
        response.headers.get("content-type") === "application/problem+json" ? (JSON.parse(text) as Json) : undefined;
      if (response.status < 400 || response.status >= 500 || problem?.status !== response.status || !problem.code)
        failures.push(summary);
    }
    expect(failures).toEqual([]);
    expect((await server.read("/api/v1/runs")).items).toEqual([]);
    const [stored] = await systemRows<{ count: number }>(
      server.services.database,
      sql`select count(*)::int as count from events`,
    );
    expect(stored?.count).toBe(0);
  }, 120_000);
});
