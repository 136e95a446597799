import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { errorMessage, RehearseError } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import type { ModuleResolver } from "./module-reference.js";
import { loadScenarioFiles } from "./public-api.js";
import { importTypeScript } from "./typescript-import.js";

/** Scenario files (YAML or JSON); every other file is a module exporting scenarios. */
export const scenarioFilePattern = /\.(ya?ml|json)$/i;

/** A scenario and the file it came from (as given). */
export interface FileScenario {
  readonly file: string;
  readonly config: ScenarioConfig;
}

/**
 * Loads the scenarios of each file, in order, each with its file. Scenario files (`.yaml`,
 * `.yml`, `.json`) are validated together first and compiled
 * (`loadScenarioFiles`); any invalid one stops everything with every problem
 * listed. For a module, its default export, or
 * else its `scenarios` export, is one `ScenarioConfig` or an array of them.
 * `.mjs`/`.js` load with `import()`; `.ts`/`.mts` through tsx, imported only
 * then (docs/decisions/0004). Throws an `invalid_scenario` error naming the
 * file when it cannot be loaded or exports something else.
 *
 * @example
 * ```ts
 * const scenarios = await loadScenarioSources(["scenarios/refund.scenario.ts"], process.cwd());
 * ```
 */
export async function loadScenarioSources(
  files: readonly string[],
  cwd: string,
  options: { modules?: ModuleResolver } = {},
): Promise<FileScenario[]> {
  // scenario files first, all of them: nothing is imported until every one is valid
  const compiled = new Map<string, ScenarioConfig>();
  for (const entry of await loadDeclarative(files, cwd, options)) compiled.set(entry.file, entry.config);
  const scenarios: FileScenario[] = [];
  for (const file of files) {
    const config = compiled.get(file);
    if (config) scenarios.push({ file, config });
    else for (const module of await loadModuleScenarios(file, cwd)) scenarios.push({ file, config: module });
  }
  return scenarios;
}

/**
 * The YAML and JSON files among `files`, loaded as one all-or-nothing set
 * (`loadScenarioFiles`): throws `ScenarioFileErrors` listing every problem.
 */
export async function loadDeclarative(
  files: readonly string[],
  cwd: string,
  options: { modules?: ModuleResolver } = {},
): Promise<FileScenario[]> {
  const declarative = files.filter((file) => scenarioFilePattern.test(file));
  if (declarative.length === 0) return [];
  return loadScenarioFiles(declarative, { cwd, ...options });
}

/**
 * The scenarios a module exports. Throws an `invalid_scenario` error naming
 * the file when it cannot be loaded or exports something else.
 */
export async function loadModuleScenarios(file: string, cwd: string): Promise<ScenarioConfig[]> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new RehearseError("invalid_scenario", `${file}: file not found`);
  let module: Record<string, unknown>;
  try {
    if (/\.m?ts$/.test(path)) {
      module = await importTypeScript(path);
    } else {
      module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    }
  } catch (error) {
    throw new RehearseError("invalid_scenario", `${file}: could not load the file: ${errorMessage(error)}`, { cause: error });
  }
  module = esModuleExports(module);
  const [exportName, value] =
    module.default !== undefined ? ["default export", module.default] : ["export `scenarios`", module.scenarios];
  const got = exportProblem(value);
  if (got !== undefined) {
    throw new RehearseError(
      "invalid_scenario",
      `${file}: ${exportName} must be a scenario or an array of scenarios (got ${got})`,
    );
  }
  return Array.isArray(value) ? (value as ScenarioConfig[]) : [value as ScenarioConfig];
}

/**
 * The ES exports of a loaded module. A `.ts` file in a package without
 * `"type": "module"` is compiled to CommonJS, and arrives with its exports
 * (marked `__esModule`) under `default`.
 */
function esModuleExports(module: Record<string, unknown>): Record<string, unknown> {
  const inner = module.default;
  const compiled = typeof inner === "object" && inner !== null && (inner as { __esModule?: unknown }).__esModule === true;
  return compiled ? (inner as Record<string, unknown>) : module;
}

/** What is wrong with a file's export, or undefined when it is one scenario or a non-empty array of them. */
function exportProblem(value: unknown): string | undefined {
  if (value === undefined) return "nothing: the file has neither a default export nor a `scenarios` export";
  if (!Array.isArray(value)) return scenarioProblem(value);
  if (value.length === 0) return "an empty array";
  for (const [index, item] of value.entries()) {
    const problem = scenarioProblem(item);
    if (problem !== undefined) return `an array whose item ${index} is ${problem}`;
  }
  return undefined;
}

/** Why `value` is not a scenario (a minimal shape check; the engine validates the rest), or undefined. */
function scenarioProblem(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value !== "object" || Array.isArray(value)) {
    return Array.isArray(value) ? "an array" : `a ${typeof value}`;
  }
  const record = value as Record<string, unknown>;
  const missing = [
    typeof record.name === "string" ? undefined : "a string `name`",
    typeof record.description === "string" ? undefined : "a string `description`",
    Array.isArray(record.agents) ? undefined : "an `agents` array",
  ].filter((item) => item !== undefined);
  if (missing.length === 0) return undefined;
  const keys = Object.keys(record).slice(0, 6).join(", ") || "none";
  return `an object without ${missing.join(", ")} (keys: ${keys})`;
}
