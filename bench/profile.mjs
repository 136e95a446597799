// Where does Rehearse's time go in workload E? Runs the unchanged engine-check.mjs (copied into
// bench/.anchor by setup-anchor.mjs) under `node --cpu-prof` and prints the top self-time
// functions and the self time per file.
// Usage: node bench/profile.mjs [sequential|concurrent] [N=1000] [top=25]
// Profiles are written to bench/results/profiles/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { anchorDir } from "./setup-anchor.mjs";

const [mode = "concurrent", nArg = "1000", topArg = "25"] = process.argv.slice(2);
const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(benchDir, "..");
const rehearseEntry = join(rootDir, "packages", "core", "dist", "index.js");
const engineCheck = join(anchorDir, "engine-check.mjs");
if (!existsSync(engineCheck)) throw new Error(`${engineCheck} missing: run node bench/setup-anchor.mjs first`);
const profileDir = join(benchDir, "results", "profiles");
rmSync(profileDir, { recursive: true, force: true });
mkdirSync(profileDir, { recursive: true });

const child = spawnSync(
  process.execPath,
  [
    "--expose-gc",
    "--cpu-prof",
    "--cpu-prof-dir",
    profileDir,
    "--cpu-prof-interval",
    "100",
    "engine-check.mjs",
    rehearseEntry,
    mode,
    nArg,
  ],
  { cwd: anchorDir, encoding: "utf8" },
);
if (child.status !== 0) throw new Error(`engine-check failed: ${child.stderr}`);
const run = JSON.parse(child.stdout.trim().split("\n").at(-1));
const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
const profile = JSON.parse(readFileSync(join(profileDir, file), "utf8"));

// The timed loop is the last `run.ms` before the last sample that runs Rehearse code (after the
// loop, engine-check only forces a GC and prints). Start-up, import and warm-up fall outside.
const times = [];
let clock = profile.startTime;
for (const delta of profile.timeDeltas) {
  clock += delta;
  times.push(clock);
}
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
const inRehearse = (id) => {
  for (let at = id; at !== undefined; at = parentOf.get(at)) {
    if (nodeById.get(at)?.callFrame.url.includes("/packages/core/")) return true;
  }
  return false;
};
let lastRehearse = profile.samples.length - 1;
while (lastRehearse > 0 && !inRehearse(profile.samples[lastRehearse])) lastRehearse--;
const windowEnd = times[lastRehearse] + 1;
const windowStart = windowEnd - run.ms * 1000;

// Self time per node = the sum of the sampling intervals attributed to it.
const selfUs = new Map();
profile.samples.forEach((id, index) => {
  if (times[index] < windowStart || times[index] >= windowEnd) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
});
const total = [...selfUs.values()].reduce((sum, value) => sum + value, 0);

const shortUrl = (url) => {
  if (!url) return "(native)";
  const path = url.startsWith("file:") ? fileURLToPath(url) : url;
  return path.startsWith("/") ? relative(rootDir, path) : path;
};
const byFunction = new Map();
const byFile = new Map();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const frame = node.callFrame;
  const where = shortUrl(frame.url);
  const key = `${frame.functionName || "(anonymous)"}  ${where}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byFile.set(where, (byFile.get(where) ?? 0) + us);
}
const table = (map, top) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
    .join("\n");

console.log(
  `workload E, rehearse, ${mode}, n=${run.n}: ${run.ms} ms in the timed loop; ${(total / 1000).toFixed(0)} ms sampled in that window`,
);
console.log(`\nTop self time by function:\n${table(byFunction, Number(topArg))}`);
console.log(`\nSelf time by file:\n${table(byFile, 15)}`);
console.log(`\nProfile: ${relative(rootDir, join(profileDir, file))}`);
