/**
 * Proposing scenario files with a model (`rehearse generate`, decision 0049):
 * the generator, the readers of its inputs (a failed run's JSON report, tool
 * definitions), and the model registry that turns `--model` into a model.
 * Loaded by the command when it runs, never at CLI startup.
 */
export { failureFromReport } from "../generate/failure-from-report.js";
export type { FailedRun, GenerationRequest, ToolDescription } from "../generate/generation-prompt.js";
export { type Generation, generateScenarios, type Proposal, scenarioText } from "../generate/scenario-generator.js";
export { readToolDescriptions } from "../generate/tool-descriptions.js";
export { createModelRegistry } from "../models/registry.js";
