/**
 * The scenario-file functions as exported from `rehearse`. They load the
 * file modules (and with them `yaml` and `zod`) on first use, so importing
 * the package root stays light; that is why each returns a promise.
 */
import type { ScenarioConfig } from "../domain/scenario.js";
import type { Graph } from "../graphs/define-graph.js";
import type { CompileScenarioOptions } from "./compile-scenario.js";
import type { LoadGraphFileOptions } from "./graph-file.js";
import type { LoadedScenario, LoadScenarioFilesOptions } from "./load-scenario-files.js";
import type { ReadScenarioDocumentOptions, ScenarioDocument } from "./read-document.js";

/**
 * Reads, validates and compiles scenario files (YAML, or `.json` parsed
 * strictly). Every file is validated before any module is imported; if any
 * file is invalid, one `ScenarioFileErrors` lists every problem as
 * `file:line:column: field: problem` and nothing is returned.
 *
 * @example
 * const scenarios = await loadScenarioFiles(["scenarios/refund.yaml"]);
 * await runMany(scenarios.map((loaded) => loaded.config));
 */
export async function loadScenarioFiles(paths: readonly string[], options?: LoadScenarioFilesOptions): Promise<LoadedScenario[]> {
  return (await import("./load-scenario-files.js")).loadScenarioFiles(paths, options);
}

/**
 * Compiles one parsed document (from `readScenarioDocument`) into a scenario.
 *
 * @example
 * const config = await compileScenarioDocument(await readScenarioDocument(text, "refund.yaml"), "refund.yaml");
 */
export async function compileScenarioDocument(
  document: ScenarioDocument,
  file: string,
  options?: CompileScenarioOptions,
): Promise<ScenarioConfig> {
  return (await import("./compile-scenario.js")).compileScenarioDocument(document, file, options);
}

/**
 * Parses a scenario file's text (YAML, or strict JSON for `.json`), rejecting
 * empty, binary, oversized, tab-indented, duplicate-key, alias-bomb and
 * multi-document files with `file:line:column` errors.
 *
 * @example
 * const document = await readScenarioDocument(await readFile("refund.yaml", "utf8"), "refund.yaml");
 */
export async function readScenarioDocument(
  text: string,
  file: string,
  options?: ReadScenarioDocumentOptions,
): Promise<ScenarioDocument> {
  return (await import("./read-document.js")).readScenarioDocument(text, file, options);
}

/**
 * The JSON Schema of scenario files, generated from the same zod schemas
 * that validate them (for editors: `# yaml-language-server: $schema=…`).
 *
 * @example
 * await writeFile("rehearse.schema.json", JSON.stringify(await scenarioFileJsonSchema(), null, 2));
 */
export async function scenarioFileJsonSchema(): Promise<Record<string, unknown>> {
  return (await import("./json-schema.js")).scenarioFileJsonSchema();
}

/**
 * Loads a graph file (`*.graph.yaml`): a checked `Graph` for `graphAgent`.
 * Every problem is `file:line:column: field: problem`, and nothing is returned
 * unless there are none (see `graph-file-schema.ts` for the format).
 *
 * @example
 * const support = await loadGraphFile("graphs/support.graph.yaml");
 */
export async function loadGraphFile(path: string, options?: LoadGraphFileOptions): Promise<Graph> {
  return (await import("./graph-file.js")).loadGraphFile(path, options);
}

/** The JSON Schema of graph files, for editors. */
export async function graphFileJsonSchema(): Promise<Record<string, unknown>> {
  return (await import("./graph-file-schema.js")).graphFileJsonSchema();
}
