// Benchmarks of the run-history server (`node bench/server.mjs`, or `npm run bench -- --server`), on the
// built packages (npm run build). Every figure is measured here; none is derived from configuration.
//   ready     `rehearse serve` on a fresh data dir: spawn → the URL printed (median of 3)
//   ingest    events/s sustained through POST /api/v1/events (16 senders back to back, batches of 100
//             events of ~1.5 KB, bodies built before the clock starts), then the ack latency p50/p99 of
//             100-event batches offered at a steady 1 000 and 5 000 events/s; on PGlite, and on PostgreSQL 15 when
//             `pg_createcluster` is available (a throwaway cluster, .ci/postgres.sh)
//   queries   at 100 000 stored runs, with 100 live streams open: list, filter, detail, scenario history,
//             batch, and the diff of two batches of 1 000 runs: p50/p95 over 50 requests; then the RSS
// Prints one JSON object on stdout; progress on stderr.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { seedHistory } from "./seed-history.mjs";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(rootDir, "packages", "core", "bin", "rehearse.js");
const log = (line) => process.stderr.write(`[bench:server] ${line}\n`);
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Starts `rehearse serve` on a free port; resolves when it printed its URL. */
function serve(dataDir, env = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--data-dir", dataDir, "--log-level", "silent"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += chunk;
  });
  return new Promise((resolvePromise, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /server on (http:\/\/[\d.:]+)/.exec(output);
      if (match) resolvePromise({ child, url: match[1], readyMs: performance.now() - started });
    });
    child.once("exit", (code) => reject(new Error(`rehearse serve exited ${code}: ${errors}`)));
  });
}

function stop(child) {
  return new Promise((resolvePromise) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolvePromise());
    child.kill("SIGTERM");
  });
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** One run's events as the reporter sends them, padded to about 1.5 KB each. */
function runEvents(batchId, index) {
  const runId = `run-${randomUUID()}`;
  const base = {
    batchRunId: batchId,
    scenarioId: `scenario-${index % 500}`,
    scenarioRunId: runId,
    scenarioSetId: `set-${index % 20}`,
    schemaVersion: 1,
  };
  let seq = 0;
  const at = Date.now();
  const next = () => ({ ...base, eventId: randomUUID(), seq: seq++, timestamp: at + seq });
  const text = "x".repeat(1200);
  return [
    { ...next(), type: "SCENARIO_RUN_STARTED", metadata: { name: `scenario ${index % 500}`, description: text }, seed: index },
    {
      ...next(),
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      messagesOffset: 0,
      messages: [{ id: `${runId}-0`, role: "user", content: text }],
    },
    { ...next(), type: "turn_started", turn: 0, actor: "system", note: text },
    {
      ...next(),
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      messagesOffset: 1,
      messages: [{ id: `${runId}-1`, role: "assistant", content: text }],
    },
    {
      ...next(),
      type: "SCENARIO_RUN_FINISHED",
      status: "SUCCESS",
      outcome: "pass",
      results: { verdict: "success", reasoning: text, metCriteria: ["a"], unmetCriteria: [] },
      summary: { durationMs: 10 },
    },
  ];
}

/** 100-event request bodies, built before any clock starts (the client's own work stays out of the figures). */
function requestBodies(count, batchId) {
  const bodies = [];
  let run = 0;
  let events = [];
  while (bodies.length < count) {
    events.push(...runEvents(batchId, run++));
    while (events.length >= 100 && bodies.length < count) {
      bodies.push(JSON.stringify({ events: events.slice(0, 100) }));
      events = events.slice(100);
    }
  }
  return bodies;
}

/** Posts one body; resolves to [ack milliseconds, events accepted]. */
async function post(url, key, body) {
  const sent = performance.now();
  const response = await fetch(`${url}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
  const result = await response.json();
  const milliseconds = performance.now() - sent;
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(result)}`);
  return [milliseconds, result.accepted];
}

