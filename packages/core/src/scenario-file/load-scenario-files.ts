import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { InjectionTemplate } from "../domain/declarative.js";
import { errorMessage } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { type PreparedScenario, prepareScenario } from "./compile-scenario.js";
import { createModuleResolver, type ModuleResolver } from "./module-reference.js";
import { readScenarioDocument, type ScenarioDocument } from "./read-document.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";
import { errorAt } from "./validate-with-schema.js";

/** Options of {@link loadScenarioFiles}. */
export interface LoadScenarioFilesOptions {
  /** Directory relative paths are resolved against; default `process.cwd()`. */
  cwd?: string;
  /** Injection templates usable in every file (a file's own `injection_templates` win on a name clash). */
  templates?: readonly InjectionTemplate[];
  /** Largest accepted file in bytes; default 1 MiB. */
  maxBytes?: number;
  /** How module references load; default {@link createModuleResolver} (one import per module for the whole set). */
  modules?: ModuleResolver;
  /** Where `api_key_env` is looked up; default `process.env`. */
  environment?: Readonly<Record<string, string | undefined>>;
}

/** One compiled scenario file. */
export interface LoadedScenario {
  /** The path as given. */
  file: string;
  config: ScenarioConfig;
}

/**
 * Loads a set of scenario files all-or-nothing. Phase 1 reads and validates
 * every file and collects every problem (syntax, schema, templates, missing
 * module files, ids used twice); only when all pass does phase 2 import the
 * referenced modules and check their exports. Any problem throws one
 * `ScenarioFileErrors` listing them all, so nothing runs until the whole set
 * is valid. Module paths are relative to the scenario file.
 *
 * @example
 * const scenarios = await loadScenarioFiles(["scenarios/refund.yaml", "scenarios/outage.json"]);
 * for (const { config } of scenarios) await run(config);
 */
export async function loadScenarioFiles(
  paths: readonly string[],
  options: LoadScenarioFilesOptions = {},
): Promise<LoadedScenario[]> {
  const cwd = options.cwd ?? process.cwd();
  const modules = options.modules ?? createModuleResolver();
  const documents = await Promise.all(paths.map((file) => readDocument(file, cwd, options.maxBytes)));
  const errors: ScenarioFileError[] = [];
  const prepared: PreparedScenario[] = [];
  const firstFileOfId = new Map<string, string>();
  for (const [index, file] of paths.entries()) {
    const document = documents[index] as ScenarioDocument | ScenarioFileError;
    if (document instanceof ScenarioFileError) {
      errors.push(document);
      continue;
    }
    const result = prepareScenario(document, file, { ...options, cwd, modules });
    errors.push(...result.errors);
    if (!result.scenario) continue;
    const other = firstFileOfId.get(result.scenario.id);
    if (other !== undefined) {
      const key = hasKey(document.value, "id") ? "id" : "name";
      errors.push(errorAt(file, document.locate, [key], `scenario id "${result.scenario.id}" is also used by ${other}`));
    } else firstFileOfId.set(result.scenario.id, file);
    prepared.push(result.scenario);
  }
  if (errors.length > 0) throw new ScenarioFileErrors(errors);

  const loaded: LoadedScenario[] = [];
  // One at a time, in file order, so module side effects happen in a predictable order.
  for (const scenario of prepared) {
    const result = await scenario.finish(modules);
    errors.push(...result.errors);
    if (result.config) loaded.push({ file: scenario.file, config: result.config });
  }
  if (errors.length > 0) throw new ScenarioFileErrors(errors);
  return loaded;
}

async function readDocument(
  file: string,
  cwd: string,
  maxBytes: number | undefined,
): Promise<ScenarioDocument | ScenarioFileError> {
  let content: Uint8Array;
  try {
    content = await readFile(resolve(cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : errorMessage(error);
    return new ScenarioFileError(problem, { file, cause: error });
  }
  try {
    return readScenarioDocument(content, file, maxBytes === undefined ? {} : { maxBytes });
  } catch (error) {
    if (error instanceof ScenarioFileError) return error;
    throw error;
  }
}

function hasKey(value: unknown, key: string): boolean {
  return typeof value === "object" && value !== null && key in value;
}
