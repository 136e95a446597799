// Installs the reference implementation (@langwatch/scenario 0.5.3, the "anchor") into
// bench/.anchor/, outside the committed tree, and copies every file of ../shared/bench-anchor
// (beside the checkout) next to it, unchanged: the workload E and W scripts and their helpers.
//
// Usage: node bench/setup-anchor.mjs            (prints one JSON line: {available, version, reason?})
// Also imported by bench/run.mjs as `setupAnchor()`.
//
// `--ignore-scripts` is required: a dependency of the anchor (ffmpeg-static) downloads a binary
// in its postinstall, which fails offline and is not needed by the workload.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const anchorDir = join(here, ".anchor");
export const sharedDir = process.env.BENCH_ANCHOR_SOURCE || join(here, "..", "..", "shared", "bench-anchor");
export const anchorEntry = "./node_modules/@langwatch/scenario/dist/index.mjs";
const ANCHOR_VERSION = "0.5.3";

function installedVersion() {
  const manifest = join(anchorDir, "node_modules", "@langwatch", "scenario", "package.json");
  if (!existsSync(manifest)) return undefined;
  try {
    return JSON.parse(readFileSync(manifest, "utf8")).version;
  } catch {
    return undefined;
  }
}

/**
 * Copies every file of the shared bench-anchor directory into bench/.anchor, without installing the
 * reference: the workload scripts run against Rehearse from there with the repository's own `ai`.
 * Returns the reason when the shared directory is missing, otherwise undefined.
 */
export function copyAnchorScripts() {
  for (const required of ["engine-check.mjs", "bench.mjs"]) {
    if (!existsSync(join(sharedDir, required))) return `${sharedDir}/${required} not found`;
  }
  mkdirSync(anchorDir, { recursive: true });
  // Every regular file, byte for byte. The sources are read-only, and so are earlier copies:
  // remove before copying so a non-root user can refresh them.
  for (const entry of readdirSync(sharedDir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    rmSync(join(anchorDir, entry.name), { force: true });
    copyFileSync(join(sharedDir, entry.name), join(anchorDir, entry.name));
  }
  return undefined;
}

/** Makes bench/.anchor ready. Never throws: returns `{ available: false, reason }` when it cannot. */
export function setupAnchor({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (process.env.BENCH_SKIP_ANCHOR === "1") return { available: false, reason: "BENCH_SKIP_ANCHOR=1" };
  const missing = copyAnchorScripts();
  if (missing) return { available: false, reason: missing };

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
