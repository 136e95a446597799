// Tracing's cost (issue 17), Rehearse only, every measurement in fresh processes (OpenTelemetry's setup is per
// process):
//   1. workload W (bench-anchor/bench.mjs, unchanged) with tracing off (`OTEL_SDK_DISABLED=true`, as in the rest of
//      the bench) and on (bench/lib/tracing-preload.mjs: `setupTracing` with one in-memory exporter behind a
//      SimpleSpanProcessor, drained every 1 000 spans), interleaved, both modes; medians and the ratio on ÷ off
//      (target ≤ 1.5), spans per run counted by the exporter, the judge collector's size at exit;
//   2. memory: bench/tracing-memory.mjs, 10 000 traced scenarios in one process, heap after GC per 1 000;
//   3. workload E (bench-anchor/engine-check.mjs) with tracing off; with `BENCH_TRACING_BASELINE=<dist/index.js of a
//      build from before tracing>` that build runs interleaved with this one and the ratio is reported.
// Usage: node bench/tracing.mjs [runs=5] [scenarios=1000]   (`npm run bench -- --tracing`; needs a current build)
// Prints one JSON line; exits 1 when a run failed, did not pass every scenario or touched the network.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, round } from "./lib/stats.mjs";
import { gnuTimeAvailable, runOnce } from "./lib/workload-w.mjs";
import { anchorDir, copyAnchorScripts } from "./setup-anchor.mjs";

const benchDir = dirname(fileURLToPath(import.meta.url));
const rehearseEntry = resolve(benchDir, "..", "packages", "core", "dist", "index.js");
const baselineEntry = process.env.BENCH_TRACING_BASELINE ? resolve(process.env.BENCH_TRACING_BASELINE) : undefined;
const runs = Number(process.argv[2] ?? 5);
const scenarios = Number(process.argv[3] ?? 1000);
const MEMORY_SCENARIOS = 10_000;
const TIMEOUT_MS = 180_000;
const MODES = ["sequential", "concurrent"];
const log = (line) => process.stderr.write(`[tracing] ${line}\n`);
const problems = [];

// the bench's quiet settings, without anything that would turn tracing or an export on by itself
const quiet = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")));
Object.assign(quiet, { SCENARIO_HEADLESS: "true", SCENARIO_DISABLE_SIMULATION_REPORT_INFO: "1", LANGWATCH_API_KEY: "" });
const tracingOff = { ...quiet, OTEL_SDK_DISABLED: "true" };

const missing = copyAnchorScripts();
if (missing) throw new Error(`the workload scripts are missing: ${missing}`);
const work = mkdtempSync(join(tmpdir(), "rehearse-bench-tracing-"));
const timeOk = gnuTimeAvailable();

// ─── 1. Workload W, tracing off and on ────────────────────────────────────────────────────────

/** One W run; with tracing on, the preload's counts (spans, collector) are read back from its report file. */
function workloadWRun(mode, variant, index) {
  const traced = variant !== "off";
  const reportFile = join(work, `w-${mode}-${variant}-${index}.json`);
  const env = traced
    ? { ...quiet, BENCH_TARGET: rehearseEntry, BENCH_TRACING_REPORT: reportFile, BENCH_TRACING_PROCESSOR: variant }
    : { ...tracingOff, BENCH_TARGET: rehearseEntry };
  const preload = traced ? join(benchDir, "lib", "tracing-preload.mjs") : undefined;
  const name = traced ? `tracing on (${variant})` : "tracing off";
  const sample = runOnce({ name, mode, scenarios, turns: 3, anchorDir, env, timeOk, timeoutMs: TIMEOUT_MS, preload });
  if (sample.error) {
    problems.push(sample.error);
    return undefined;
  }
  if (sample.passed !== scenarios) problems.push(`W ${name} ${mode} run ${index}: passed ${sample.passed}/${scenarios}`);
  if (sample.netAttempts !== 0) problems.push(`W ${name} ${mode} run ${index}: ${sample.netAttempts} network attempts`);
  if (!traced) return sample;
  try {
    return { ...sample, tracing: JSON.parse(readFileSync(reportFile, "utf8")) };
  } catch {
    problems.push(`W ${name} ${mode} run ${index}: the tracing preload wrote no report`);
    return sample;
  }
}

function summariseW(samples) {
  const pick = (key) => samples.map((sample) => sample[key]);
  return {
    runs: samples.length,
    totalMs: median(pick("totalMs")),
    peakRssMB: median(pick("peakRssMB")),
    rssMB: median(pick("rssMB")),
    maxJudgePromptChars: Math.max(...pick("maxJudgePromptChars").filter((value) => typeof value === "number")),
    samplesTotalMs: pick("totalMs"),
  };
}

