/**
 * Launched runs on BullMQ with real workers: Redis (a redis-server of the
 * test's own on 127.0.0.1) and, when CI gives a PostgreSQL, BullMQ's
 * PostgreSQL backend. Workers run in this process (startRunWorker) and as
 * `rehearse worker` processes, killed with SIGKILL or stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";
import type { QueueConnection } from "../src/services/bullmq-connection.js";
import { startRedis, type TestRedis } from "../src/test-support/redis.js";
import { type RunningWorker, startRunWorker } from "../src/worker/run-worker.js";
import { launchProject, launchProjectPush } from "./support/launch-project.js";

const cli = fileURLToPath(new URL("../../core/bin/rehearse.js", import.meta.url));
const backends = ["redis", ...(process.env.SERVER_TEST_DATABASE_URL ? ["postgres"] : [])] as const;

// biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the assertions
type Json = any;

interface Setup {
  server: RunningServer;
  key: string;
  token: string;
  connection: QueueConnection;
  environment: Record<string, string>;
  project: string;
  directories: string[];
}

async function setUp(connection: QueueConnection, environment: Record<string, string>): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), "rehearse-distributed-"));
  const project = launchProject();
  const server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }), queue: connection });
  const key = readFileSync(server.adminKeyFile as string, "utf8").trim();
  const token = readFileSync(join(dataDir, "secrets", "worker-token"), "utf8").trim();
  const setup = { server, key, token, connection, environment, project, directories: [dataDir, project] };
  const pushed = await api(setup, "POST", "/api/v1/suites", launchProjectPush(project));
  expect(pushed.status).toBe(201);
  return setup;
}

async function api(
  setup: Pick<Setup, "server" | "key">,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${setup.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${setup.key}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as Json };
}

const launch = (setup: Setup, body: Record<string, unknown>) =>
  api(setup, "POST", "/api/v1/batches", { suite: "support", ...body }, { "idempotency-key": randomUUID() });

async function until<Value>(read: () => Promise<Value>, done: (value: Value) => boolean, timeoutMs = 30_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function inProcessWorker(setup: Setup, stalledIntervalMs = 30_000): Promise<RunningWorker> {
  const workDir = mkdtempSync(join(tmpdir(), "rehearse-worker-"));
  setup.directories.push(workDir);
  return startRunWorker({
    endpoint: setup.server.url,
    token: setup.token,
    queue: setup.connection,
    concurrency: 2,
    workDir,
    environment: { ...process.env },
    stalledIntervalMs,
  });
}

/** `rehearse worker` as a child process, its output collected. */
function workerProcess(setup: Setup, flags: string[], environment: Record<string, string>) {
  const workDir = mkdtempSync(join(tmpdir(), "rehearse-worker-"));
  setup.directories.push(workDir);
  const child = spawn(process.execPath, [cli, "worker", "--server", setup.server.url, "--work-dir", workDir, ...flags], {
    env: { ...process.env, ...setup.environment, ...environment, REHEARSE_WORKER_TOKEN: setup.token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout?.on("data", (data) => {
    output.stdout += data;
  });
  child.stderr?.on("data", (data) => {
    output.stderr += data;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output, exited };
}

async function tearDown(setup: Setup | undefined, workers: RunningWorker[], children: ChildProcess[]) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(workers.map((worker) => worker.close()));
  await setup?.server.close();
  for (const directory of setup?.directories ?? []) rmSync(directory, { recursive: true, force: true });
}

describe.each(backends)("launched runs on BullMQ (%s)", (backend) => {
  let redis: TestRedis | undefined;
  let setup: Setup | undefined;
  const workers: RunningWorker[] = [];
  beforeAll(async () => {
    let connection: QueueConnection;
    let environment: Record<string, string>;
    if (backend === "redis") {
      // the Redis CI started (.ci/run, SERVER_TEST_REDIS_URL), else one of this test's own; a prefix of its own either way
      const shared = process.env.SERVER_TEST_REDIS_URL;
      if (!shared) redis = await startRedis();
      const url = shared ?? (redis as TestRedis).url;
      connection = { backend: "redis", url, prefix: `test${randomUUID().slice(0, 8)}` };
      environment = { REDIS_URL: url, REHEARSE_QUEUE_PREFIX: connection.prefix as string };
    } else {
      const connectionString = process.env.SERVER_TEST_DATABASE_URL as string;
      connection = { backend: "postgres", connectionString, schema: `bullmq_test_${randomUUID().slice(0, 8)}` };
      environment = { REHEARSE_QUEUE: "postgres", DATABASE_URL: connectionString, REDIS_URL: "" };
    }
    setup = await setUp(connection, environment);
    workers.push(await inProcessWorker(setup), await inProcessWorker(setup));
  }, 60_000);
  afterAll(async () => {
    await tearDown(setup, workers, []);
    await redis?.stop();
  }, 60_000);

  it("runs a batch across two workers and reports every run through ingest", async () => {
    const s = setup as Setup;
    const launched = await launch(s, { scenarios: ["refund", "angry"], trials: 3 });
    expect(launched.status).toBe(202);
    const batch = await until(
      () => api(s, "GET", `/api/v1/batches/${launched.body.batchId}`),
      (answer) => answer.body.counts.finished === 6,
    );
    expect(batch.body.counts).toMatchObject({ total: 6, finished: 6, pass: 3, fail: 3, queued: 0 });
    const attempts = await Promise.all(
      launched.body.runIds.map((runId: string) =>
        until(
          () => api(s, "GET", `/api/v1/runs/${runId}/attempts`),
          (answer) => answer.body.attempts[0]?.outcome === "finished",
        ),
      ),
    );
    const used = new Set(attempts.map((answer) => answer.body.attempts[0].workerId));
    for (const id of used) expect(workers.map((worker) => worker.id)).toContain(id);
    const health = await until(
      () => api(s, "GET", "/api/v1/workers"),
      (answer) => answer.body.workers.length >= 2,
    );
    expect(health.body.queue.backend).toBe(backend);
    for (const worker of workers)
      expect(health.body.workers).toContainEqual(expect.objectContaining({ id: worker.id, state: "alive", backend }));
    const metrics = await fetch(`${s.server.url}/metrics`, { headers: { authorization: `Bearer ${s.key}` } });
    expect(await metrics.text()).toMatch(/^bullmq_job_count\{queue="rehearse-runs", ?state="completed"\} 6$/m);
  });

  it("stops a running run within a second of the control", async () => {
    const s = setup as Setup;
    const launched = await launch(s, { scenarios: ["slow"] });
    const [runId] = launched.body.runIds;
    await until(
      () => api(s, "GET", `/api/v1/runs/${runId}/messages`),
      (answer) => answer.body?.items?.length >= 1,
    );
    (globalThis as { rehearseTestAbortedAt?: number }).rehearseTestAbortedAt = undefined;
    const asked = Date.now();
    await api(s, "POST", `/api/v1/runs/${runId}/controls`, { action: "stop" });
    const ended = await until(
      () => api(s, "GET", `/api/v1/runs/${runId}`),
      (answer) => answer.body.state !== "running",
      10_000,
    );
    expect(ended.body).toMatchObject({ state: "cancelled", status: "error", errorCode: "cancelled" });
    // the stop reached the agent's call in the worker within a second of the request
    const reached = (globalThis as { rehearseTestAbortedAt?: number }).rehearseTestAbortedAt ?? Number.POSITIVE_INFINITY;
    expect(reached - asked).toBeLessThan(1_000);
  });
});

describe("a worker process killed mid-run, and one stopped with SIGTERM (redis)", () => {
  let redis: TestRedis;
  let setup: Setup;
  const workers: RunningWorker[] = [];
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    const prefix = `test${randomUUID().slice(0, 8)}`;
    setup = await setUp({ backend: "redis", url: redis.url, prefix }, { REDIS_URL: redis.url, REHEARSE_QUEUE_PREFIX: prefix });
  }, 60_000);
  afterAll(async () => {
    await tearDown(setup, workers, children);
    await redis?.stop();
  }, 60_000);

  it("takes the run over as attempt 2 after the stall interval; the run shows both attempts", async () => {
    const first = workerProcess(setup, ["--stalled-interval", "1500"], { REHEARSE_TEST_SLOW_MS: "1500" });
    children.push(first.child);
    await until(
      async () => first.output.stdout,
      (stdout) => stdout.includes("taking runs from redis"),
      20_000,
    );
    const launched = await launch(setup, { scenarios: ["slow"] });
    const [runId] = launched.body.runIds;
    await until(
      () => api(setup, "GET", `/api/v1/runs/${runId}/messages`),
      (answer) => answer.body?.items?.length >= 2,
    );
    first.child.kill("SIGKILL");
    await first.exited;
    process.env.REHEARSE_TEST_SLOW_MS = "100";
    workers.push(await inProcessWorker(setup, 1_500));
    const finished = await until(
      () => api(setup, "GET", `/api/v1/runs/${runId}`),
      (answer) => answer.body.state === "finished",
      30_000,
    );
    expect(finished.body).toMatchObject({ state: "finished", status: "pass", attempt: 2 });
    const attempts = await until(
      () => api(setup, "GET", `/api/v1/runs/${runId}/attempts`),
      (answer) => answer.body.attempts.length === 2 && answer.body.attempts[1].outcome === "finished",
    );
    expect(attempts.body.attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: "interrupted" }),
      expect.objectContaining({ attempt: 2, workerId: workers[0]?.id, outcome: "finished" }),
    ]);
    // the transcript is attempt 2's alone: three user turns and three replies
    const messages = await api(setup, "GET", `/api/v1/runs/${runId}/messages`);
    expect(messages.body.items.map((message: Json) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    delete process.env.REHEARSE_TEST_SLOW_MS;
  }, 90_000);

  it("drains on SIGTERM: running runs get the drain deadline, then are stopped and named", async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    const worker = workerProcess(setup, ["--drain-timeout", "1"], { REHEARSE_TEST_SLOW_MS: "20000" });
    children.push(worker.child);
    await until(
      async () => worker.output.stdout,
      (stdout) => stdout.includes("taking runs from redis"),
      20_000,
    );
    const launched = await launch(setup, { scenarios: ["slow"] });
    const [runId] = launched.body.runIds;
    await until(
      () => api(setup, "GET", `/api/v1/runs/${runId}/messages`),
      (answer) => answer.body?.items?.length >= 1,
    );
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output.stderr).toContain(`stopped 1 run(s) that had not finished: ${runId}`);
    const run = await until(
      () => api(setup, "GET", `/api/v1/runs/${runId}`),
      (answer) => answer.body.state !== "running",
      10_000,
    );
    expect(run.body).toMatchObject({ state: "finished", status: "error", errorCode: "aborted" });
    const workersSeen = await api(setup, "GET", "/api/v1/workers");
    expect(workersSeen.body.workers.some((seen: Json) => seen.state === "stopped")).toBe(true);
  }, 60_000);
});
