/**
 * `@rehearse/core/platform`: what the Rehearse server and its workers need
 * from the library beyond the root entry: loading the files of a pushed suite
 * (scenario files and modules exporting scenarios) and the scenario id a run
 * of a scenario reports. Not needed by tests; the root entry stays light.
 */

export { type JudgeTranscriptOptions, judgeTranscript, type TranscriptJudgment } from "./agents/judge/judge-transcript.js";
export { judgeVersion } from "./agents/judge/judge-version.js";
export { type DeliveryReport, HttpReporter, type HttpReporterOptions } from "./delivery/http-reporter.js";
export { createUuidV7 } from "./delivery/uuid-v7.js";
export type { Reporter } from "./domain/event.js";
export type {
  GraphNodeVerdict,
  GraphOutline,
  GraphOutlineEdge,
  GraphOutlineNode,
  GraphRunChaos,
  GraphRunView,
  GraphRunVisit,
} from "./domain/graph-outline.js";
export type { ScenarioResult } from "./domain/result.js";
export type { AgentCallInterceptor, ScenarioConfig } from "./domain/scenario.js";
export { ATTEMPT_SEQ_SPAN } from "./events/ingest-limits.js";
export { diffGraphRuns, type GraphRunDiff, type HopChange } from "./graphs/graph-diff.js";
export { graphRunsFromEvents, recordOfView, type StoredGraphEvent } from "./graphs/graph-run-view.js";
export { createProviderHealth, type ProviderHealth } from "./models/provider-health.js";
export { createMemoryRateLimitStore, type RateLimitStore, type RateLimitWindow } from "./models/rate-limit-store.js";
export { createModelRegistry, type ModelRegistry } from "./models/registry.js";
export { cassetteFileName } from "./runner/cassette-file.js";
export { createRehearse, type Rehearse } from "./runner/rehearse.js";
export { scenarioSlug } from "./runner/scenario-slug.js";
export { graphFileJsonSchema } from "./scenario-file/graph-file-schema.js";
export { type CheckedGraphText, checkGraphText } from "./scenario-file/graph-text.js";
export {
  type FileScenario,
  loadScenarioSources,
  scenarioFilePattern,
} from "./scenario-file/load-scenario-sources.js";
