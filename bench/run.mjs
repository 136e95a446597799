// The benchmark suite behind `npm run bench` (which builds first). Every measurement runs in a
// fresh child process. Progress and a summary table go to stderr; the result is ONE JSON object on
// stdout, also written to bench/results/latest.json. See bench/README.md for the workloads and targets.
//
// Environment:
//   BENCH_RUNS=5          runs per measurement for workload E and cold import (median reported)
//   BENCH_W_RUNS=5        runs per mode and implementation for workload W (median reported)
//   BENCH_SKIP_ANCHOR=1   do not install or run the reference; Rehearse's own figures only
//   BENCH_SKIP_SIZE=1     do not measure the installed size (it packs and installs from the npm registry)
//
// Arguments (after `npm run bench --`): --import measures only the cold import (time and modules
// loaded), --size only the installed size, --engine only workload E, --workload-w only workload W
// (both with the reference), --reporter only the HTTP reporter's cost and workload E with it on, --sse only the server's
// live-stream fan-out (bench/sse.mjs), --server only the run-history server (bench/server.mjs), --auth only the
// server's authentication costs (bench/auth.mjs), --rls only tenant isolation's cost on reads (bench/rls.mjs), --dashboard
// only the dashboard in Chromium at 100 000 runs (bench/dashboard.mjs), --rate-limit only the model-call rate
// limiter's cost per call (bench/rate-limit.mts; PostgreSQL too with BENCH_DATABASE_URL), --workers only the
// scale-out of launched runs over 1, 2 and 4 worker processes on Redis (bench/workers.mjs), --reliability only a
// 1 000-run batch on Redis through worker kills and a Redis restart (bench/queue-reliability.mjs), --tracing only
// tracing's cost: workload W off and on, the memory of 10 000 traced scenarios, workload E off (bench/tracing.mjs);
// several together, each. Without them: everything.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { reporterPart } from "./lib/reporter-part.mjs";
import { median, round } from "./lib/stats.mjs";
import { summaryTable } from "./lib/summary-table.mjs";
import { checkTargets } from "./lib/targets.mjs";
import { workloadW } from "./lib/workload-w.mjs";
import { anchorDir, anchorEntry, setupAnchor } from "./setup-anchor.mjs";

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(benchDir, "..");
const rehearseEntry = join(rootDir, "packages", "core", "dist", "index.js");
const RUNS = Number(process.env.BENCH_RUNS || 5);
const W_RUNS = Number(process.env.BENCH_W_RUNS || 5);
const E_SCENARIOS = 1000;
const W_SCENARIOS = 1000;
const REPLAY_SCENARIOS = 1000;
const CHILD_TIMEOUT_MS = 180_000;

// The reference's offline, quiet settings (bench-anchor/README.md); applied to both targets.
const childEnv = {
  ...process.env,
  OTEL_SDK_DISABLED: "true",
  SCENARIO_HEADLESS: "true",
  SCENARIO_DISABLE_SIMULATION_REPORT_INFO: "1",
  LANGWATCH_API_KEY: "",
};

const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const failures = [];

/**
 * Runs `node <args>` in a fresh process and parses the last JSON line of its stdout. On failure
 * returns null, or with `keepOnFailure` the parsed line if any (its `problems` go into the reason).
 */
