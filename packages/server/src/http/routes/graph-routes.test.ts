import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { RecordingQueue } from "../../test-support/recording-queue.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/graphs/${name}`, import.meta.url), "utf8");
/** The support graph and its nodes are the graphs example's own (examples/graphs). */
const example = (name: string) => readFileSync(new URL(`../../../../../examples/graphs/${name}`, import.meta.url), "utf8");
const graphText = example("support.graph.yaml");
const upload = {
  file: { path: "graphs/support.graph.yaml", content: graphText },
  files: [
    { path: "graphs/nodes.mjs", content: example("nodes.mjs") },
    { path: "graphs/refund.scenario.yaml", content: fixture("refund.scenario.yaml") },
  ],
};

describe("graphs on the platform: upload, read, execute", () => {
  let server: TestApp | undefined;
  let queue: RecordingQueue;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async () => {
    queue = new RecordingQueue();
    server = await testApp("pglite", { queue });
    return server;
  };

  it("stores an upload as a version named by its content; the same files twice are the same version", async () => {
    const app = await start();
    const first = await app.post("/api/v1/graphs", upload);
    expect(first.status).toBe(201);
    const created: Json = await first.json();
    expect(created).toMatchObject({
      graph_id: "support",
      name: "support",
      created: true,
      modules: ["graphs/nodes.mjs"],
      scenarios: [{ path: "graphs/refund.scenario.yaml", id: "refund-of-a-known-order", name: "Refund of a known order" }],
      suite: { name: "graph-support" },
    });
    expect(created.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(created.outline.entry).toBe("router");
    expect(created.outline.nodes.map((node: Json) => node.name)).toEqual(["router", "orders", "refunds", "escalation"]);

    // seed 004's path is the same handler: the same files give the same version, not a new one
    const again = await app.post("/graphs/upload", upload);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: created.version, created: false });

    const changed = await app.post("/api/v1/graphs", {
      ...upload,
      file: { ...upload.file, content: graphText.replace('version: "1"', 'version: "2"') },
    });
    expect(changed.status).toBe(201);
    const second: Json = await changed.json();
    expect(second.version).not.toBe(created.version);

    const list: Json = await app.read("/api/v1/graphs");
    expect(list.graphs).toEqual([
      expect.objectContaining({ graph_id: "support", latest_version: second.version, versions: 2, nodes: 4 }),
    ]);
    const detail: Json = await app.read("/api/v1/graphs/support");
    expect(detail.version).toBe(second.version);
    expect(detail.outline.version).toBe("2");
    expect(detail.versions.map((version: Json) => version.version)).toEqual([second.version, created.version]);
    const one: Json = await app.read(`/api/v1/graphs/support/versions/${encodeURIComponent(created.version)}`);
    expect(one).toMatchObject({ version: created.version, graph_path: "graphs/support.graph.yaml" });
    expect(one.outline.version).toBe("1");

    // the files are a suite version workers fetch, as `rehearse push` makes them
    const suite: Json = await app.read(`/api/v1/suites/graph-support?version=${encodeURIComponent(created.version)}`);
    expect(suite.files.map((file: Json) => file.path)).toEqual([
      "graphs/support.graph.yaml",
      "graphs/nodes.mjs",
      "graphs/refund.scenario.yaml",
    ]);
  });

  it("refuses an invalid graph file with its file:line:column and field, storing nothing", async () => {
    const app = await start();
    const broken = graphText.replace("- { from: router, to: orders, tool: true }", "- { from: router, to: billing, tool: true }");
    const response = await app.post("/api/v1/graphs", { ...upload, file: { ...upload.file, content: broken } });
    expect(response.status).toBe(422);
    const body: Json = await response.json();
    expect(body.detail).toMatch(/^graphs\/support\.graph\.yaml:\d+:\d+: edges\[0\]\.to: .*billing/m);
    expect(body.problems[0]).toMatchObject({ file: "graphs/support.graph.yaml", field: "edges[0].to" });
    expect(body.problems[0].line).toBe(graphText.split("\n").findIndex((line) => line.includes("to: orders, tool")) + 1);

    const schema = await app.post("/api/v1/graphs", {
      ...upload,
      file: { ...upload.file, content: graphText.replace("entry: router", "entry: router\ncolour: blue") },
    });
    expect(schema.status).toBe(422);
    expect(((await schema.json()) as Json).detail).toMatch(/^graphs\/support\.graph\.yaml:5:1: colour: /);
    expect(((await app.read("/api/v1/graphs")) as Json).graphs).toEqual([]);
  });

  it("refuses a graph whose node modules are not uploaded, naming the node's module field", async () => {
    const app = await start();
    const response = await app.post("/api/v1/graphs", { file: upload.file, files: [] });
    expect(response.status).toBe(422);
    const body: Json = await response.json();
    expect(body.field).toBe("nodes.router.agent.module");
    expect(body.detail).toContain('"./nodes.mjs" is not among the uploaded files');
    expect(body.detail).toContain("graphs/nodes.mjs");
  });

  it("keeps graphs to their tenant", async () => {
    const app = await start();
    expect((await app.post("/api/v1/graphs", upload)).status).toBe(201);
    expect((await app.get("/api/v1/graphs/support", app.otherTenantKey)).status).toBe(404);
    expect(((await app.read("/api/v1/graphs", app.otherTenantKey)) as Json).graphs).toEqual([]);
    // the other tenant's key may not launch at all; its read key cannot execute the graph
    expect((await app.post("/api/v1/runs/support/execute/async", { scenario: "x" }, app.otherTenantKey)).status).toBe(403);
  });

  it("queues an async execution of an uploaded scenario, or of user turns written as a scenario file", async () => {
    const app = await start();
    const uploaded: Json = await (await app.post("/api/v1/graphs", upload)).json();
    const response = await app.post("/api/v1/runs/support/execute/async", {
      scenario: "graphs/refund.scenario.yaml",
      trials: 2,
      seeds: [3, 4],
    });
    expect(response.status).toBe(202);
    const launched: Json = await response.json();
    expect(launched).toMatchObject({ graph_id: "support", version: uploaded.version, scenario: "graphs/refund.scenario.yaml" });
    expect(launched.run_ids).toHaveLength(2);
    expect(launched.stream.websocket[0]).toBe(`ws://127.0.0.1:4319/runs/stream/${launched.run_ids[0]}`);
    expect(launched.stream.sse[0]).toContain(`topics=run%3A${launched.run_ids[0]}`);
    expect(queue.jobs.map((job) => [job.seed, job.suite.version, job.scenario.path, job.setId])).toEqual([
      [3, uploaded.version, "graphs/refund.scenario.yaml", "graph-support"],
      [4, uploaded.version, "graphs/refund.scenario.yaml", "graph-support"],
    ]);

    const turns = ["where is my order 42?", "thanks"];
    const scripted: Json = await (await app.post("/runs/support/execute/async", { script: turns })).json();
    const job = queue.jobs.find((entry) => entry.runId === scripted.run_ids[0]);
    expect(job?.suite.version).not.toBe(uploaded.version);
    const derived: Json = await app.read(`/api/v1/suites/graph-support?version=${encodeURIComponent(job?.suite.version ?? "")}`);
    expect(derived.files.map((file: Json) => file.path)).toContain(scripted.scenario);
    expect(scripted.scenario).toMatch(/^graphs\/execute-[0-9a-f]{16}\.scenario\.json$/);
    // the same turns are the same scenario and the same suite version
    const repeated: Json = await (await app.post("/api/v1/runs/support/execute/async", { script: turns })).json();
    expect(queue.jobs.find((entry) => entry.runId === repeated.run_ids[0])?.suite.version).toBe(job?.suite.version);
  });

  it("answers 404 for an unknown graph, version or scenario and 422 for a body that breaks a rule", async () => {
    const app = await start();
    const none = await app.post("/api/v1/runs/nothing/execute/async", { script: ["hi"] });
    expect(none.status).toBe(404);
    expect(((await none.json()) as Json).detail).toContain('no graph "nothing"');
    await app.post("/api/v1/graphs", upload);
    const version = await app.post("/api/v1/runs/support/execute/async", { version: "sha256:00", script: ["hi"] });
    expect(version.status).toBe(404);
    const scenario = await app.post("/api/v1/runs/support/execute/async", { scenario: "graphs/other.yaml" });
    expect(scenario.status).toBe(404);
    expect(((await scenario.json()) as Json).detail).toContain("graphs/refund.scenario.yaml");
    const seeds = await app.post("/api/v1/runs/support/execute/async", { script: ["hi"], trials: 2, seeds: [1] });
    expect(seeds.status).toBe(422);
    expect(((await seeds.json()) as Json).field).toBe("seeds");
    const both = await app.post("/api/v1/runs/support/execute/async", {
      script: ["hi"],
      scenario: "graphs/refund.scenario.yaml",
    });
    expect(both.status).toBe(422);
    const unknownKey = await app.post("/api/v1/runs/support/execute", { turns: ["hi"] });
    expect(unknownKey.status).toBe(400);
    expect(queue.jobs).toEqual([]);
  });

  it("answers a WebSocket path reached without an upgrade with 426", async () => {
    const app = await start();
    const response = await app.get("/runs/stream/run-1");
    expect(response.status).toBe(426);
    expect(response.headers.get("upgrade")).toBe("websocket");
  });
});
