// Reliability of launched runs on Redis (issue "Server-launched runs at scale"): a 1 000-run batch through
// `rehearse serve` with REDIS_URL and two `rehearse worker` processes, while one worker is killed with SIGKILL
// twice (each time a fresh one starts) and Redis is restarted once (AOF on, as production Redis should run).
// Reported: runs settled, passed, lost (not settled when the batch stopped moving), duplicated (a run that two
// attempts both finished), runs that needed a second attempt, and the wall time.
// Usage: node bench/queue-reliability.mjs [runs=1000] (a multiple of 10: 10 scenarios × runs/10 trials)
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { child, rehearseCli as cli, freePort, until } from "./lib/processes.mjs";

const runs = Number(process.argv[2] ?? 1000);
const trials = Math.min(100, Math.max(1, Math.round(runs / 10)));
const total = trials * 10;
const log = (line) => process.stderr.write(`[reliability] ${line}\n`);

const work = mkdtempSync(join(tmpdir(), "rehearse-bench-reliability-"));
const redisDir = join(work, "redis");
mkdirSync(redisDir);
const redisPort = await freePort();
const startRedis = async () => {
  const redis = child(
    "redis-server",
    [
      "--port",
      String(redisPort),
      "--bind",
      "127.0.0.1",
      "--dir",
      redisDir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
      "--save",
      "",
    ],
    {},
    work,
  );
  await until(
    async () => redis.output.stdout,
    (out) => out.includes("Ready to accept connections"),
    10_000,
    "redis",
  );
  return redis;
};
let redis = await startRedis();
const redisUrl = `redis://127.0.0.1:${redisPort}`;

const project = join(work, "project");
mkdirSync(join(project, "scenarios"), { recursive: true });
writeFileSync(join(project, "package.json"), '{ "name": "bench-reliability", "type": "module" }\n');
writeFileSync(
  join(project, "agent.mjs"),
  'export default { role: "Agent", call: async () => { await new Promise((done) => setTimeout(done, 40)); return "done"; } };\n',
);
for (let index = 0; index < 10; index++) {
  writeFileSync(
    join(project, "scenarios", `s${index}.yaml`),
    [
      `name: scenario ${index}`,
      "description: two turns",
      "agent: { module: ../agent.mjs }",
      "script:",
      '  - { type: user, content: "one" }',
      "  - { type: agent }",
      '  - { type: user, content: "two" }',
      "  - { type: agent }",
      "  - { type: succeed }",
      "",
    ].join("\n"),
  );
}

const dataDir = join(work, "data");
const env = { REDIS_URL: redisUrl, REHEARSE_QUEUE_PREFIX: `rel${randomUUID().slice(0, 6)}` };
const serve = child(process.execPath, [cli, "serve", "--port", "0", "--data-dir", dataDir, "--log-level", "error"], env, work);
const url = (
  await until(async () => /Rehearse server on (http:\/\/\S+)/.exec(serve.output.stdout), Boolean, 30_000, "the server")
)[1];
const key = readFileSync(join(dataDir, "admin.key"), "utf8").trim();
const token = readFileSync(join(dataDir, "secrets", "worker-token"), "utf8").trim();
const api = async (method, path, body, headers = {}) => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return response.json();
};
const push = child(
  process.execPath,
  [cli, "push", "scenarios", "--suite", "reliability"],
  { REHEARSE_ENDPOINT: url, REHEARSE_API_KEY: key },
  project,
);
if ((await push.exited) !== 0) throw new Error(`push failed: ${push.output.stderr}`);

let workerCount = 0;
const startWorker = () =>
  child(
    process.execPath,
    [
      cli,
      "worker",
      "--server",
      url,
      "--concurrency",
      "8",
      "--stalled-interval",
      "2000",
      "--work-dir",
      join(work, `worker-${workerCount++}`),
    ],
    { ...env, REHEARSE_WORKER_TOKEN: token },
    project,
  );
const workers = [startWorker(), startWorker()];
for (const worker of workers) await until(async () => worker.output.stdout.includes("taking runs"), Boolean, 30_000, "a worker");

const started = performance.now();
const launched = await api("POST", "/api/v1/batches", { suite: "reliability", trials }, { "idempotency-key": randomUUID() });
const counts = async () => (await api("GET", `/api/v1/batches/${launched.batchId}`)).counts;
const settledCount = (value) => value.finished + value.cancelled;
const faults = [];
const killOne = async (index) => {
  const victim = workers[index];
  victim.process.kill("SIGKILL");
  await victim.exited;
  workers[index] = startWorker();
  faults.push(`worker ${index} killed at ${settledCount(await counts())} settled`);
};
await until(counts, (value) => settledCount(value) >= total * 0.15, 300_000, "15 % settled");
await killOne(0);
await until(counts, (value) => settledCount(value) >= total * 0.45, 300_000, "45 % settled");
redis.process.kill("SIGTERM");
await redis.exited;
redis = await startRedis();
faults.push(`redis restarted at ${settledCount(await counts())} settled`);
await until(counts, (value) => settledCount(value) >= total * 0.7, 300_000, "70 % settled");
await killOne(1);

// wait until every run settled, or nothing moved for 60 s (then what is left is lost)
let last = -1;
let still = Date.now();
let final;
for (;;) {
  final = await counts();
  const done = settledCount(final);
  if (done === total) break;
  if (done !== last) {
    last = done;
    still = Date.now();
  } else if (Date.now() - still > 60_000) break;
  await new Promise((done) => setTimeout(done, 250));
}
const seconds = (performance.now() - started) / 1000;

// every run's attempts: a run two attempts both finished ran twice
let duplicated = 0;
let retried = 0;
let cursor;
const runIds = [];
do {
  const page = await api("GET", `/api/v1/runs?batchId=${launched.batchId}&limit=200${cursor ? `&cursor=${cursor}` : ""}`);
  runIds.push(...page.items.map((item) => item.runId));
  cursor = page.nextCursor;
} while (cursor);
for (const runId of runIds) {
  const { attempts } = await api("GET", `/api/v1/runs/${runId}/attempts`);
  if (attempts.length > 1) retried++;
  const twice = attempts.filter((attempt) => attempt.outcome === "finished").length > 1;
  if (twice) duplicated++;
  const run = await api("GET", `/api/v1/runs/${runId}`);
  if (twice || (run.state !== "finished" && run.state !== "cancelled"))
    log(
      `${runId}: state ${run.state}, attempt ${run.attempt}, attempts ${JSON.stringify(attempts.map((a) => [a.attempt, a.workerId.slice(-14), a.outcome]))}`,
    );
}

for (const worker of workers) worker.process.kill("SIGTERM");
await Promise.all(workers.map((worker) => worker.exited));
serve.process.kill("SIGTERM");
await serve.exited;
redis.process.kill("SIGTERM");
await redis.exited;
rmSync(work, { recursive: true, force: true });
for (const fault of faults) log(fault);
const result = {
  runs: total,
  settled: settledCount(final),
  passed: final.pass,
  lost: total - settledCount(final),
  duplicated,
  secondAttempts: retried,
  workersKilled: 2,
  redisRestarts: 1,
  seconds: Math.round(seconds * 10) / 10,
  faults,
};
log(JSON.stringify(result));
console.log(JSON.stringify(result));