/** Posts 100-event batches at a steady `rate` events/s for `seconds`; the ack latencies and the rate achieved. */
async function pacedAcks(url, key, rate, seconds) {
  const bodies = requestBodies(Math.ceil((seconds * rate) / 100), `bench-ack-${randomUUID()}`);
  const interval = (100 / rate) * 1000;
  const latencies = [];
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    bodies.map(async (body, index) => {
      const due = started + index * interval;
      await new Promise((wake) => setTimeout(wake, Math.max(0, due - performance.now())));
      const [milliseconds, count] = await post(url, key, body);
      latencies.push(milliseconds);
      accepted += count;
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    achievedEventsPerSecond: Math.round(accepted / elapsed),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/**
 * Sustained ingest: `senders` clients post back to back for `seconds` (enough requests in flight to
 * keep the writer busy; CI jobs report at once). Then the ack latency of 100-event batches at each
 * steady offered load of `ackRates` events/s: one request every 100/rate s, each on its own (an open
 * loop, so a server that falls behind shows it as queueing delay).
 */
async function ingest(url, key, { seconds = 8, senders = 16, ackRates = [1_000, 5_000], ackSeconds = 6 } = {}) {
  const bodies = requestBodies(Math.ceil((seconds * 15_000) / 100), `bench-batch-${randomUUID()}`);
  let next = 0;
  let accepted = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const sender = async () => {
    while (performance.now() < deadline && next < bodies.length) {
      const [, count] = await post(url, key, bodies[next++]);
      accepted += count;
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  const elapsed = (performance.now() - started) / 1000;

  const ack = {};
  for (const rate of ackRates) ack[rate] = await pacedAcks(url, key, rate, ackSeconds);
  return {
    eventsPerSecond: Math.round(accepted / elapsed),
    events: accepted,
    senders,
    // the target's figure: 100-event batches at a steady 5 000 events/s (the embedded ingest target)
    ackP50Ms: ack[5_000]?.p50Ms,
    ackP99Ms: ack[5_000]?.p99Ms,
    ackAtOfferedRate: ack,
  };
}

async function seedRuns(target, count) {
  const { openDatabase } = await import(join(rootDir, "packages", "server", "dist", "index.js"));
  const database = await openDatabase(target);
  const started = performance.now();
  await seedHistory(database, count);
  await database.close();
  return round((performance.now() - started) / 1000, 2);
}

/** Opens `count` live streams (the whole tenant's topic); resolves once each got its first frame. */
function openStreams(url, key, count) {
  const origin = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const open = () =>
    new Promise((resolveStream, reject) => {
      const request = http.get(
        {
          host: origin.hostname,
          port: origin.port,
          path: "/api/v1/stream?topics=tenant",
          headers: { authorization: `Bearer ${key}` },
          agent,
        },
        (response) => {
          if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
          response.once("data", () => resolveStream(request));
          response.on("error", () => undefined);
        },
      );
      request.on("error", () => undefined);
    });
  return Promise.all(Array.from({ length: count }, open));
}

async function queries(url, key) {
  const routes = {
    list: "/api/v1/runs?limit=50",
    filter: "/api/v1/runs?setId=set-3&status=fail&limit=50",
    detail: "/api/v1/runs/seed-4242",
    scenarioHistory: "/api/v1/scenarios/scenario-42/runs?limit=20",
    batch: "/api/v1/batches/batch-100",
    batches: "/api/v1/batches?setId=set-3&limit=50",
    batchDiff1000Runs: "/api/v1/diff/batches?base=big-a&head=big-b",
  };
  const figures = {};
  for (const [name, path] of Object.entries(routes)) {
    const times = [];
    for (let repeat = 0; repeat < 55; repeat++) {
      const sent = performance.now();
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      if (repeat >= 5) times.push(performance.now() - sent);
    }
    figures[name] = { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)) };
  }
  return figures;
}

async function engineFigures(label, env, freshDir) {
  const dataDir = freshDir();
  const first = await serve(dataDir, env);
  const key = readFileSync(join(dataDir, "admin.key"), "utf8").trim();
  log(`${label}: ingest`);
  const ingestFigures = await ingest(first.url, key);
  // the same ingest with the tenant keeping raw transcripts: what redaction at ingest costs
  const policy = await fetch(`${first.url}/api/v1/policy`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ storeRaw: true }),
  });
  if (!policy.ok) throw new Error(`PATCH /api/v1/policy answered ${policy.status}`);
  log(`${label}: ingest, raw transcripts kept (no redaction)`);
  ingestFigures.withoutRedactionEventsPerSecond = (await ingest(first.url, key, { ackRates: [] })).eventsPerSecond;
  const rssAfterIngestMB = round(rssOf(first.child.pid));
  await stop(first.child);
  if (ingestOnly) return { ingest: ingestFigures, rssAfterIngestMB };
  log(`${label}: seeding 100 000 runs`);
  const target = env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL }
    : { kind: "pglite", dataDir: join(dataDir, "pglite") };
  const seedSeconds = await seedRuns(target, 100_000);
  const second = await serve(dataDir, env);
  log(`${label}: queries at 100 000 runs`);
  const streams = await openStreams(second.url, key, 100);
  const queryFigures = await queries(second.url, key);
  const rssMB = round(rssOf(second.child.pid));
  for (const request of streams) request.destroy();
  await stop(second.child);
  return {
    ingest: ingestFigures,
    rssAfterIngestMB,
    seedSeconds,
    queriesAt100kRuns: queryFigures,
    rssWith100kRunsAnd100StreamsMB: rssMB,
  };
}

// --ingest-only: the ingest figures of both engines, nothing else (for tuning the writer). Ingest is measured
// with redaction (the default policy), then again with the tenant keeping raw transcripts
const ingestOnly = process.argv.includes("--ingest-only");
const scratch = mkdtempSync(join(tmpdir(), "rehearse-bench-server-"));
let directories = 0;
const freshDir = () => join(scratch, `data-${directories++}`);
const result = { ready: {}, pglite: undefined, postgres: undefined };
try {
  const readiness = [];
  for (let attempt = 0; attempt < (ingestOnly ? 0 : 3); attempt++) {
    const server = await serve(freshDir());
    readiness.push(server.readyMs);
    await stop(server.child);
  }
  if (!ingestOnly) result.ready = { freshDataDirMs: Math.round(percentile(readiness, 50)), runs: readiness.map(Math.round) };
  log(`ready on a fresh data dir: ${result.ready.freshDataDirMs} ms`);
  result.pglite = await engineFigures("pglite", {}, freshDir);
  const cluster = spawnSync("bash", [join(rootDir, ".ci", "postgres.sh"), "start"], {
    encoding: "utf8",
    env: { ...process.env, CI_PG_CLUSTER: "rehearse_bench" },
  });
  if (cluster.status === 0) {
    const url = cluster.stdout.trim().split("\n").at(-1);
    try {
      result.postgres = await engineFigures("postgres", { DATABASE_URL: url }, freshDir);
    } finally {
      spawnSync("bash", [join(rootDir, ".ci", "postgres.sh"), "stop"], {
        env: { ...process.env, CI_PG_CLUSTER: "rehearse_bench" },
      });
    }
  } else {
    result.postgres = { skipped: `no PostgreSQL cluster could be started: ${cluster.stderr.trim().slice(0, 200)}` };
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
