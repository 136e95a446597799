/**
 * Scenario files as front ends load them: YAML/JSON files all-or-nothing
 * (`loadScenarioFiles` loads its modules, and with them `yaml` and `zod`, on
 * the first call), TypeScript modules through tsx, and module references
 * such as `--agent ./agent.ts#bot`.
 */

export { scenarioSlug } from "../runner/scenario-slug.js";
export {
  type FileScenario,
  loadDeclarative,
  loadModuleScenarios,
  loadScenarioSources,
  scenarioFilePattern,
} from "../scenario-file/load-scenario-sources.js";
export {
  agentFromExport,
  createModuleResolver,
  loadExport,
  type ModuleReference,
} from "../scenario-file/module-reference.js";
export { loadScenarioFiles } from "../scenario-file/public-api.js";
export { importTypeScript } from "../scenario-file/typescript-import.js";
