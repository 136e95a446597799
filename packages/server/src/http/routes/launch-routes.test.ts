import { afterEach, describe, expect, it } from "vitest";
import { runEvents } from "../../test-support/events.js";
import { RecordingQueue } from "../../test-support/recording-queue.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const workerToken = "worker-token-for-tests-0123456789abcdef";
const suite = {
  name: "support",
  files: [
    { path: "scenarios/refund.yaml", content: "name: refund\n" },
    { path: "scenarios/greeting.yaml", content: "name: greeting\n" },
    { path: "agent.ts", content: "export const bot = {};\n" },
  ],
  scenarios: [
    { path: "scenarios/refund.yaml", id: "refund", name: "refund" },
    { path: "scenarios/greeting.yaml", id: "greeting", name: "greeting" },
  ],
};

describe("launching runs from the platform", () => {
  let server: TestApp | undefined;
  let queue: RecordingQueue;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async () => {
    queue = new RecordingQueue();
    server = await testApp("pglite", { queue, workerToken });
    return server;
  };
  const launch = (app: TestApp, body: unknown, key = "launch-1", query = "") =>
    app.app.request(`/api/v1/batches${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
    });
  const worker = (app: TestApp, path: string, body: unknown, token = workerToken) =>
    app.app.request(`/api/v1/worker/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("versions a pushed suite by content: the same files are the same version", async () => {
    const app = await start();
    const first = await app.post("/api/v1/suites", suite);
    expect(first.status).toBe(201);
    const pushed: Json = await first.json();
    expect(pushed.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await app.post("/api/v1/suites", suite);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Json).version).toBe(pushed.version);
    const changed = await app.post("/api/v1/suites", {
      ...suite,
      files: [...suite.files.slice(0, 2), { path: "agent.ts", content: "changed" }],
    });
    expect(changed.status).toBe(201);
    expect(((await changed.json()) as Json).version).not.toBe(pushed.version);
    const detail: Json = await app.read("/api/v1/suites/support");
    expect(detail.scenarios.map((scenario: Json) => scenario.id)).toEqual(["refund", "greeting"]);
    expect(detail.files).toContainEqual({ path: "agent.ts", bytes: 7 });
    const list: Json = await app.read("/api/v1/suites");
    expect(list.suites).toEqual([expect.objectContaining({ name: "support", versions: 2, scenarios: 2 })]);
  });

  it("refuses a push whose paths climb out of the suite or whose scenarios are not among the files", async () => {
    const app = await start();
    const climbing = await app.post("/api/v1/suites", {
      ...suite,
      files: [...suite.files, { path: "../etc/passwd", content: "x" }],
    });
    expect(climbing.status).toBe(422);
    expect(((await climbing.json()) as Json).detail).toMatch(/files\[3\]\.path.*\.\./);
    const missing = await app.post("/api/v1/suites", { ...suite, scenarios: [{ path: "nope.yaml", id: "nope", name: "nope" }] });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as Json).field).toBe("scenarios[0].path");
  });

  it("launches scenarios × trials as queued runs, once per Idempotency-Key", async () => {
    const app = await start();
    await app.post("/api/v1/suites", suite);
    const body = { suite: "support", trials: 3, seeds: [1, 2, 3], note: "nightly", labels: ["critical"] };
    const response = await launch(app, body);
    expect(response.status).toBe(202);
    const launched: Json = await response.json();
    expect(launched.runIds).toHaveLength(6);
    expect(launched.url).toBe(`http://127.0.0.1:4319/batches/${launched.batchId}`);
    expect(queue.jobs.map((job) => [job.scenario.id, job.trialIndex, job.seed])).toEqual([
      ["refund", 0, 1],
      ["refund", 1, 2],
      ["refund", 2, 3],
      ["greeting", 0, 1],
      ["greeting", 1, 2],
      ["greeting", 2, 3],
    ]);
    // no secret or transcript in a job: ids, names, numbers
    expect(JSON.stringify(queue.jobs)).not.toMatch(/rh_|rrw_|Bearer/);

    const batch: Json = await app.read(`/api/v1/batches/${launched.batchId}`);
    expect(batch.source).toBe("server");
    expect(batch.control).toBe("active");
    const detail: Json = await app.read(`/api/v1/runs/${launched.runIds[0]}`);
    expect(detail.launch).toEqual({ control: "active", replayOf: null, trialIndex: 0 });
    expect(batch.counts).toMatchObject({ total: 6, queued: 6, running: 0, finished: 0 });
    const runs: Json = await app.read(`/api/v1/runs?batchId=${launched.batchId}&state=queued`);
    expect(runs.items).toHaveLength(6);

    const repeated = await launch(app, body);
    expect(repeated.status).toBe(202);
    expect(((await repeated.json()) as Json).batchId).toBe(launched.batchId);
    expect(queue.jobs).toHaveLength(6);
    const reused = await launch(app, { ...body, trials: 1, seeds: [1] });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as Json).code).toBe("idempotency_key_reused");
  });

  it("says what is wrong with a launch: no key, unknown suite, unknown scenario, seeds that do not match", async () => {
    const app = await start();
    await app.post("/api/v1/suites", suite);
    const noKey = await app.post("/api/v1/batches", { suite: "support" });
    expect(noKey.status).toBe(400);
    expect(((await noKey.json()) as Json).field).toBe("Idempotency-Key");
    const unknown = await launch(app, { suite: "nope" }, "k1");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).detail).toMatch(/push it first/);
    const scenario = await launch(app, { suite: "support", scenarios: ["refund", "refnd"] }, "k2");
    expect(scenario.status).toBe(422);
    expect((await scenario.json()) as Json).toMatchObject({
      field: "scenarios[1]",
      detail: expect.stringContaining("refund, greeting"),
    });
    const seeds = await launch(app, { suite: "support", trials: 2, seeds: [1] }, "k3");
    expect(seeds.status).toBe(422);
    expect(((await seeds.json()) as Json).field).toBe("seeds");
    // a failed launch frees its key
    const retried = await launch(app, { suite: "support", scenarios: ["greeting"] }, "k2");
    expect(retried.status).toBe(202);
  });

  it("cancels the batch's runs when the queue refuses them, and answers 503", async () => {
    const app = await start();
    await app.post("/api/v1/suites", suite);
    queue.failNext = new Error("connection refused");
    const response = await launch(app, { suite: "support" });
    expect(response.status).toBe(503);
    const runs: Json = await app.read("/api/v1/runs?state=cancelled");
    expect(runs.items).toHaveLength(2);
    expect(runs.items[0]).toMatchObject({ status: "error", errorCode: "cancelled" });
  });

  it("lets a worker claim a run, report it with the tenant's reporting key, and end the attempt", async () => {
    const app = await start();
    await app.post("/api/v1/suites", suite);
    const launched: Json = await (await launch(app, { suite: "support", scenarios: ["refund"] })).json();
    const [runId] = launched.runIds;
    const job = queue.jobs[0];
    expect((await worker(app, "claims", { tenantId: "default", runId, attempt: 1, workerId: "w1" }, "wrong")).status).toBe(401);
    expect((await worker(app, "claims", { tenantId: "default", runId, attempt: 1, workerId: "w1" }, app.adminKey)).status).toBe(
      403,
    );
    const claim: Json = await (await worker(app, "claims", { tenantId: "default", runId, attempt: 1, workerId: "w1" })).json();
    expect(claim).toMatchObject({ action: "run", attempt: 1, job: { runId, seed: job?.seed } });
    const files: Json = await (
      await worker(app, "suite-files", { tenantId: "default", name: "support", version: job?.suite.version })
    ).json();
    expect(files.files).toHaveLength(3);

    // the reporting key writes events of its tenant, and nothing else
    const events = runEvents({ runId, batchId: launched.batchId, setId: "support", scenarioId: "refund", name: "refund" });
    expect(await app.send(events, claim.reportingKey)).toMatchObject({ accepted: events.length, rejected: [] });
    expect((await app.get("/api/v1/runs", claim.reportingKey)).status).toBe(403);
    const run: Json = await app.read(`/api/v1/runs/${runId}`);
    expect(run).toMatchObject({ state: "finished", status: "pass" });
    expect((await worker(app, "attempts", { tenantId: "default", runId, attempt: 1, outcome: "finished" })).status).toBe(204);
    const attempts: Json = await app.read(`/api/v1/runs/${runId}/attempts`);
    expect(attempts.attempts).toEqual([expect.objectContaining({ attempt: 1, workerId: "w1", outcome: "finished" })]);
    const again: Json = await (await worker(app, "claims", { tenantId: "default", runId, attempt: 2, workerId: "w2" })).json();
    expect(again).toEqual({ action: "skip", reason: "the run is already finished" });
  });

  it("pauses a batch (claims defer), resumes it, and stops it (queued runs cancelled and removed)", async () => {
    const app = await start();
    await app.post("/api/v1/suites", suite);
    const launched: Json = await (await launch(app, { suite: "support", trials: 2 })).json();
    const [first, second] = launched.runIds;
    const control = (action: string) =>
      app.post(`/api/v1/batches/${launched.batchId}/controls`, { action, reason: "maintenance" });
    expect((await control("pause")).status).toBe(202);
    expect(((await app.read(`/api/v1/batches/${launched.batchId}`)) as Json).control).toBe("paused");
    const deferred: Json = await (
      await worker(app, "claims", { tenantId: "default", runId: first, attempt: 1, workerId: "w1" })
    ).json();
    expect(deferred).toMatchObject({ action: "defer", reason: "the batch is paused" });
    expect((await control("resume")).status).toBe(202);
    const claimed: Json = await (
      await worker(app, "claims", { tenantId: "default", runId: first, attempt: 1, workerId: "w1" })
    ).json();
    expect(claimed.action).toBe("run");
    const stopped: Json = await (await control("stop")).json();
    expect(stopped.desiredState).toBe("stopped");
    expect(stopped.cancelled).toHaveLength(3);
    expect(stopped.cancelled).not.toContain(first);
    expect(queue.removed.sort()).toEqual([...stopped.cancelled].sort());
    const poll: Json = await (
      await worker(app, "poll", {
        status: {
          id: "w1",
          host: "h",
          pid: 1,
          backend: "redis",
          concurrency: 2,
          version: "t",
          startedAt: Date.now(),
          active: 1,
          processed: 0,
          failed: 0,
        },
        runIds: [first, second],
      })
    ).json();
    expect(poll.controls).toEqual({ [first]: "stopped", [second]: "stopped" });
    const cancelled: Json = await app.read(`/api/v1/runs/${second}`);
    expect(cancelled).toMatchObject({ state: "cancelled", status: "error", errorCode: "cancelled" });
    const audit: Json = await app.read("/api/v1/audit?limit=100");
    expect(audit.items.map((entry: Json) => entry.action)).toEqual(
      expect.arrayContaining(["batch.launched", "batch.pause", "batch.resume", "batch.stop"]),
    );
    const workers: Json = await app.read("/api/v1/workers");
    expect(workers.workers).toEqual([expect.objectContaining({ id: "w1", state: "alive", active: 1, backend: "redis" })]);
  });

  it("answers 409 not_controllable for a run an SDK reported, and 404 for an unknown one", async () => {
    const app = await start();
    const events = runEvents({ runId: "sdk-run" });
    await app.send(events);
    expect(((await app.read("/api/v1/runs/sdk-run")) as Json).launch).toBeNull();
    const sdk = await app.post("/api/v1/runs/sdk-run/controls", { action: "stop" });
    expect(sdk.status).toBe(409);
    expect(((await sdk.json()) as Json).code).toBe("not_controllable");
    const seedAlias = await app.post("/user-testing/runs/sdk-run/control", { action: "pause" });
    expect(seedAlias.status).toBe(409);
    expect((await app.post("/api/v1/runs/nope/controls", { action: "stop" })).status).toBe(404);
  });

  it("serves seed 004's QA views: history, timeline, assertions and compliance of a run", async () => {
    const app = await start();
    await app.send(runEvents({ runId: "qa-run", injections: 2, met: ["greets"], unmet: ["refunds"] }));
    const history: Json = await app.read("/user-testing/runs/history?limit=5");
    expect(history.items.map((item: Json) => item.runId)).toEqual(["qa-run"]);
    const timeline: Json = await app.read("/user-testing/runs/qa-run/timeline");
    expect(timeline.items[0].type).toBe("SCENARIO_RUN_STARTED");
    expect(timeline.items.at(-1).type).toBe("SCENARIO_RUN_FINISHED");
    const assertions: Json = await app.read("/user-testing/runs/qa-run/assertions");
    expect(assertions.criteria).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ criterion: "greets", verdict: "met" }),
        expect.objectContaining({ criterion: "refunds", verdict: "unmet" }),
      ]),
    );
    const compliance: Json = await app.read("/user-testing/runs/qa-run/compliance");
    expect(compliance.items.map((item: Json) => item.type)).toEqual(["injection", "injection"]);
    expect((await app.get("/user-testing/runs/nope/compliance")).status).toBe(404);
  });
});
