// Workload W: the reference's own `bench.mjs` (copied unchanged into bench/.anchor), N scenarios
// × 3 turns with the user simulator and judge on MockLanguageModelV3, run against the reference
// and against Rehearse (`BENCH_TARGET`), each run in a fresh process under `/usr/bin/time -v`
// for the peak RSS. Interleaved per mode: anchor, rehearse, anchor, rehearse, …
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { median, round } from "./stats.mjs";

const TIME = "/usr/bin/time";
const MODES = ["sequential", "concurrent"];

/** Whether `/usr/bin/time -v` works here (GNU time; busybox and BSD time lack `-v`). */
export function gnuTimeAvailable() {
  if (!existsSync(TIME)) return false;
  const probe = spawnSync(TIME, ["-v", process.execPath, "-e", "0"], { encoding: "utf8" });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr ?? "");
}

/** bench.mjs prints an indented JSON object last; find the last `{` line from which the rest parses. */
function lastJsonObject(stdout) {
  const lines = (stdout ?? "").split("\n");
  for (let index = lines.length - 1; index >= 0; index--) {
    if (!lines[index].startsWith("{")) continue;
    try {
      return JSON.parse(lines.slice(index).join("\n"));
    } catch {}
  }
  return undefined;
}

/**
 * One `bench.mjs` run in a fresh process (under `/usr/bin/time -v` when `timeOk`); `preload`, when
 * given, is loaded first with `node --import` (bench/tracing.mjs turns tracing on that way).
 */
export function runOnce({ name, mode, scenarios, turns, anchorDir, env, timeOk, timeoutMs, preload }) {
  const nodeArgs = [...(preload ? ["--import", preload] : []), "bench.mjs", mode, String(scenarios), String(turns)];
  const [command, args] = timeOk ? [TIME, ["-v", process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawnSync(command, args, {
    cwd: anchorDir,
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    // the reference prints an AI SDK warning per model call on stderr (≈1.5 MB for 1 000 scenarios)
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = lastJsonObject(child.stdout);
  const result = output?.results?.find((entry) => entry.mode === mode);
  if (child.status !== 0 || !result) {
    const tail = (child.stderr ?? "")
      .split("\n")
      .filter((line) => line.trim() && !line.startsWith("AI SDK Warning") && !line.startsWith("\t"))
      .slice(-3)
      .join(" | ");
    return { error: `bench.mjs ${name} ${mode}: exit ${child.status ?? child.signal ?? child.error?.message}; ${tail}` };
  }
  const peakKB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? "")?.[1]);
  return {
    totalMs: result.totalMs,
    passed: result.passed,
    rssMB: output.rssMB,
    peakRssMB: Number.isFinite(peakKB) && timeOk ? Math.round(peakKB / 1024) : output.rssMB,
    heapUsedMB: output.heapUsedMB,
    importMs: output.importMs,
    maxJudgePromptChars: output.mockCalls?.maxJudgePromptChars ?? null,
    modelCalls: (output.mockCalls?.user ?? 0) + (output.mockCalls?.judge ?? 0),
    netAttempts: output.netAttempts,
    netAttemptKinds: output.netAttemptKinds,
  };
}

function summarise(samples = []) {
  const pick = (key) => samples.map((sample) => sample[key]);
  const finite = (key) => pick(key).filter((value) => typeof value === "number");
  return {
    runs: samples.length,
    totalMs: median(pick("totalMs")),
    rssMB: median(pick("rssMB")),
    peakRssMB: median(pick("peakRssMB")),
    importMs: median(pick("importMs")),
    passedMin: finite("passed").length ? Math.min(...finite("passed")) : null,
    maxJudgePromptChars: finite("maxJudgePromptChars").length ? Math.max(...finite("maxJudgePromptChars")) : null,
    modelCallsPerRun: median(pick("modelCalls")),
    netAttemptsMax: finite("netAttempts").length ? Math.max(...finite("netAttempts")) : null,
    samplesTotalMs: pick("totalMs"),
    samplesRssMB: pick("rssMB"),
    samplesPeakRssMB: pick("peakRssMB"),
  };
}

/**
 * Measures workload W. `failures` receives one line per failed process, and per Rehearse run that
 * did not pass all N scenarios or attempted network access (the anchor is held to `passed` too:
 * a failing reference makes the comparison meaningless).
 */
export function workloadW({ anchor, anchorDir, rehearseEntry, runs, scenarios, env, log, failures, timeoutMs }) {
  const script = join(anchorDir, "bench.mjs");
  if (!existsSync(script)) return { available: false, reason: `${script} missing (run bench/setup-anchor.mjs)` };
  const timeOk = gnuTimeAvailable();
  const turns = 3;
  const { BENCH_TARGET: _ignored, ...anchorEnv } = env;
  const targets = [
    ...(anchor.available ? [["anchor", anchorEnv]] : []),
    ["rehearse", { ...anchorEnv, BENCH_TARGET: rehearseEntry }],
  ];
  const samples = {};
  for (let run = 1; run <= runs; run++) {
    for (const mode of MODES) {
      for (const [name, targetEnv] of targets) {
        log(`workload W ${run}/${runs}: ${name} ${mode} ${scenarios}×${turns}`);
        const sample = runOnce({ name, mode, scenarios, turns, anchorDir, env: targetEnv, timeOk, timeoutMs });
        const problems = sample.error
          ? [sample.error]
          : [
              ...(sample.passed !== scenarios ? [`W ${name} ${mode} run ${run}: passed ${sample.passed}/${scenarios}`] : []),
              ...(name === "rehearse" && sample.netAttempts !== 0
                ? [
                    `W rehearse ${mode} run ${run}: ${sample.netAttempts} network attempts ${JSON.stringify(sample.netAttemptKinds)}`,
                  ]
                : []),
            ];
        for (const problem of problems) {
          log(`FAILED ${problem}`);
          failures.push(problem.slice(0, 500));
        }
        if (sample.error) continue;
        samples[mode] ??= {};
        samples[mode][name] ??= [];
        samples[mode][name].push(sample);
      }
    }
  }
  const out = {
    script: "bench-anchor/bench.mjs (unchanged)",
    n: scenarios,
    turns,
    runsPerCell: runs,
    order: "interleaved per mode: anchor, rehearse, anchor, rehearse, …",
    peakRssSource: timeOk ? "/usr/bin/time -v (Maximum resident set size)" : "script rssMB (GNU time unavailable)",
  };
  for (const mode of MODES) {
    const rehearse = summarise(samples[mode]?.rehearse);
    const cell = { rehearse };
    if (anchor.available) {
      const reference = summarise(samples[mode]?.anchor);
      cell.anchor = reference;
      cell.throughputRatio = reference.totalMs && rehearse.totalMs ? round(reference.totalMs / rehearse.totalMs) : null;
      cell.rssRatio = reference.rssMB && rehearse.rssMB ? round(rehearse.rssMB / reference.rssMB, 3) : null;
      cell.peakRssRatio = reference.peakRssMB && rehearse.peakRssMB ? round(rehearse.peakRssMB / reference.peakRssMB, 3) : null;
    }
    out[mode] = cell;
  }
  const judgeChars = MODES.map((mode) => out[mode].rehearse.maxJudgePromptChars).filter((value) => value !== null);
  out.rehearseMaxJudgePromptChars = judgeChars.length ? Math.max(...judgeChars) : null;
  const attempts = MODES.map((mode) => out[mode].rehearse.netAttemptsMax).filter((value) => value !== null);
  out.rehearseNetAttempts = attempts.length ? Math.max(...attempts) : null;
  return out;
}
