/**
 * Before any worker starts: the tests need what they do not build themselves
 * — the dashboard's `dist/` (served by the server at `/`) and the built
 * server and core packages the fixtures import. A missing one stops the run
 * with the command that makes it, rather than building silently; a build
 * older than its sources is only mentioned.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { dashboardDist, dashboardRoot } from "./paths.js";

const packages = join(dashboardRoot, "..");

const required = [
  {
    file: join(dashboardDist, "index.html"),
    sources: join(dashboardRoot, "src"),
    build: "cd packages/dashboard && npx vite build",
  },
  {
    file: join(packages, "server/dist/index.js"),
    sources: join(packages, "server/src"),
    build: "npm run build --workspace @rehearse/server",
  },
  {
    file: join(packages, "core/dist/index.js"),
    sources: join(packages, "core/src"),
    build: "npm run build --workspace @rehearse/core",
  },
];

export default function globalSetup(): void {
  const missing = required.filter((entry) => !existsSync(entry.file));
  if (missing.length > 0)
    throw new Error(
      `the end-to-end tests need builds that are missing:\n${missing.map((entry) => `  ${entry.file}: run ${entry.build}`).join("\n")}`,
    );
  for (const entry of required) {
    const built = statSync(entry.file).mtimeMs;
    const newer = newestSource(entry.sources);
    if (newer && newer.time > built)
      process.stderr.write(`note: ${newer.path} is newer than ${entry.file}; the tests use the build (${entry.build})\n`);
  }
}

/** The most recently changed non-test source file under `directory`. */
function newestSource(directory: string): { path: string; time: number } | undefined {
  let newest: { path: string; time: number } | undefined;
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const time = statSync(path).mtimeMs;
    if (!newest || time > newest.time) newest = { path, time };
  }
  return newest;
}
