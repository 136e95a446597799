// Installed size of @rehearse/core with its production dependencies, as a user gets it:
// `npm pack` of packages/core into a temporary directory, then `npm install <tarball> --omit=dev
// --ignore-scripts` into an empty project there, and the size of its
// node_modules (`du -sk`, disk usage as `du -sh` shows it; the sum of file sizes beside it).
// Optional peers (tsx, the @ai-sdk providers, vitest) are not installed: a user adds the ones
// they use. Needs the npm registry (or a warm npm cache).
// Usage: node bench/installed-size.mjs
// Prints one JSON line: {installedMB, apparentMB, packages, largest: [{name, MB}], tarballKB, hasTsx, hasEsbuild}.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "packages", "core");
const directory = mkdtempSync(join(tmpdir(), "rehearse-size-"));
const MB = 1048576;
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Disk usage of `path` in bytes, as `du -sk` counts it (allocated blocks). */
const diskUsage = (path) => Number(execFileSync("du", ["-sk", path], { encoding: "utf8" }).split(/\s/)[0]) * 1024;

function apparentSize(path) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += apparentSize(child);
    else if (entry.isFile()) total += statSync(child).size;
  }
  return total;
}

/** Top-level packages of node_modules (scoped ones by their full name). */
function packagesIn(nodeModules) {
  const names = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    if (entry.name.startsWith("@")) {
      for (const scoped of readdirSync(join(nodeModules, entry.name))) names.push(`${entry.name}/${scoped}`);
    } else names.push(entry.name);
  }
  return names;
}

try {
  const packed = JSON.parse(npm(["pack", packageDir, "--json", "--pack-destination", directory], directory));
  const tarball = join(directory, packed[0].filename);
  const project = join(directory, "project");
  execFileSync("mkdir", [project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "size-probe", private: true, type: "module" }));
  npm(["install", tarball, "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"], project);
  const nodeModules = join(project, "node_modules");
  const packages = packagesIn(nodeModules);
  const largest = packages
    .map((name) => ({ name, MB: Math.round((diskUsage(join(nodeModules, name)) / MB) * 10) / 10 }))
    .sort((a, b) => b.MB - a.MB)
    .slice(0, 8);
  console.log(
    JSON.stringify({
      installedMB: Math.round((diskUsage(nodeModules) / MB) * 10) / 10,
      apparentMB: Math.round((apparentSize(nodeModules) / MB) * 10) / 10,
      packages: packages.length,
      largest,
      tarballKB: Math.round(statSync(tarball).size / 1024),
      hasTsx: packages.includes("tsx"),
      hasEsbuild: packages.includes("esbuild"),
    }),
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
