import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.js";
import { adminKey, type ServeProcess, startServe } from "./serve-process.js";

// The delivery promise, end to end: 1 000 scenarios reported by the real CLI through a proxy that fails
// 30 % of requests (500, 503 + Retry-After, connection reset, timeout) while the server is restarted
// twice. Afterwards the server holds every event once (no gap in any run's seq, no duplicate) and its
// run rows equal those of the same runs reported with no faults.

const cli = fileURLToPath(new URL("../../core/bin/rehearse.js", import.meta.url));
const scenario = fileURLToPath(new URL("../../../examples/scenarios/customer-support-basic-flow.scenario.yaml", import.meta.url));
const RUNS = Number(process.env.FAULT_RUNS ?? 1000);

let scratch: string | undefined;
let servers: ServeProcess[] = [];
let proxy: FaultProxy | undefined;
afterEach(async () => {
  for (const server of servers) server.child.kill("SIGKILL");
  servers = [];
  await proxy?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A project directory whose config gives each delivery request 1.5 s, so injected timeouts cost seconds, not minutes. */
function project(directory: string): string {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "rehearse.config.mjs"), "export default { report: { requestTimeoutMs: 1500 } };\n");
  return directory;
}

function runScenarios(endpoint: string, key: string, outboxDir: string): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [cli, "run", scenario, "--repeat", String(RUNS), "--seed", "7", "--report-to", endpoint],
    {
      cwd: project(join(outboxDir, "..", "project")),
      env: { ...process.env, REHEARSE_API_KEY: key, REHEARSE_OUTBOX_DIR: outboxDir, CI: "true" },
      stdio: "ignore",
    },
  );
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** `rehearse outbox flush`, asynchronously: the proxy lives in this process and must keep answering. */
function flush(endpoint: string, key: string, outboxDir: string): Promise<{ status: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [cli, "outbox", "flush", "--report-to", endpoint, "--outbox-dir", outboxDir, "--timeout", "120000"],
    {
      cwd: project(join(outboxDir, "..", "project")),
      env: { ...process.env, REHEARSE_API_KEY: key },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.once("exit", (status) => resolve({ status, output })));
}

interface RunRow {
  runId: string;
  scenarioId: string;
  status: string;
  state: string;
  turns: number;
  messageCount: number;
  counters: Record<string, number>;
  metCriteriaCount: number;
  unmetCriteriaCount: number;
}

async function allRuns(url: string, key: string): Promise<RunRow[]> {
  const rows: RunRow[] = [];
  let cursor = "";
  do {
    const response = await fetch(`${url}/api/v1/runs?limit=200${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const page = (await response.json()) as { items: RunRow[]; nextCursor: string | null };
    rows.push(...page.items);
    cursor = page.nextCursor ?? "";
  } while (cursor);
  return rows;
}

/** What a run row says, without its ids and times: equal for the same seeded runs however delivered. */
const essence = (run: RunRow) =>
  JSON.stringify([
    run.scenarioId,
    run.status,
    run.state,
    run.turns,
    run.messageCount,
    run.counters,
    run.metCriteriaCount,
    run.unmetCriteriaCount,
  ]);

it("stores every event once and the same run rows under 30 % HTTP faults and two server restarts", {
  timeout: 600_000,
}, async () => {
  scratch = mkdtempSync(join(tmpdir(), "rehearse-faults-"));
  const dataDir = join(scratch, "faulty");
  let server = await startServe(dataDir);
  servers.push(server);
  const key = adminKey(dataDir);
  proxy = await startFaultProxy({ failureRate: 0.3, seed: 2026 });
  proxy.setTarget(server.url);

  const outbox = join(scratch, "outbox");
  const started = Date.now();
  const running = runScenarios(proxy.url, key, outbox);
  for (let restart = 0; restart < 2; restart++) {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    proxy.setTarget(undefined);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    server = await startServe(dataDir);
    servers.push(server);
    proxy.setTarget(server.url);
  }
  expect(await running).toBe(0);
  const ranFor = Date.now() - started;
  // what close() could not send within its budget stayed on disk: the next process sends it
  const flushed = await flush(proxy.url, key, outbox);
  expect(flushed.status, flushed.output).toBe(0);
  console.info(`ran and reported in ${ranFor} ms, then flushed; proxy: ${JSON.stringify(proxy.counts())}`);
  const counts = proxy.counts();
  expect(counts.timeout + counts.reset + counts["500"] + counts["503"]).toBeGreaterThan(0);

  const faulty = await allRuns(server.url, key);
  expect(faulty).toHaveLength(RUNS);
  for (const run of faulty) {
    const detail = (await (
      await fetch(`${server.url}/api/v1/runs/${run.runId}`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as {
      events: { count: number; lastSeq: number; missing: number };
    };
    // every seq from 0 to the last is there, once (the primary key makes twice impossible; count = lastSeq + 1 makes none missing)
    expect(detail.events, run.runId).toEqual({ count: detail.events.lastSeq + 1, lastSeq: detail.events.lastSeq, missing: 0 });
  }

  // the same runs (same seed) reported straight to a second server, no faults
  const cleanDir = join(scratch, "clean");
  const clean = await startServe(cleanDir);
  servers.push(clean);
  const cleanKey = adminKey(cleanDir);
  const cleanOutbox = join(scratch, "clean-run", "outbox");
  expect(await runScenarios(clean.url, cleanKey, cleanOutbox)).toBe(0);
  // the run's close() has a 5 s budget; what it left is on disk either way
  expect((await flush(clean.url, cleanKey, cleanOutbox)).status).toBe(0);
  const expected = await allRuns(clean.url, cleanKey);
  expect(faulty.map(essence).sort()).toEqual(expected.map(essence).sort());
});
