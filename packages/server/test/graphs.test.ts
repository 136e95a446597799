/**
 * Graphs end to end on the embedded runner: upload the support graph (its
 * nodes are deterministic, no model), execute it asynchronously and
 * synchronously through the launched-runs queue, read the graph view from
 * the run's stored events, and watch a run over the WebSocket stream —
 * authenticated like the API, and kept to its tenant.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { graphRunsFromEvents } from "@rehearse/core/platform";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type RunningServer, startServer } from "../src/server.js";
import { tenants } from "../src/store/schema.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/graphs/${name}`, import.meta.url), "utf8");
/** The support graph and its nodes are the graphs example's own (examples/graphs). */
const example = (name: string) => readFileSync(new URL(`../../../examples/graphs/${name}`, import.meta.url), "utf8");
const upload = {
  file: { path: "support.graph.yaml", content: example("support.graph.yaml") },
  files: [
    { path: "nodes.mjs", content: example("nodes.mjs") },
    { path: "refund.scenario.yaml", content: fixture("refund.scenario.yaml") },
  ],
};

let dataDir: string;
let server: RunningServer;
let key: string;
let otherKey: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rehearse-graphs-"));
  server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }), queue: "embedded", dashboardDir: false });
  key = readFileSync(server.adminKeyFile as string, "utf8").trim();
  await server.services.database.asSystem(({ drizzle }) => drizzle.insert(tenants).values({ id: "other", name: "Other" }));
  otherKey = (await server.services.keys.issue("other", { name: "other", role: "api", scopes: ["runs:read", "runs:launch"] }))
    .secret;
  const uploaded = await api("POST", "/api/v1/graphs", upload);
  expect(uploaded.status).toBe(201);
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(method: string, path: string, body?: unknown, bearer = key) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the assertions
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

