// The reporter part (`--reporter`): what reporting to a Rehearse server costs.
//  1. reporter-cost.mts: CPU µs per event on the caller's path (process.cpuUsage around N runs' worth
//     of real events published into an HttpReporter, fsync "batch") and in the background (packing,
//     writes, fsyncs, HTTP) until close() returned, against the fake server.
//  2. Workload E (engine-check.mjs, unchanged) with the reporter on (REHEARSE_ENDPOINT against the fake
//     server, a fresh outbox directory per run), interleaved with the reference and Rehearse without it:
//     anchor, rehearse, rehearse+reporter, per mode and round. Target: anchor ms ÷ reporter ms ≥ 8.
// The fake server (lib/fake-ingest-server.mjs) runs in its own process for the whole part.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, round } from "./stats.mjs";

const MODES = ["sequential", "concurrent"];

/** Starts the fake ingest server; resolves to its URL and a stop function that returns its counts. */
async function startServer(benchDir) {
  const child = spawn(process.execPath, [join(benchDir, "lib", "fake-ingest-server.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    output += chunk;
  });
  for (let waited = 0; !output.includes("\n") && waited < 10_000; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const { port } = JSON.parse(output.split("\n")[0]);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      return JSON.parse(output.trim().split("\n").at(-1));
    },
  };
}

function lastJson(stdout) {
  const line = (stdout ?? "")
    .trim()
    .split("\n")
    .reverse()
    .find((candidate) => candidate.startsWith("{"));
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

export async function reporterPart({
  anchor,
  anchorDir,
  anchorEntry,
  rehearseEntry,
  benchDir,
  rootDir,
  runs,
  scenarios,
  env,
  log,
  failures,
  timeoutMs,
}) {
  const server = await startServer(benchDir);
  const run = (label, args, { cwd = rootDir, extraEnv = {} } = {}) => {
    const child = spawnSync(process.execPath, args, {
      cwd,
      env: { ...env, ...extraEnv },
      encoding: "utf8",
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    const parsed = lastJson(child.stdout);
    if (child.status === 0 && parsed) return parsed;
    const reason = `${label}: exit ${child.status ?? child.signal}; ${(child.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`;
    log(`FAILED ${reason}`);
    failures.push(reason.slice(0, 500));
    return null;
  };
  try {
    const costs = [];
    for (let round = 1; round <= 3; round++) {
      log(`reporter cost ${round}/3 (2 000 runs × 18 events into an HttpReporter)`);
      const result = run("reporter cost", ["--import", "tsx", join(benchDir, "reporter-cost.mts"), server.url, "2000"]);
      if (result) costs.push(result);
    }
    const samples = {};
    const targets = [
      ...(anchor.available ? [["anchor", anchorEntry, {}]] : []),
      ["rehearse", rehearseEntry, {}],
      ["reporter", rehearseEntry, null],
    ];
    for (let index = 1; index <= runs; index++) {
      for (const mode of MODES) {
        for (const [name, module, fixedEnv] of targets) {
          log(`workload E with the reporter ${index}/${runs}: ${name} ${mode} ${scenarios}`);
          const outbox = fixedEnv ? undefined : mkdtempSync(join(tmpdir(), "rehearse-bench-outbox-"));
          const extraEnv = fixedEnv ?? { REHEARSE_ENDPOINT: server.url, REHEARSE_API_KEY: "bench", REHEARSE_OUTBOX_DIR: outbox };
          const result = run(
            `engine-check ${name} ${mode}`,
            ["--expose-gc", "engine-check.mjs", module, mode, String(scenarios)],
            { cwd: anchorDir, extraEnv },
          );
          if (outbox) rmSync(outbox, { recursive: true, force: true });
          samples[mode] ??= {};
          samples[mode][name] ??= [];
          if (result) samples[mode][name].push(result);
        }
      }
    }
    const cost = {
      runs: costs.length,
      eventsPerRun: costs[0]?.eventsPerRun ?? null,
      callerUsPerEvent: median(costs.map((result) => result.callerUsPerEvent)),
      backgroundUsPerEvent: median(costs.map((result) => result.backgroundUsPerEvent)),
      drainMs: median(costs.map((result) => result.drainMs)),
      delivered: costs.map((result) => `${result.delivered}/${result.events}`),
      samplesCallerUs: costs.map((result) => result.callerUsPerEvent),
    };
    const workloadE = {
      n: scenarios,
      runsPerCell: runs,
      order: "interleaved: anchor, rehearse, rehearse with the reporter; per mode",
    };
    for (const mode of MODES) {
      const ms = (name) => median((samples[mode]?.[name] ?? []).map((result) => result.ms));
      const cell = {
        anchorMs: ms("anchor"),
        rehearseMs: ms("rehearse"),
        reporterMs: ms("reporter"),
        reporterRssMB: median((samples[mode]?.reporter ?? []).map((result) => result.rssMB)),
        samplesReporterMs: (samples[mode]?.reporter ?? []).map((result) => result.ms),
      };
      cell.reporterOverRehearse = cell.reporterMs && cell.rehearseMs ? round(cell.reporterMs / cell.rehearseMs) : null;
      cell.throughputRatio = cell.anchorMs && cell.reporterMs ? round(cell.anchorMs / cell.reporterMs) : null;
      workloadE[mode] = cell;
    }
    return { cost, workloadE };
  } finally {
    const counts = await server.stop();
    log(`fake server: ${counts.events} events stored, ${counts.duplicates} duplicates, ${counts.requests} requests`);
  }
}
