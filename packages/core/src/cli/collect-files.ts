import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { scenarioFilePattern } from "../api/scenario-files.js";
import { usageError } from "./exit-codes.js";

/** Scenario files (YAML, strict JSON), as opposed to modules exporting scenarios. */
export { scenarioFilePattern };

/** Modules a directory search picks up: `*.scenario.{ts,mts,mjs,js}`. */
export const scenarioModulePattern = /\.scenario\.(ts|mts|mjs|js)$/i;

/** JSON files that sit beside scenarios but are never scenarios (manifests, compiler configs, JSON Schemas). */
const notScenarios = /^(package|package-lock|npm-shrinkwrap|jsconfig|tsconfig(\..*)?|.*\.schema)\.json$/i;

/**
 * The scenario files named by `paths`, for `run`, `list` and `validate`.
 * A file is taken as given, whatever its name. A directory is searched
 * recursively for `*.yaml`, `*.yml` and `*.json` scenario files and
 * `*.scenario.{ts,mts,mjs,js}` modules, in sorted order, skipping
 * `node_modules`, dot-directories, `package.json`, `tsconfig*.json` and
 * `*.schema.json`. Returned paths are the given path joined with what was
 * found (so messages show `scenarios/refund.yaml`); a file named twice is
 * returned once. Throws a usage error for a missing path or when nothing is
 * found.
 *
 * @example
 * ```ts
 * await collectFiles(["scenarios", "extra/one.scenario.ts"], process.cwd());
 * // ["scenarios/billing/refund.yaml", "scenarios/greeting.scenario.mjs", "extra/one.scenario.ts"]
 * ```
 */
export async function collectFiles(paths: readonly string[], cwd: string, command = "rehearse"): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const absolute = resolve(cwd, file);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push(file);
  };
  for (const path of paths) {
    const kind = await kindOf(resolve(cwd, path));
    if (kind === "missing") throw usageError(`${command}: no such file or directory: ${path}`, "paths");
    if (kind === "file") add(path);
    else for (const found of await search(resolve(cwd, path))) add(join(path, found));
  }
  if (files.length === 0) {
    throw usageError(
      `${command}: no scenario files found in ${paths.join(", ")} (looked for *.yaml, *.yml, *.json and *.scenario.{ts,mts,mjs,js})`,
      "paths",
    );
  }
  return files;
}

/** True when a directory search takes a file of this name. */
export function isScenarioFileName(name: string): boolean {
  if (scenarioModulePattern.test(name)) return true;
  return scenarioFilePattern.test(name) && !notScenarios.test(name);
}

async function kindOf(path: string): Promise<"file" | "directory" | "missing"> {
  try {
    return (await stat(path)).isDirectory() ? "directory" : "file";
  } catch {
    return "missing";
  }
}

/** Paths relative to `directory`, sorted by code point so every machine gets the same order. */
async function search(directory: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(join(directory, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = relative ? join(relative, entry.name) : entry.name;
      // symbolic links to directories are not followed: a link loop would never end
      if (entry.isDirectory()) await walk(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && isScenarioFileName(entry.name)) found.push(path);
    }
  };
  await walk("");
  return found.sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}