async function until<Value>(read: () => Promise<Value>, done: (value: Value) => boolean, timeoutMs = 30_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The run's stored events as graph views. */
async function storedGraphView(runId: string) {
  const events = await api("GET", `/api/v1/runs/${runId}/events?limit=500`);
  expect(events.status).toBe(200);
  return graphRunsFromEvents(
    events.body.items.map((item: { type: string; event: Record<string, unknown> }) => ({ type: item.type, payload: item.event })),
  );
}

interface Received {
  messages: Array<Record<string, unknown>>;
  code: number;
  reason: string;
  protocol: string;
}

/** Connects to `path`, collects every message until the server closes the socket. */
function watch(path: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}${path}`, options.protocols ?? [], {
      headers: options.headers ?? { authorization: `Bearer ${key}` },
    });
    const messages: Array<Record<string, unknown>> = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    socket.on("close", (code, reason) => resolve({ messages, code, reason: String(reason), protocol: socket.protocol }));
    socket.on("unexpected-response", (_request, response) => reject(new Error(`refused: ${response.statusCode}`)));
    socket.on("error", reject);
  });
}

describe("graphs on the embedded runner", () => {
  it("executes asynchronously: the worker runs the graph and the run's stored events show its path", async () => {
    const launched = await api("POST", "/api/v1/runs/support/execute/async", { scenario: "refund.scenario.yaml", seeds: [7] });
    expect(launched.status).toBe(202);
    const [runId] = launched.body.run_ids;
    const run = await until(
      () => api("GET", `/api/v1/runs/${runId}`),
      (answer) => answer.body?.state === "finished",
    );
    expect(run.body).toMatchObject({ state: "finished", status: "pass", seed: 7, setId: "graph-support" });
    const [view] = await storedGraphView(runId);
    expect(view?.visits.map((visit) => visit.node)).toEqual(["router", "refunds"]);
    expect(view?.edges).toEqual([{ from: "router", to: "refunds", count: 1 }]);
    expect(view?.answeredBy).toBe("refunds");
    expect(view?.nodes.refunds?.verdict).toBe("pass");
  });

  it("executes synchronously: user turns become a scenario and the answer holds each run's verdict and graph view", async () => {
    const response = await api("POST", "/runs/support/execute", { script: ["where is my order 42?"], timeout_ms: 60_000 });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe("pass");
    const [run] = response.body.runs;
    expect(run).toMatchObject({ state: "finished", status: "pass", error: null, graph_status: "pass" });
    const [view] = run.graphs;
    expect(view.graph).toBe("support");
    expect(view.visits.map((visit: { node: string }) => visit.node)).toEqual(["router", "orders"]);
    expect(view.visits.at(-1).output).toContain("shipped on Monday");
    expect(view.outline.entry).toBe("router");
  });

  it("grades the path with the request's checks: a wrong answering node fails the run; an unknown node is refused", async () => {
    const response = await api("POST", "/runs/support/execute", {
      script: ["where is my order 42?"],
      checks: { answered_by: "refunds", contracts_held: true },
    });
    expect(response.status).toBe(200);
    const [run] = response.body.runs;
    expect(run).toMatchObject({ state: "finished", status: "fail" });
    const stored = await api("GET", `/api/v1/runs/${run.run_id ?? run.id}`);
    expect(JSON.stringify(stored.body)).toMatch(/the answer came from orders/);
    const unknown = await api("POST", "/runs/support/execute", { script: ["hi"], checks: { visited: ["refund"] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      field: "checks.visited[0]",
      detail: expect.stringMatching(/"refund" is not a node of the graph/),
    });
  });

  it("answers a sync execution that outlasts its timeout with 202 and timed_out; the run goes on", async () => {
    const response = await api("POST", "/api/v1/runs/support/execute", { scenario: "refund.scenario.yaml", timeout_ms: 1 });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ timed_out: true, graph_id: "support" });
    const [runId] = response.body.run_ids;
    const run = await until(
      () => api("GET", `/api/v1/runs/${runId}`),
      (answer) => answer.body?.state === "finished",
    );
    expect(run.body.status).toBe("pass");
  });

  it("streams a run over a WebSocket: its graph events, then run.finished and a normal close", async () => {
    const launched = await api("POST", "/api/v1/runs/support/execute/async", { scenario: "refund.scenario.yaml" });
    const [runId] = launched.body.run_ids;
    const received = await watch(new URL(launched.body.stream.websocket[0]).pathname);
    expect(received.code).toBe(1000);
    const types = received.messages.map((message) => message.type ?? message.kind);
    expect(types[0]).toBe("SCENARIO_RUN_STARTED");
    expect(types).toEqual(expect.arrayContaining(["graph_started", "node_started", "handoff", "node_finished"]));
    expect(types.at(-1)).toBe("run.finished");
    expect(received.messages.at(-1)).toMatchObject({ kind: "run.finished", runId, state: "finished", status: "pass" });
    const handoff = received.messages.find((message) => message.type === "handoff");
    expect(handoff?.event).toMatchObject({ graph: "support", from: "router", to: "refunds", by: "tool" });
    // every event once, in ingest order
    const ids = received.messages.filter((message) => message.id !== undefined).map((message) => message.id as number);
    expect(ids).toEqual([...new Set(ids)].sort((left, right) => left - right));
    // a finished run streams the same stored events and closes at once
    const again = await watch(`/api/v1/runs/${runId}/stream/ws`);
    expect(again.messages.map((message) => message.id)).toEqual(received.messages.map((message) => message.id));
  });

  it("takes a browser's key as a subprotocol beside rehearse.v1", async () => {
    const launched = await api("POST", "/api/v1/runs/support/execute/async", { script: ["hello"] });
    const received = await watch(`/runs/stream/${launched.body.run_ids[0]}`, {
      headers: {},
      protocols: ["rehearse.v1", `bearer.${key}`],
    });
    expect(received.protocol).toBe("rehearse.v1");
    expect(received.code).toBe(1000);
    expect(received.messages.at(-1)).toMatchObject({ kind: "run.finished", status: "pass" });
  });

  it("refuses an unauthenticated upgrade, and keeps runs and graphs to their tenant", async () => {
    const launched = await api("POST", "/api/v1/runs/support/execute/async", { scenario: "refund.scenario.yaml" });
    const path = `/runs/stream/${launched.body.run_ids[0]}`;
    await expect(watch(path, { headers: {} })).rejects.toThrow("refused: 401");
    await expect(watch(path, { headers: { authorization: "Bearer rh_live_not-a-key" } })).rejects.toThrow("refused: 401");
    // a session cookie from another site's page is not a credential here
    await expect(
      watch(path, { headers: { cookie: "rehearse_session=whatever", origin: "https://elsewhere.example" } }),
    ).rejects.toThrow("refused: 403");

    const other = await watch(path, { headers: { authorization: `Bearer ${otherKey}` } });
    expect(other).toMatchObject({ code: 4404, messages: [] });
    expect(other.reason).toContain("no run");
    const unknown = await watch("/runs/stream/run_unknown");
    expect(unknown.code).toBe(4404);
    expect((await api("GET", "/api/v1/graphs/support", undefined, otherKey)).status).toBe(404);
    expect((await api("POST", "/api/v1/runs/support/execute/async", { script: ["hi"] }, otherKey)).status).toBe(404);
  });
});
