// Scale-out of launched runs (issue "Server-launched runs at scale"): `rehearse serve` with Redis, then 1, 2 and
// 4 `rehearse worker` processes on this machine run the same batch; each run is latency-bound: its agent makes
// one 50 ms call to a fake model server on 127.0.0.1 per turn. Reported: wall time from launch to every run
// settled, runs per second, and the throughput ratios 2/1 and 4/1 (targets ≥ 1.8 and ≥ 3.2). Everything shares
// this machine's cores (server, workers, Redis, the fake model), so the load is kept below what they saturate at.
// Usage: node bench/workers.mjs [runs=120] [concurrencyPerWorker=2] [turns=10]
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { child, freePort, rehearseCli, until } from "./lib/processes.mjs";

const runs = Number(process.argv[2] ?? 120);
const concurrency = Number(process.argv[3] ?? 2);
const turns = Number(process.argv[4] ?? 10);
/** `rehearse <args>` as a child process. */
const rehearse = (args, env, cwd) => child(process.execPath, [rehearseCli, ...args], env, cwd);
const log = (line) => process.stderr.write(`[workers] ${line}\n`);

// a fake model: every call answers after 50 ms
const latency = createServer((_request, response) => setTimeout(() => response.end('{"text":"ok"}'), 50));
await new Promise((done) => latency.listen(0, "127.0.0.1", done));
const modelUrl = `http://127.0.0.1:${latency.address().port}/`;

const work = mkdtempSync(join(tmpdir(), "rehearse-bench-workers-"));
const redisPort = await freePort();
const redis = child("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {});
const redisUrl = `redis://127.0.0.1:${redisPort}`;
await until(
  async () => redis.output.stdout,
  (out) => out.includes("Ready to accept connections"),
  10_000,
  "redis",
);

const project = join(work, "project");
mkdirSync(join(project, "scenarios"), { recursive: true });
writeFileSync(join(project, "package.json"), '{ "name": "bench-workers", "type": "module" }\n');
writeFileSync(
  join(project, "agent.mjs"),
  `export default { role: "Agent", call: async () => { const response = await fetch(process.env.BENCH_MODEL_URL); return (await response.json()).text; } };\n`,
);
writeFileSync(
  join(project, "scenarios", "latency.yaml"),
  [
    "name: latency bound",
    `description: ${turns} turns, one 50 ms model call each`,
    "agent: { module: ../agent.mjs }",
    "script:",
    ...Array.from({ length: turns }, (_, turn) => [
      `  - { type: user, content: "turn ${turn + 1}" }`,
      "  - { type: agent }",
    ]).flat(),
    "  - { type: succeed }",
    "",
  ].join("\n"),
);

const dataDir = join(work, "data");
const env = { REDIS_URL: redisUrl, REHEARSE_QUEUE_PREFIX: `bench${randomUUID().slice(0, 6)}`, BENCH_MODEL_URL: modelUrl };
const serve = rehearse(["serve", "--port", "0", "--data-dir", dataDir, "--log-level", "warn"], env, work);
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
const push = rehearse(["push", "scenarios", "--suite", "bench"], { REHEARSE_ENDPOINT: url, REHEARSE_API_KEY: key }, project);
if ((await push.exited) !== 0) throw new Error(`push failed: ${push.output.stderr}`);

const results = {};
for (const count of [1, 2, 4]) {
  const workers = Array.from({ length: count }, (_, index) =>
    rehearse(
      ["worker", "--server", url, "--concurrency", String(concurrency), "--work-dir", join(work, `worker-${count}-${index}`)],
      { ...env, REHEARSE_WORKER_TOKEN: token },
      project,
    ),
  );
  for (const worker of workers)
    await until(async () => worker.output.stdout.includes("taking runs"), Boolean, 30_000, "a worker");
  // warm-up, not measured: every worker fetches the suite and loads the scenario and the agent once
  const warm = await api(
    "POST",
    "/api/v1/batches",
    { suite: "bench", trials: count * concurrency },
    { "idempotency-key": randomUUID() },
  );
  await until(
    async () => (await api("GET", `/api/v1/batches/${warm.batchId}`)).counts.finished,
    (total) => total === count * concurrency,
    120_000,
    "the warm-up",
  );
  const started = performance.now();
  const launched = await api(
    "POST",
    "/api/v1/batches",
    { suite: "bench", trials: Math.min(100, runs) },
    { "idempotency-key": randomUUID() },
  );
  // more than 100 trials: launch the rest as further batches at once (a batch holds at most 100 trials of a scenario)
  const batches = [launched.batchId];
  for (let left = runs - 100; left > 0; left -= 100) {
    batches.push(
      (await api("POST", "/api/v1/batches", { suite: "bench", trials: Math.min(100, left) }, { "idempotency-key": randomUUID() }))
        .batchId,
    );
  }
  const finished = async () => {
    let total = 0;
    for (const batchId of batches) total += (await api("GET", `/api/v1/batches/${batchId}`)).counts.finished;
    return total;
  };
  await until(finished, (total) => total === runs, 600_000, "the batch");
  const seconds = (performance.now() - started) / 1000;
  results[count] = { seconds: Math.round(seconds * 100) / 100, runsPerSecond: Math.round((runs / seconds) * 10) / 10 };
  log(`${count} worker(s): ${runs} runs in ${results[count].seconds} s (${results[count].runsPerSecond} runs/s)`);
  for (const worker of workers) worker.process.kill("SIGTERM");
  await Promise.all(workers.map((worker) => worker.exited));
}

serve.process.kill("SIGTERM");
await serve.exited;
redis.process.kill("SIGTERM");
latency.close();
rmSync(work, { recursive: true, force: true });
const ratio = (many) => Math.round((results[many].runsPerSecond / results[1].runsPerSecond) * 100) / 100;
console.log(
  JSON.stringify({
    runs,
    concurrencyPerWorker: concurrency,
    modelCallMs: 50,
    turnsPerRun: turns,
    workers: results,
    scaling2: ratio(2),
    scaling4: ratio(4),
  }),
);
