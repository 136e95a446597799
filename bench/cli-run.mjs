// `rehearse run` on the example suite (issue #6): cold start to the first result line, total time
// and peak RSS of the CLI process, median of `runs` fresh processes.
// Usage: node bench/cli-run.mjs [runs=5]   (prints one JSON line)
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, round } from "./lib/stats.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages", "core", "dist", "cli", "main.js");
const runs = Number(process.argv[2] ?? 5);

/** Peak RSS of a process in MB (Linux: VmHWM of /proc/<pid>/status, read just before it exits). */
function peakRss(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return null;
  }
}

function once() {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, "run", "examples/scenarios", "--seed", "7"], {
      cwd: root,
      env: { ...process.env, CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let firstResultMs = null;
    let output = "";
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, peakRss(child.pid) ?? 0);
    }, 5);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (firstResultMs === null && /^(PASS|FAIL|ERROR|SKIP)/m.test(output)) firstResultMs = performance.now() - started;
    });
    child.on("error", fail);
    child.on("close", (code) => {
      clearInterval(sampler);
      const totalMs = performance.now() - started;
      const summary = /(\d+) passed, (\d+) failed, (\d+) errors?, (\d+) skipped/.exec(output);
      if (code !== 0 || !summary) fail(new Error(`exit ${code}: ${output.slice(-400)}`));
      else done({ firstResultMs, totalMs, peakRssMB: peak, scenarios: Number(summary[1]) + Number(summary[2]) });
    });
  });
}

const samples = [];
for (let run = 0; run < runs; run++) samples.push(await once());
process.stdout.write(
  `${JSON.stringify({
    runs,
    scenarios: samples[0].scenarios,
    coldStartToFirstResultMs: round(median(samples.map((sample) => sample.firstResultMs))),
    totalMs: round(median(samples.map((sample) => sample.totalMs))),
    peakRssMB: round(median(samples.map((sample) => sample.peakRssMB)), 1),
  })}\n`,
);
