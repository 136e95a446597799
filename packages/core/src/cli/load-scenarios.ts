/** Loading the files a command was given: scenario files and modules exporting scenarios (scenario-file/load-scenario-sources.ts). */
export {
  type FileScenario,
  loadDeclarative,
  loadModuleScenarios,
  loadScenarioSources as loadScenarios,
} from "../api/scenario-files.js";
