// Installs the reference implementation (@langwatch/scenario 0.5.3, the "anchor") into
// bench/.anchor/, outside the committed tree, and copies the unchanged workload E script and
// its helpers from ../shared/bench-anchor (beside the checkout) next to it.
//
// Usage: node bench/setup-anchor.mjs            (prints one JSON line: {available, version, reason?})
// Also imported by bench/run.mjs as `setupAnchor()`.
//
// `--ignore-scripts` is required: a dependency of the anchor (ffmpeg-static) downloads a binary
// in its postinstall, which fails offline and is not needed by the workload.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const anchorDir = join(here, ".anchor");
export const sharedDir = process.env.BENCH_ANCHOR_SOURCE || join(here, "..", "..", "shared", "bench-anchor");
export const anchorEntry = "./node_modules/@langwatch/scenario/dist/index.mjs";
const ANCHOR_VERSION = "0.5.3";
const copied = ["package.json", "engine-check.mjs", "resolve-fix.mjs", "scenario.config.mjs"];

function installedVersion() {
  const manifest = join(anchorDir, "node_modules", "@langwatch", "scenario", "package.json");
  if (!existsSync(manifest)) return undefined;
  try {
    return JSON.parse(readFileSync(manifest, "utf8")).version;
  } catch {
    return undefined;
  }
}

/** Makes bench/.anchor ready. Never throws: returns `{ available: false, reason }` when it cannot. */
export function setupAnchor({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (process.env.BENCH_SKIP_ANCHOR === "1") return { available: false, reason: "BENCH_SKIP_ANCHOR=1" };
  if (!existsSync(join(sharedDir, "engine-check.mjs"))) {
    return { available: false, reason: `${sharedDir}/engine-check.mjs not found` };
  }
  mkdirSync(anchorDir, { recursive: true });
  for (const name of copied) copyFileSync(join(sharedDir, name), join(anchorDir, name));

  let version = installedVersion();
  if (version !== ANCHOR_VERSION) {
    log(`[bench] installing @langwatch/scenario ${ANCHOR_VERSION} into ${anchorDir} (npm install --ignore-scripts)…`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const install = spawnSync(npm, ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: anchorDir,
      encoding: "utf8",
      timeout: 10 * 60_000,
      // The anchor is its own npm project, not a workspace of the monorepo.
      env: { ...process.env, npm_config_workspaces: "false", npm_config_workspace: "" },
    });
    version = installedVersion();
    if (install.status !== 0 || version !== ANCHOR_VERSION) {
      const detail = `${install.error?.message ?? ""} ${install.stderr ?? ""}`.trim().split("\n").slice(-3).join(" | ");
      return {
        available: false,
        reason: `npm install failed (exit ${install.status ?? "none"})${detail ? `: ${detail.slice(0, 300)}` : ""}`,
      };
    }
  }
  if (!existsSync(join(anchorDir, anchorEntry))) return { available: false, reason: `${anchorEntry} missing after install` };
  return { available: true, version, dir: anchorDir };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(setupAnchor()));
}
