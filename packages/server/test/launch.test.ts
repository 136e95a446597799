/**
 * Launched runs end to end on the embedded runner: `rehearse push` a real
 * project, `rehearse launch --wait` it through the real CLI, the server runs
 * each scenario in-process and its events arrive through the normal ingest
 * route; then stop and pause on running and queued runs.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";
import { launchProject } from "./support/launch-project.js";

const cli = fileURLToPath(new URL("../../core/bin/rehearse.js", import.meta.url));
const run = promisify(execFile);
let dataDir: string;
let project: string;
let server: RunningServer;
let key: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rehearse-launch-"));
  project = launchProject();
  server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }), queue: "embedded" });
  key = readFileSync(server.adminKeyFile as string, "utf8").trim();
});

let pushing: Promise<{ code: number; stdout: string; stderr: string }> | undefined;
/** `rehearse push scenarios --suite support`, once for the file. */
const pushSuite = () => {
  pushing ??= rehearse("push", "scenarios", "--suite", "support");
  return pushing;
};
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

async function rehearse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, REHEARSE_ENDPOINT: server.url, REHEARSE_API_KEY: key, REDIS_URL: "" };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, cwd: project, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the assertions
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

async function until<Value>(read: () => Promise<Value>, done: (value: Value) => boolean, timeoutMs = 20_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("launching a pushed suite on the embedded runner", () => {
  it("pushes, launches with --wait, and reports every run through ingest with its seed", async () => {
    const pushed = await pushSuite();
    expect(pushed.stderr).toBe("");
    expect(pushed.stdout).toMatch(/^pushed: suite support sha256:[0-9a-f]{12}… \(3 scenarios, 5 files\)$/m);
    const unchanged = await rehearse("push", "scenarios", "--suite", "support");
    expect(unchanged.stdout).toMatch(/^unchanged: suite support/m);

    const launched = await rehearse(
      "launch",
      "--suite",
      "support",
      "--scenario",
      "refund",
      "--scenario",
      "angry",
      "--trials",
      "2",
      "--seed",
      "7",
      "--seed",
      "8",
      "--wait",
      "--label",
      "nightly",
    );
    expect(launched.stdout).toMatch(/launched 4 run\(s\) of support: batch batch_/);
    expect(launched.stdout).toMatch(/^2 passed, 2 failed, 0 errored, 0 skipped$/m);
    expect(launched.code).toBe(1);

    const batchId = /batch (batch_[0-9a-f-]+)/.exec(launched.stdout)?.[1];
    const runs = await api("GET", `/api/v1/runs?batchId=${batchId}&limit=10`);
    expect(runs.body.items).toHaveLength(4);
    for (const item of runs.body.items) {
      expect(item).toMatchObject({ state: "finished", setId: "support", labels: ["nightly"] });
      expect(item.status).toBe(item.scenarioId === "refund" ? "pass" : "fail");
      expect([7, 8]).toContain(item.seed);
    }
    const messages = await api("GET", `/api/v1/runs/${runs.body.items[0].runId}/messages`);
    expect(messages.body.items.map((message: { role: string }) => message.role)).toEqual(["user", "assistant"]);
    const attempts = await api("GET", `/api/v1/runs/${runs.body.items[0].runId}/attempts`);
    expect(attempts.body.attempts).toEqual([expect.objectContaining({ attempt: 1, workerId: "embedded", outcome: "finished" })]);
  });

  it("stops a running run within a second, through the abort signal into the agent call", async () => {
    await pushSuite();
    const launch = await api(
      "POST",
      "/api/v1/batches",
      { suite: "support", scenarios: ["slow"] },
      { "idempotency-key": "stop-1" },
    );
    expect(launch.status).toBe(202);
    const [runId] = launch.body.runIds;
    const running = await until(
      () => api("GET", `/api/v1/runs/${runId}/messages`),
      (answer) => answer.body?.items?.length >= 1,
    );
    expect(running.body.items.length).toBeGreaterThanOrEqual(1);
    const asked = Date.now();
    const stop = await api("POST", `/api/v1/runs/${runId}/controls`, { action: "stop", reason: "taking too long" });
    expect(stop.status).toBe(202);
    const ended = await until(
      () => api("GET", `/api/v1/runs/${runId}`),
      (answer) => answer.body.state !== "running",
      10_000,
    );
    expect(ended.body).toMatchObject({ state: "cancelled", status: "error", errorCode: "cancelled" });
    expect(Date.now() - asked).toBeLessThan(5_000);
    // the worker ends its attempt once the run returned (the run's own events may come first)
    const attempts = await until(
      () => api("GET", `/api/v1/runs/${runId}/attempts`),
      (answer) => answer.body.attempts[0]?.outcome !== null,
    );
    expect(attempts.body.attempts[0]).toMatchObject({ outcome: "cancelled" });
  });

  it("holds a paused batch's runs until it is resumed, and removes queued runs on stop", async () => {
    await pushSuite();
    const launch = await api(
      "POST",
      "/api/v1/batches",
      { suite: "support", scenarios: ["refund"], trials: 2 },
      { "idempotency-key": "pause-1" },
    );
    const { batchId, runIds } = launch.body;
    await api("POST", `/api/v1/batches/${batchId}/controls`, { action: "pause" });
    // whatever had not started when the pause came stays queued while it lasts
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const during = await api("GET", `/api/v1/runs?batchId=${batchId}`);
    const heldRuns = during.body.items.filter((item: { state: string }) => item.state === "queued");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const later = await api("GET", `/api/v1/runs?batchId=${batchId}`);
    expect(later.body.items.filter((item: { state: string }) => item.state === "queued")).toHaveLength(heldRuns.length);
    await api("POST", `/api/v1/batches/${batchId}/controls`, { action: "resume" });
    const settled = await until(
      () => api("GET", `/api/v1/runs?batchId=${batchId}`),
      (answer) => answer.body.items.every((item: { state: string }) => item.state === "finished"),
      20_000,
    );
    expect(settled.body.items.map((item: { status: string }) => item.status)).toEqual(["pass", "pass"]);
    expect(runIds).toHaveLength(2);

    const slow = await api(
      "POST",
      "/api/v1/batches",
      { suite: "support", scenarios: ["slow"], trials: 6 },
      { "idempotency-key": "stop-2" },
    );
    await until(
      () => api("GET", `/api/v1/batches/${slow.body.batchId}`),
      (answer) => answer.body.counts.running >= 1,
    );
    const stopped = await api("POST", `/api/v1/batches/${slow.body.batchId}/controls`, { action: "stop" });
    expect(stopped.body.cancelled.length).toBeGreaterThanOrEqual(2); // embedded concurrency 4: at least 2 were queued
    const done = await until(
      () => api("GET", `/api/v1/batches/${slow.body.batchId}`),
      (answer) => answer.body.counts.cancelled === 6,
      10_000,
    );
    expect(done.body.counts).toMatchObject({ total: 6, cancelled: 6, error: 6 });
  });

  it("pauses a running run at its next turn for as long as the pause lasts, then lets it finish", async () => {
    await pushSuite();
    process.env.REHEARSE_TEST_SLOW_MS = "300";
    try {
      const launch = await api(
        "POST",
        "/api/v1/batches",
        { suite: "support", scenarios: ["slow"] },
        { "idempotency-key": "pause-run-1" },
      );
      const [runId] = launch.body.runIds;
      const messages = async () => (await api("GET", `/api/v1/runs/${runId}/messages`)).body?.items?.length ?? 0;
      await until(messages, (count) => count >= 1);
      expect((await api("POST", `/api/v1/runs/${runId}/controls`, { action: "pause" })).status).toBe(202);
      // the turn in progress may end; then nothing moves while the pause lasts
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const held = await messages();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await messages()).toBe(held);
      expect(held).toBeLessThan(6);
      expect((await api("GET", `/api/v1/runs/${runId}`)).body).toMatchObject({ state: "running", launch: { control: "paused" } });
      expect((await api("POST", `/api/v1/runs/${runId}/controls`, { action: "resume" })).status).toBe(202);
      const finished = await until(
        () => api("GET", `/api/v1/runs/${runId}`),
        (answer) => answer.body.state === "finished",
      );
      expect(finished.body).toMatchObject({ status: "pass", launch: { control: "active" } });
      expect(await messages()).toBe(6);
    } finally {
      delete process.env.REHEARSE_TEST_SLOW_MS;
    }
  });

  it("refuses to push an invalid scenario file, naming its file, line and field, and sends nothing", async () => {
    const broken = launchProject();
    try {
      writeFileSync(
        join(broken, "scenarios", "broken.yaml"),
        "name: broken\ndescription: d\nagent: { module: ../agent.mjs }\nmax_turns: many\n",
      );
      const env = { ...process.env, REHEARSE_ENDPOINT: server.url, REHEARSE_API_KEY: key };
      const pushed = await run(process.execPath, [cli, "push", "scenarios", "--suite", "broken"], { env, cwd: broken }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect((pushed as { code: number }).code).toBe(2);
      expect((pushed as { stderr: string }).stderr).toMatch(/scenarios\/broken\.yaml:4:\d+: max_turns/);
      expect((await api("GET", "/api/v1/suites/broken")).status).toBe(404);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
