// Tracing's cost (issue 17), Rehearse only, every measurement in fresh processes (OpenTelemetry's setup is per
// process):
//   1. workload W (bench-anchor/bench.mjs, unchanged) with tracing off (`OTEL_SDK_DISABLED=true`, as in the rest of
//      the bench) and on (bench/lib/tracing-preload.mjs: `setupTracing` with one in-memory exporter behind a
//      SimpleSpanProcessor, drained every 1 000 spans), interleaved, both modes; medians and the ratio on ÷ off
//      (target ≤ 1.5), spans per run counted by the exporter, the judge collector's size at exit;
//   2. memory: bench/tracing-memory.mjs, 10 000 traced scenarios in one process, heap after GC per 1 000;
//   3. workload E (bench-anchor/engine-check.mjs) with tracing off; with `BENCH_TRACING_BASELINE=<dist/index.js of a
//      build from before tracing>` that build runs interleaved with this one and the ratio is reported;
//   4. the floor: what the OpenTelemetry SDK alone costs for the 19 spans of one W run (bench/tracing-sdk-floor.mjs,
//      no Rehearse code; per processor, without and with the judge's collector), and W untraced with Node's
//      AsyncLocalStorage on (bench/lib/async-context-preload.mjs: the promise hooks the agent's async context needs),
//      each as a ratio to W untraced per run — what tracing W cannot cost less than.
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
  const traced = variant !== "off" && variant !== "async";
  const reportFile = join(work, `w-${mode}-${variant}-${index}.json`);
  const env = traced
    ? { ...quiet, BENCH_TARGET: rehearseEntry, BENCH_TRACING_REPORT: reportFile, BENCH_TRACING_PROCESSOR: variant }
    : { ...tracingOff, BENCH_TARGET: rehearseEntry };
  const preloads = { async: "async-context-preload.mjs", simple: "tracing-preload.mjs", batch: "tracing-preload.mjs" };
  const preload = preloads[variant] ? join(benchDir, "lib", preloads[variant]) : undefined;
  const name = traced ? `tracing on (${variant})` : variant === "async" ? "tracing off, AsyncLocalStorage on" : "tracing off";
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
    const samples = { off: [], on: [], batch: [], async: [] };
    for (let index = 1; index <= runs; index++) {
      // rotate which goes first, so none always follows another
      const variants = ["off", "simple", "batch", "async"];
      const order = [...variants.slice(index % 4), ...variants.slice(0, index % 4)];
      for (const variant of order) {
        log(`workload W ${index}/${runs}: ${mode} ${scenarios}×3, tracing ${variant}`);
        const sample = workloadWRun(mode, variant, index);
        if (sample) samples[variant === "simple" ? "on" : variant].push(sample);
      }
    }
    const off = summariseW(samples.off);
    const on = summariseW(samples.on);
    const batch = summariseW(samples.batch);
    const asyncContext = summariseW(samples.async);
    const counts = samples.on.map((sample) => sample.tracing).filter(Boolean);
    on.spansPerRun = median(counts.map((count) => count.spansPerRun));
    on.spansByName = counts[0]?.byName ?? null;
    on.tracedRuns = counts[0]?.runs ?? null;
    on.collectorSizeAtExitMax = counts.length ? Math.max(...counts.map((count) => count.collectorSize)) : null;
    out[mode] = {
      off,
      on,
      batch,
      asyncContextOn: asyncContext,
      asyncContextOverOff: off.totalMs && asyncContext.totalMs ? round(asyncContext.totalMs / off.totalMs) : null,
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

/**
 * Section 4: the SDK's own cost for one W run's spans in µs per run, medians of 3 fresh processes per cell, in
 * two shapes: W's (as many runs as W's scenarios after one warm-up run: the SDK's code starts cold, as in W) and
 * warm (20 000 runs after 2 000). Each as the floor of `onOverOff`: (W untraced per run + the SDK's) ÷ W untraced.
 */
function sdkFloor(workload) {
  const ROUNDS = 3;
  const shapes = { wShape: [scenarios, 1], warm: [20_000, 2_000] };
  const cells = {};
  for (let index = 1; index <= ROUNDS; index++) {
    for (const [shape, [count, warmUp]] of Object.entries(shapes)) {
      for (const processor of ["none", "simple", "batch"]) {
        for (const withCollector of [false, true]) {
          const key = `${shape} ${withCollector ? `${processor}+collector` : processor}`;
          log(`SDK floor ${index}/${ROUNDS}: ${key}`);
          const args = [join(benchDir, "tracing-sdk-floor.mjs"), processor, String(count), String(warmUp)];
          const result = nodeJson(`sdk floor ${key}`, withCollector ? [...args, rehearseEntry] : args);
          if (result) cells[key] = [...(cells[key] ?? []), result.usPerRun];
        }
      }
    }
  }
  const offMs = workload.sequential?.off?.totalMs;
  const offUsPerRun = offMs ? (offMs * 1000) / scenarios : undefined;
  const out = { spansPerRun: 19, rounds: ROUNDS, wSequentialOffUsPerRun: offUsPerRun ? round(offUsPerRun, 1) : null };
  for (const shape of Object.keys(shapes)) out[shape] = { usPerRun: {}, overWSequentialOff: {} };
  for (const [key, values] of Object.entries(cells)) {
    const [shape, cell] = key.split(" ");
    const usPerRun = median(values);
    out[shape].usPerRun[cell] = round(usPerRun, 1);
    // the warm shape is set against W at this N too: W's own per-run time only falls with more runs
    out[shape].overWSequentialOff[cell] = offUsPerRun ? round((offUsPerRun + usPerRun) / offUsPerRun) : null;
  }
  return out;
}

const started = Date.now();
const report = { workloadW: workloadW(), memory: memory(), workloadE: workloadE() };
report.sdkFloor = sdkFloor(report.workloadW);
rmSync(work, { recursive: true, force: true });
report.elapsedSeconds = round((Date.now() - started) / 1000, 1);
report.problems = problems;
console.log(JSON.stringify(report));
process.exit(problems.length ? 1 : 0);