function runNode(label, args, { cwd = rootDir, keepOnFailure = false, timeoutMs = CHILD_TIMEOUT_MS } = {}) {
  const child = spawnSync(process.execPath, args, {
    cwd,
    env: childEnv,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout
    ?.trim()
    .split("\n")
    .reverse()
    .find((candidate) => candidate.startsWith("{"));
  let parsed = null;
  try {
    parsed = line ? JSON.parse(line) : null;
  } catch {}
  if (child.status === 0 && parsed) return parsed;
  const detail = parsed?.problems?.length
    ? parsed.problems.join("; ")
    : (child.stderr ?? "").trim().split("\n").slice(-3).join(" | ");
  const reason = `${label}: exit ${child.status ?? child.signal ?? child.error?.message}; ${detail}`;
  log(`FAILED ${reason}`);
  failures.push(reason.slice(0, 500));
  return keepOnFailure ? parsed : null;
}

// ─── 1. Workload E: anchor vs rehearse, sequential and concurrent ─────────────────────────────

function workloadE(anchor) {
  const engineCheck = join(anchorDir, "engine-check.mjs");
  if (!existsSync(engineCheck)) {
    return { available: false, reason: `${engineCheck} missing (the shared bench-anchor directory was not found)` };
  }
  const targets = [...(anchor.available ? [["anchor", anchorEntry]] : []), ["rehearse", rehearseEntry]];
  const samples = {};
  for (let run = 1; run <= RUNS; run++) {
    for (const mode of ["sequential", "concurrent"]) {
      for (const [name, module] of targets) {
        log(`workload E ${run}/${RUNS}: ${name} ${mode} ${E_SCENARIOS}`);
        const result = runNode(
          `engine-check ${name} ${mode}`,
          ["--expose-gc", "engine-check.mjs", module, mode, String(E_SCENARIOS)],
          {
            cwd: anchorDir,
          },
        );
        samples[mode] ??= {};
        samples[mode][name] ??= [];
        if (result) samples[mode][name].push(result);
      }
    }
  }
  const summary = (runs = []) => ({
    runs: runs.length,
    ms: median(runs.map((r) => r.ms)),
    rssMB: median(runs.map((r) => r.rssMB)),
    heapMB: median(runs.map((r) => r.heapMB)),
    importMs: median(runs.map((r) => r.importMs)),
    passed: median(runs.map((r) => r.passed)),
    samplesMs: runs.map((r) => r.ms),
    samplesRssMB: runs.map((r) => r.rssMB),
  });
  const out = {
    n: E_SCENARIOS,
    turns: 3,
    runsPerCell: RUNS,
    order: "interleaved: anchor-seq, rehearse-seq, anchor-conc, rehearse-conc",
  };
  for (const mode of ["sequential", "concurrent"]) {
    const rehearse = summary(samples[mode]?.rehearse);
    const cell = { rehearse };
    if (anchor.available) {
      const anchorSummary = summary(samples[mode]?.anchor);
      cell.anchor = anchorSummary;
      cell.throughputRatio =
        anchorSummary.ms && rehearse.ms ? round(anchorSummary.ms / rehearse.ms) : null; /* anchorMs / rehearseMs */
      cell.rssRatio = anchorSummary.rssMB && rehearse.rssMB ? round(rehearse.rssMB / anchorSummary.rssMB, 3) : null;
    }
    out[mode] = cell;
  }
  // the cost of running scenarios all at once instead of one after another, in this same run
  const sequentialMs = out.sequential.rehearse.ms;
  const concurrentMs = out.concurrent.rehearse.ms;
  out.rehearseConcurrentOverSequential = sequentialMs && concurrentMs ? round(concurrentMs / sequentialMs) : null;
  return out;
}

// ─── 2. Cold import ───────────────────────────────────────────────────────────────────────────

// What a user's first line costs: `await import("@rehearse/core")` (resolved by name through the
// workspace's node_modules link, so the package's exports map is used), timed inside a fresh
// `node -e` process, RSS right after.
const IMPORT_SCRIPT = `const started = performance.now();
await import("@rehearse/core");
const importMs = performance.now() - started;
const memory = process.memoryUsage();
console.log(JSON.stringify({ importMs: Math.round(importMs * 10) / 10, rssMB: Math.round(memory.rss / 104857.6) / 10, heapMB: Math.round(memory.heapUsed / 104857.6) / 10 }));`;

function coldImport() {
  const imports = [];
  const bare = [];
  for (let run = 1; run <= RUNS; run++) {
    log(`cold import ${run}/${RUNS}`);
    const result = runNode("cold-import @rehearse/core", ["--input-type=module", "-e", IMPORT_SCRIPT]);
    if (result) imports.push(result);
    const baseline = runNode("cold-import bare", [join(benchDir, "cold-import.mjs"), "--bare"]);
    if (baseline) bare.push(baseline);
  }
  log("module probe (which packages does the import load?)");
  const probe = runNode("module-probe", [join(benchDir, "module-probe.mjs"), rehearseEntry]);
  const loaded = (list) => ({ loaded: list.length > 0, files: list.length, sample: list.slice(0, 3) });
  return {
    runs: imports.length,
    importMs: median(imports.map((r) => r.importMs)),
    rssMB: median(imports.map((r) => r.rssMB)),
    heapMB: median(imports.map((r) => r.heapMB)),
    bareNodeRssMB: median(bare.map((r) => r.rssMB)),
    samplesImportMs: imports.map((r) => r.importMs),
    samplesRssMB: imports.map((r) => r.rssMB),
    modules: probe
      ? {
          method: "module.register load hook (ESM URLs) + Module._cache (CommonJS)",
          // rehearseFiles: dist files loaded (the bundle's entries and chunks); sourceModules: the source
          // files with code in them, from the build's metafile (decision 0024)
          onImport: {
            modules: probe.onImport.rehearseFiles + probe.onImport.nodeModulesFiles,
            rehearseFiles: probe.onImport.rehearseFiles,
            sourceModules: probe.onImport.sourceModules,
            nodeModulesFiles: probe.onImport.nodeModulesFiles,
            esmModules: probe.onImport.esm,
            cjsModules: probe.onImport.cjs,
            packages: probe.onImport.packages,
            ai: loaded(probe.onImport.ai),
            zod: loaded(probe.onImport.zod),
          },
          afterOneScenario: {
            modules: probe.afterRun.rehearseFiles + probe.afterRun.nodeModulesFiles,
            rehearseFiles: probe.afterRun.rehearseFiles,
            sourceModules: probe.afterRun.sourceModules,
            nodeModulesFiles: probe.afterRun.nodeModulesFiles,
            esmModules: probe.afterRun.esm,
            cjsModules: probe.afterRun.cjs,
            packages: probe.afterRun.packages,
            ai: loaded(probe.afterRun.ai),
            zod: loaded(probe.afterRun.zod),
          },
        }
      : null,
  };
}

// ─── 3. Memory and 4. latency (Rehearse only: runMany is Rehearse's API) ──────────────────────

function repeated(label, args, runs, pick) {
  const results = [];
  for (let run = 1; run <= runs; run++) {
    log(`${label} ${run}/${runs}`);
    const result = runNode(label, args);
    if (result) results.push(result);
  }
  if (results.length === 0) return null;
  const middle = median(results.map(pick));
  const closest = results.reduce((best, result) =>
    Math.abs(pick(result) - middle) < Math.abs(pick(best) - middle) ? result : best,
  );
  return { ...closest, runs: results.length, samples: results.map(pick) };
}

// ─── main ─────────────────────────────────────────────────────────────────────────────────────

if (!existsSync(rehearseEntry)) {
  console.error(`[bench] ${rehearseEntry} not found: run \`npm run build\` first (or \`npm run bench\`).`);
  process.exit(1);
}

/** The flags that pick parts (above); anything else on the command line is ignored. */
const PARTS =
  "--import --size --engine --workload-w --reporter --sse --server --auth --rls --dashboard --rate-limit --workers --reliability --tracing --voice --graphs --imports --mcp --simulated-tools".split(
    " ",
  );
const only = new Set(process.argv.slice(2).filter((argument) => PARTS.includes(argument)));
const everything = only.size === 0;
const started = Date.now();
const anchor =
  everything || only.has("--engine") || only.has("--workload-w") || only.has("--reporter")
    ? setupAnchor({ log })
    : { available: false, reason: `not run (${[...only].join(" ")})` };
if (!anchor.available) log(`anchor unavailable: ${anchor.reason}; measuring Rehearse alone`);

const report = {
  meta: {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    rehearse: rehearseEntry,
    anchor: anchor.available
      ? { available: true, package: "@langwatch/scenario", version: anchor.version, entry: anchorEntry }
      : { available: false, reason: anchor.reason },
  },
};
if (everything || only.has("--engine")) report.workloadE = workloadE(anchor);
if (everything || only.has("--reporter")) {
  report.reporter = await reporterPart({
    anchor,
    anchorDir,
    anchorEntry,
    rehearseEntry,
    benchDir,
    rootDir,
    runs: RUNS,
    scenarios: E_SCENARIOS,
    env: childEnv,
    log,
    failures,
    timeoutMs: CHILD_TIMEOUT_MS,
  });
}
if (everything || only.has("--workload-w")) {
  report.workloadW = workloadW({
    anchor,
    anchorDir,
    rehearseEntry,
    runs: W_RUNS,
    scenarios: W_SCENARIOS,
    env: childEnv,
    log,
    failures,
    timeoutMs: CHILD_TIMEOUT_MS,
  });
}
if (everything) {
  log(`replay check (${REPLAY_SCENARIOS} scenarios recorded, then replayed with refusing models)`);
  report.replay = runNode("replay", [join(benchDir, "replay.mjs"), rehearseEntry, String(REPLAY_SCENARIOS)], {
    keepOnFailure: true,
  });
  report.redTeam = repeated(
    "red team (100 concurrent runs × 30 turns)",
    [join(benchDir, "red-team.mjs"), "100", "30"],
    3,
    (result) => result.turn30OverTurn5,
  );
  report.declarative = runNode("declarative (1000 scenario files: validation, then runs vs TypeScript at concurrency 16)", [
    join(benchDir, "declarative.mjs"),
    "1000",
    "5",
  ]);
  report.cliRun = runNode("rehearse run examples/scenarios (CLI cold start, total, peak RSS)", [
    join(benchDir, "cli-run.mjs"),
    "5",
  ]);
  report.htmlReport = runNode("HTML report of 1 000 scenarios", [join(benchDir, "html-report.mjs")]);
}
if (everything || only.has("--import")) report.coldImport = coldImport();
if ((everything && !process.env.BENCH_SKIP_SIZE) || only.has("--size")) {
  log("installed size (npm pack, then npm install --omit=dev into a temporary project)");
  report.installedSize = runNode("installed size", [join(benchDir, "installed-size.mjs")]);
}
if (everything) {
  report.memory = repeated(
    "memory (10 000 scenarios, runMany collect:false)",
    ["--expose-gc", join(benchDir, "memory.mjs"), rehearseEntry, "10000", "100"],
    3,
    (result) => result.heapGrowthMB,
  );
  report.latency = repeated(
    "latency-bound (500 scenarios × 5 calls × 50 ms, concurrency 100)",
    [join(benchDir, "latency.mjs"), rehearseEntry, "500", "100", "50"],
    3,
    (result) => result.efficiencyPct,
  );
}
if (everything || only.has("--sse")) {
  report.sse = runNode("live stream fan-out (1 000 subscribers, 100 events/s in batches of 10)", [
    join(benchDir, "sse.mjs"),
    "1000",
    "500",
    "100",
    "10",
  ]);
}

if (everything || only.has("--server")) {
  report.server = runNode(
    "run-history server: ready, ingest, queries at 100 000 runs (PGlite and PostgreSQL)",
    [join(benchDir, "server.mjs")],
    {
      timeoutMs: 900_000,
    },
  );
}

if (everything || only.has("--auth")) {
  report.auth = runNode("server authentication: keys, sessions, prefix timing", [join(benchDir, "auth.mjs")], {
    timeoutMs: 600_000,
  });
}

if (everything || only.has("--rls")) {
  report.rls = runNode("tenant isolation on reads: row-level security at 100 000 runs", [join(benchDir, "rls.mjs")], {
    timeoutMs: 900_000,
  });
}

if (everything || only.has("--rate-limit")) {
  report.rateLimit = runNode(
    "rate limiter overhead per model call",
    ["--import", "tsx", join(benchDir, "rate-limit.mts"), "5000"],
    {
      timeoutMs: 300_000,
    },
  );
}

if (everything || only.has("--workers")) {
  report.workers = runNode(
    "launched runs: throughput with 1, 2 and 4 `rehearse worker` processes on Redis (latency-bound runs)",
    [join(benchDir, "workers.mjs"), "120", "2", "10"],
    { timeoutMs: 900_000 },
  );
}

if (everything || only.has("--reliability")) {
  report.reliability = runNode(
    "launched runs: a 1 000-run batch on Redis with a worker killed twice and Redis restarted once",
    [join(benchDir, "queue-reliability.mjs"), "1000"],
    { timeoutMs: 1_200_000 },
  );
}

if (everything || only.has("--tracing")) {
  report.tracing = runNode(
    "tracing: workload W off and on, 10 000 traced scenarios' heap, workload E off",
    [join(benchDir, "tracing.mjs"), String(W_RUNS), String(W_SCENARIOS)],
    { timeoutMs: 600_000, keepOnFailure: true },
  );
}

if (everything || only.has("--voice")) {
  report.voice = {
    effects: runNode("voice: effects on 1 s of 24 kHz audio", [join(benchDir, "voice-effects.mjs")]),
    turn: runNode("voice: harness cost per turn, memory per concurrent run", [
      "--expose-gc",
      join(benchDir, "voice-turn.mjs"),
      "100",
    ]),
  };
}

if (everything || only.has("--graphs")) {
  report.graphs = runNode("graphs: harness cost per hop, 10-node graph vs one agent", [
    join(benchDir, "graphs.mjs"),
    "2000",
    "7",
  ]);
}

if (everything || only.has("--imports")) {
  report.imports = runNode("imports: 10 000 production conversations to scenario files", [join(benchDir, "imports.mjs")]);
}

if (everything || only.has("--mcp")) {
  report.mcp = runNode("mcp: cost per tool call over streamable HTTP and stdio vs in process", [join(benchDir, "mcp.mjs")]);
}

if (everything || only.has("--simulated-tools")) {
  report.simulatedTools = runNode("simulated tools: harness cost per call, model time excluded", [
    join(benchDir, "simulated-tools.mjs"),
  ]);
}

if (everything || only.has("--dashboard")) {
  const what = "dashboard in Chromium: first render, 1 000-run batch, scrolling, at 100 000 runs";
  report.dashboard = runNode(what, [join(benchDir, "dashboard.mjs")], { timeoutMs: 900_000 });
}

// ─── targets ──────────────────────────────────────────────────────────────────────────────────

const checks = checkTargets(report, { replayScenarios: REPLAY_SCENARIOS });

report.targets = everything ? checks : checks.filter((entry) => entry.met !== null);
report.targetsMissed = report.targets.filter((entry) => entry.met === false).map((entry) => entry.name);
report.notMeasured = everything
  ? [
      ...checks.filter((entry) => entry.met === null).map((entry) => entry.name),
      ...(anchor.available ? [] : ["workloadE and workloadW anchor comparisons (anchor unavailable)"]),
      ...(report.installedSize ? [] : ["installedSize (BENCH_SKIP_SIZE, or the install failed)"]),
    ]
  : [`everything but ${[...only].join(" and ")} (partial run)`];
report.failures = failures;
report.elapsedSeconds = round((Date.now() - started) / 1000, 1);

// Indented, with arrays of plain values kept on one line (only whitespace between tokens changes:
// JSON strings never hold raw newlines).
const json = JSON.stringify(report, null, 2).replace(
  /\[\n\s*([^[\]{}]*?)\n\s*\]/g,
  (_, items) => `[${items.replace(/,\n\s*/g, ", ")}]`,
);
mkdirSync(join(benchDir, "results"), { recursive: true });
writeFileSync(join(benchDir, "results", everything ? "latest.json" : "latest-partial.json"), `${json}\n`);
console.log(json);
process.stderr.write(`\n${summaryTable(report).join("\n")}\n\n`);
log(`done in ${report.elapsedSeconds} s`);
const missed = report.targets.filter((entry) => entry.met === false);
process.stderr.write(
  missed.length
    ? `targets missed:\n${missed.map((entry) => `  ✗ ${entry.name}: ${entry.value} (target ${entry.target})`).join("\n")}\n`
    : "targets missed: none\n",
);
process.exit(failures.length ? 1 : 0);