function workloadW() {
  const out = { script: "bench-anchor/bench.mjs (unchanged)", n: scenarios, turns: 3, runsPerCell: runs };
  for (const mode of MODES) {
    const samples = { off: [], on: [], batch: [] };
    for (let index = 1; index <= runs; index++) {
      // rotate which goes first, so none always follows another
      const variants = ["off", "simple", "batch"];
      const order = [...variants.slice(index % 3), ...variants.slice(0, index % 3)];
      for (const variant of order) {
        log(`workload W ${index}/${runs}: ${mode} ${scenarios}×3, tracing ${variant}`);
        const sample = workloadWRun(mode, variant, index);
        if (sample) samples[variant === "simple" ? "on" : variant].push(sample);
      }
    }
    const off = summariseW(samples.off);
    const on = summariseW(samples.on);
    const batch = summariseW(samples.batch);
    const counts = samples.on.map((sample) => sample.tracing).filter(Boolean);
    on.spansPerRun = median(counts.map((count) => count.spansPerRun));
    on.spansByName = counts[0]?.byName ?? null;
    on.tracedRuns = counts[0]?.runs ?? null;
    on.collectorSizeAtExitMax = counts.length ? Math.max(...counts.map((count) => count.collectorSize)) : null;
    out[mode] = {
      off,
      on,
      batch,
      onOverOff: off.totalMs && on.totalMs ? round(on.totalMs / off.totalMs) : null,
      batchOverOff: off.totalMs && batch.totalMs ? round(batch.totalMs / off.totalMs) : null,
      peakRssOnOverOff: off.peakRssMB && on.peakRssMB ? round(on.peakRssMB / off.peakRssMB) : null,
    };
  }
  return out;
}

// ─── 2. Memory over 10 000 traced scenarios, 3. workload E with tracing off ───────────────────

/** `node <args>` in a fresh process; the last JSON line of its stdout, or undefined (a problem noted). */
function nodeJson(label, args, { cwd = benchDir, env = quiet } = {}) {
  const child = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8", timeout: TIMEOUT_MS });
  const line = child.stdout
    ?.trim()
    .split("\n")
    .reverse()
    .find((candidate) => candidate.startsWith("{"));
  if (child.status === 0 && line) return JSON.parse(line);
  const tail = (child.stderr ?? "").trim().split("\n").slice(-3).join(" | ");
  problems.push(`${label}: exit ${child.status ?? child.signal ?? child.error?.message}; ${tail}`.slice(0, 500));
  return undefined;
}

function memory() {
  log(`memory: ${MEMORY_SCENARIOS} traced scenarios in one process, heap after GC every 1 000`);
  const result = nodeJson("tracing memory", [
    "--expose-gc",
    join(benchDir, "tracing-memory.mjs"),
    rehearseEntry,
    String(MEMORY_SCENARIOS),
    "1000",
  ]);
  if (result && result.passed !== MEMORY_SCENARIOS) problems.push(`memory: passed ${result.passed}/${MEMORY_SCENARIOS}`);
  return result ?? null;
}

function workloadE() {
  const builds = [["current", rehearseEntry], ...(baselineEntry ? [["baseline", baselineEntry]] : [])];
  const samples = {};
  for (let index = 1; index <= runs; index++) {
    for (const mode of MODES) {
      for (const [name, entry] of builds) {
        log(`workload E ${index}/${runs}: ${name} ${mode} 1000, tracing off`);
        const result = nodeJson(`engine-check ${name} ${mode}`, ["--expose-gc", "engine-check.mjs", entry, mode, "1000"], {
          cwd: anchorDir,
          env: tracingOff,
        });
        if (!result) continue;
        if (result.passed !== 1000) problems.push(`E ${name} ${mode} run ${index}: passed ${result.passed}/1000`);
        samples[`${mode} ${name}`] = [...(samples[`${mode} ${name}`] ?? []), result];
      }
    }
  }
  const summary = (list = []) => ({
    runs: list.length,
    ms: median(list.map((result) => result.ms)),
    rssMB: median(list.map((result) => result.rssMB)),
    samplesMs: list.map((result) => result.ms),
  });
  const out = { n: 1000, turns: 3, runsPerCell: runs, tracing: "off (OTEL_SDK_DISABLED=true)", baseline: baselineEntry ?? null };
  for (const mode of MODES) {
    const current = summary(samples[`${mode} current`]);
    out[mode] = { current };
    if (!baselineEntry) continue;
    const baseline = summary(samples[`${mode} baseline`]);
    out[mode].baseline = baseline;
    out[mode].currentOverBaseline = baseline.ms && current.ms ? round(current.ms / baseline.ms) : null;
  }
  return out;
}

const started = Date.now();
const report = { workloadW: workloadW(), memory: memory(), workloadE: workloadE() };
rmSync(work, { recursive: true, force: true });
report.elapsedSeconds = round((Date.now() - started) / 1000, 1);
report.problems = problems;
console.log(JSON.stringify(report));
process.exit(problems.length ? 1 : 0);
