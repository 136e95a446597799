/**
 * Rehearse: test AI agents by simulation.
 *
 * The default export `scenario` carries the reference-compatible API
 * (`scenario.run`, `scenario.user`, …), so code written for
 * `@langwatch/scenario` works by changing the import. Named exports carry the
 * same plus Rehearse's additions.
 *
 * Importing this module loads neither `ai` nor `zod`.
 *
 * Over 400 lines on purpose: it is the package's whole public surface in one
 * place, imports and export lists with no logic, so what users can reach is
 * reviewed in one file.
 */

import { httpAgent } from "./agents/http/http-agent.js";
import { openAICompatibleAgent } from "./agents/http/openai-compatible-agent.js";
import {
  check,
  responseContains,
  responseMatches,
  responseNotContains,
  toolCalled,
  toolNotCalled,
} from "./agents/judge/checks.js";
import { deterministicJudge } from "./agents/judge/deterministic-judge.js";
import { JudgeAgent, judgeAgent } from "./agents/judge/judge-agent.js";
import { DEFAULT_TOKEN_THRESHOLD, estimateTokens } from "./agents/judge/transcript/estimate-tokens.js";
import { isRedTeamAgent, redTeamAgent, redTeamCrescendo, redTeamGoat } from "./agents/red-team/red-team-agent.js";
import { CrescendoStrategy } from "./agents/red-team/strategies/crescendo-strategy.js";
import { GoatStrategy } from "./agents/red-team/strategies/goat-strategy.js";
import { redTeamTap } from "./agents/red-team/tap/tap-attack.js";
import {
  Base64Technique,
  CharSplitTechnique,
  CodeBlockTechnique,
  DEFAULT_TECHNIQUES,
  LeetspeakTechnique,
  ROT13Technique,
} from "./agents/red-team/techniques/encodings.js";
import { DEFAULT_GOAT_TECHNIQUES } from "./agents/red-team/techniques/goat-catalogue.js";
import { UserSimulatorAgent } from "./agents/user-simulator/user-simulator-agent.js";
import { AgentAdapter, JudgeAgentAdapter, UserSimulatorAgentAdapter } from "./domain/agent.js";
import { AgentRole, allAgentRoles } from "./domain/roles.js";
import { DEFAULT_MAX_TURNS, DEFAULT_VERBOSE } from "./domain/scenario.js";
import { ScenarioExecutionState } from "./engine/execution-state.js";
import { ScenarioExecution } from "./engine/scenario-execution.js";
import { cache } from "./models/cache.js";
import { defineConfig } from "./runner/config.js";
import { configure, run, runMany } from "./runner/default-context.js";
import { recordable } from "./runner/recordable.js";
import { scenarioProjectConfigSchema } from "./runner/reference-config-schema.js";
import { createRehearse } from "./runner/rehearse.js";
import { loadScenarioFiles } from "./scenario-file/public-api.js";
import { agentAction, assertion, seedStep, systemEventStep, toolCall, userMessage, wait } from "./script/seed-steps.js";
import { fail, judge, message, proceed, succeed } from "./script/steps.js";
import { runBatch, runSuite } from "./suites/run-suite.js";
import {
  composableAgent,
  elevenLabsAgent,
  geminiLiveAgent,
  isRealtimeUserAgent,
  isVoiceUserSim,
  openAIRealtimeAgent,
  pipecatAgent,
  twilioAgent,
  userSimulatorAgent,
} from "./voice/voice-agents.js";
import {
  agent,
  audio,
  backgroundNoise,
  dtmf,
  interrupt,
  silence,
  sleep,
  user,
  voiceAgent,
  voiceProceed,
} from "./voice/voice-steps.js";

export { type A2AAgentOptions, a2aAgent } from "./agents/a2a/a2a-agent.js";
export { A2AAgentError } from "./agents/a2a/a2a-reply.js";
export { type HttpAgentOptions, type HttpSessionOptions, httpAgent } from "./agents/http/http-agent.js";
export { HttpAgentError } from "./agents/http/http-failure.js";
export { type OpenAICompatibleAgentOptions, openAICompatibleAgent } from "./agents/http/openai-compatible-agent.js";
export {
  check,
  type ResponseScope,
  responseContains,
  responseMatches,
  responseNotContains,
  toolCalled,
  toolNotCalled,
} from "./agents/judge/checks.js";
export { agentSpansOf, toJudgeSpan } from "./agents/judge/collected-spans.js";
export { criterionParamNames, criterionToParamName } from "./agents/judge/criterion-names.js";
export { type DeterministicJudgeOptions, deterministicJudge } from "./agents/judge/deterministic-judge.js";
export { JudgeAgent, type JudgeAgentConfig, judgeAgent } from "./agents/judge/judge-agent.js";
export type { FinishTestArgs } from "./agents/judge/judge-verdict.js";
export { type SpanCheckOptions, type SpanMatch, spanExists, spansInOrder } from "./agents/judge/span-checks.js";
export {
  expandTrace,
  grepTrace,
  JudgeSpanDigestFormatter,
  judgeSpanDigestFormatter,
  type TraceSpans,
} from "./agents/judge/trace-helpers.js";
export { DEFAULT_TOKEN_THRESHOLD, estimateTokens } from "./agents/judge/transcript/estimate-tokens.js";
export type { JudgeSpan } from "./agents/judge/transcript/spans.js";
export {
  AUDIO_CAPABLE_MODEL_SUBSTRINGS,
  audioParts,
  type JudgeAudio,
  modelTakesAudio,
  voiceTimelineText,
} from "./agents/judge/voice-input.js";
export { ModelAgent, type ModelAgentOptions, modelAgent } from "./agents/model/model-agent.js";
export type { DeclaredIn } from "./agents/model-for.js";
export {
  createReportBuilder,
  EARLY_EXIT_OBJECTIVE_PREFIX,
  RED_TEAM_REPORT_VERSION,
  type RedTeamReport,
  type RedTeamReportBuilder,
  type RedTeamReportTurn,
  type RedTeamTurnRecord,
} from "./agents/red-team/attack-report.js";
export type {
  AttackerOutput,
  AttackTechnique,
  BacktrackEntry,
  RedTeamStrategy,
  Refusal,
  SystemPromptParams,
  Technique,
} from "./agents/red-team/contracts.js";
export {
  type Detector,
  type DetectorContext,
  type DetectorFinding,
  responseMatchesDetector,
} from "./agents/red-team/detectors.js";
export { type AttackGrade, type AttackOutcome, type GradeAttackOptions, gradeAttack } from "./agents/red-team/grade-attack.js";
export type { AttackJudge } from "./agents/red-team/grade-attack-judge.js";
export { type GradeStepOptions, gradeStep } from "./agents/red-team/grade-step.js";
export type { MarathonScriptOptions } from "./agents/red-team/marathon-script.js";
export {
  DEFAULT_METAPROMPT_TEMPLATE,
  type MetapromptVariables,
  metapromptVariables,
  renderMetaprompt,
} from "./agents/red-team/metaprompt.js";
export {
  type CrescendoConfig,
  type GoatConfig,
  isRedTeamAgent,
  RedTeamAgent,
  type RedTeamAgentConfig,
  redTeamAgent,
  redTeamCrescendo,
  redTeamGoat,
} from "./agents/red-team/red-team-agent.js";
export { detectRefusal, HARD_REFUSAL_PATTERNS, SOFT_REFUSAL_PATTERNS } from "./agents/red-team/refusal.js";
// also brings the `red_team_report` entry of `DomainEventMap` into the package's types
export { RED_TEAM_EVENT_MAX_BYTES, redTeamReportEvent } from "./agents/red-team/report-event.js";
export { type CrescendoPhaseName, CrescendoStrategy } from "./agents/red-team/strategies/crescendo-strategy.js";
export { type GoatProgressBucket, GoatStrategy, JSON_OUTPUT_CONTRACT } from "./agents/red-team/strategies/goat-strategy.js";
export { type RedTeamTap, type RedTeamTapOptions, redTeamTap } from "./agents/red-team/tap/tap-attack.js";
export type { TapReport, TapTotals } from "./agents/red-team/tap/tap-report.js";
export type { TapStop } from "./agents/red-team/tap/tap-search.js";
export type { TapNode, TapPruning } from "./agents/red-team/tap/tap-tree.js";
export {
  Base64Technique,
  CharSplitTechnique,
  CodeBlockTechnique,
  DEFAULT_TECHNIQUES,
  LeetspeakTechnique,
  ROT13Technique,
} from "./agents/red-team/techniques/encodings.js";
export { DEFAULT_GOAT_TECHNIQUES, extractChosenIds, renderCatalogue } from "./agents/red-team/techniques/goat-catalogue.js";
export type { GoalStatus } from "./agents/user-simulator/goal-reply.js";
export type { RealismCheck, RealismGrade, RealismVerdict } from "./agents/user-simulator/realism-checks.js";
// also brings the `user_goal_status`, `user_realism_check` and `user_simulator_report` entries of `DomainEventMap` into the package's types
export type { RealismSummary, SimulatedTurn, UserSimulatorReport } from "./agents/user-simulator/simulation-record.js";
export type { ControlLevel, SimulatorControls } from "./agents/user-simulator/simulator-controls.js";
export {
  type InvokeLLMParams,
  type InvokeLLMResult,
  type RealismChecksOptions,
  type TestingAgentConfig,
  UserSimulatorAgent,
  type UserSimulatorAgentConfig,
} from "./agents/user-simulator/user-simulator-agent.js";
export * from "./detectors/index.js";
export * from "./domain/agent.js";
export * from "./domain/criteria.js";
export * from "./domain/declarative.js";
export * from "./domain/errors.js";
export * from "./domain/event.js";
export * from "./domain/expectation.js";
export * from "./domain/graph.js";
export * from "./domain/messages.js";
export * from "./domain/models.js";
export * from "./domain/outcome.js";
export * from "./domain/result.js";
export * from "./domain/roles.js";
export * from "./domain/scenario.js";
export { defaultTimeouts, type Timeouts, type Timer } from "./domain/timeouts.js";
export * from "./domain/tools.js";
export * from "./domain/voice-output.js";
export type { ExecutionSettings } from "./engine/execution-settings.js";
export { ScenarioExecutionState } from "./engine/execution-state.js";
export { createRandom, deriveSeed, type Random } from "./engine/random.js";
export type { ConclusionChange, RunHooks, RunHost } from "./engine/run-hooks.js";
export { type ExecutionOutcome, ScenarioExecution } from "./engine/scenario-execution.js";
export {
  type AssertionOperator,
  type AssertionOptions,
  type AssertionResult,
  type AssertionSources,
  type AssertionSpec,
  assertionOperators,
  assertionSources,
  type CheckedSpec,
  deepEqual,
  evaluateAssertion,
  validateAssertion,
} from "./environment/assertion.js";
export {
  formatPath,
  type ParsePathOptions,
  type PathLookup,
  type PathSegment,
  parsePath,
  readPath,
} from "./environment/dotted-path.js";
export { containsEicar, eicarTestString, findEicar } from "./environment/eicar.js";
export type { EnvironmentSession } from "./environment/environment-session.js";
export {
  buildFileUpload,
  describeUpload,
  type FileUpload,
  type FileUploadSpec,
  fileUploadMessagePart,
  maxUploadBytes,
  parseFileSize,
} from "./environment/file-upload.js";
export { realClock, type ScenarioClock, virtualClock } from "./environment/scenario-clock.js";
export { matchesSubset } from "./environment/subset-match.js";
export { ToolFault, type ToolFaultPayload } from "./environment/tool-fault.js";
export {
  type CreateTriggerOptions,
  createTrigger,
  type EventCountTriggerSpec,
  type RandomTriggerSpec,
  type TimestampTriggerSpec,
  type Trigger,
  type TriggerContext,
  type TriggerDecision,
  type TriggerSpec,
} from "./environment/triggers.js";
export {
  applyStepVariables,
  createVariables,
  type StepVariables,
  type Variables,
  type VariablesOptions,
} from "./environment/variables.js";
export { DEFAULT_DELIVERY_TIMEOUT_MS, EventBus, type EventBusOptions } from "./events/event-bus.js";
export { DEFAULT_MAX_HOPS, defineGraph, type Graph } from "./graphs/define-graph.js";
export {
  type FiredChaos,
  GraphAgent,
  type GraphAgentOptions,
  type GraphRunRecord,
  graphAgent,
} from "./graphs/graph-agent.js";
export { GRAPH_FAULTS, type GraphChaos, type GraphFault } from "./graphs/graph-chaos.js";
export { graphChecks } from "./graphs/graph-checks.js";
export { diffGraphRuns, type GraphRunDiff, type HopChange } from "./graphs/graph-diff.js";
export { GraphDefinitionError, type GraphProblem } from "./graphs/graph-error.js";
export { GraphLoopError, GraphNodeError } from "./graphs/graph-run-errors.js";
// production conversations as prefix-replay scenario files (docs/importing.md, decision 0045); parsers load on use
export {
  formatImportProblem,
  type ImportedConversation,
  type ImportedMessage,
  type ImportFormat,
  type ImportProblem,
  importFormats,
} from "./imports/conversation.js";
export {
  type ImportOptions,
  type ImportSource,
  type ImportSummary,
  importConversations,
} from "./imports/import-conversations.js";
export type { ImportAgent, PrefixReplayFile, ReplayTurn } from "./imports/prefix-replay.js";
export {
  type PrefixReplayReport,
  prefixReplayReport,
  withPrefixReplayReport,
} from "./imports/prefix-replay-report.js";
export { DEFAULT_HIGH_LATENCY_SECONDS, DEFAULT_TIMEOUT_SECONDS } from "./injections/fault-injections.js";
export { fromTemplate, injectionTemplate } from "./injections/templates.js";
export { type CacheOptions, cache } from "./models/cache.js";
export { CassetteMissError } from "./models/cassette-miss-error.js";
export type { CassetteMode } from "./models/cassette-recorder.js";
export type { CircuitBreakerSettings } from "./models/circuit-breaker.js";
export { ModelCallError } from "./models/model-call-error.js";
export { defaultPrices, type ModelPrice, type PriceTable, withPrices } from "./models/prices.js";
export type { RateLimitSettings } from "./models/rate-limit-bucket.js";
export { createMemoryRateLimitStore, type RateLimitStore, type RateLimitWindow } from "./models/rate-limit-store.js";
export {
  type AttackType,
  attackTypes,
  type NearDuplicate,
  nearDuplicates,
  type OwaspId,
  owaspCategories,
  type Payload,
  type PayloadFilter,
  payloadLibrary,
  payloadsFor,
  pickPayload,
  type Severity,
  severities,
  shingles,
  type Technique as PayloadTechnique,
  techniques as payloadTechniques,
} from "./payloads/index.js";
export * from "./redaction/index.js";
export { buildRunReport, type RunReportInput, type RunReportScenarioInput } from "./reporters/build-run-report.js";
export { failureDetails, summaryTable } from "./reporters/console-report.js";
export { htmlReport } from "./reporters/html-report.js";
export { jsonReport } from "./reporters/json-report.js";
export { junitReport } from "./reporters/junit-report.js";
export { redTeamHtmlReport } from "./reporters/red-team-html.js";
export { type ReportEntry, type ReportScenario, RUN_REPORT_VERSION, type RunReport } from "./reporters/run-report.js";
export { transcriptMessages } from "./reporters/transcript-text.js";
export {
  parseReporterSpec,
  type ReporterKind,
  type ReporterSpec,
  reporterKinds,
  writeReports,
} from "./reporters/write-reports.js";
export {
  type AzureProviderSettings,
  type BudgetConfig,
  type CassetteConfig,
  type ConfigureOptions,
  configDefaults,
  type DebugConfig,
  defineConfig,
  environmentKeys,
  type ProviderSettings,
  type ProvidersConfig,
  type RehearseConfig,
  type RetryConfig,
  type ScenarioProjectConfig,
} from "./runner/config.js";
export { configure, run, runMany } from "./runner/default-context.js";
export { createConsoleLogger, type Logger, type LogLevel, logLevels } from "./runner/logger.js";
export { recordable } from "./runner/recordable.js";
export { writeRedTeamReport } from "./runner/red-team-report-file.js";
export { scenarioProjectConfigSchema } from "./runner/reference-config-schema.js";
export {
  type BatchResult,
  createRehearse,
  type Rehearse,
  type RehearseOptions,
  type RunManyOptions,
  type RunOptions,
} from "./runner/rehearse.js";
export { observeRuns } from "./runner/run-observers.js";
export { createRandomIds, createSequentialIds, systemClock } from "./runner/system.js";
export type { CompileScenarioOptions } from "./scenario-file/compile-scenario.js";
export type { LoadGraphFileOptions } from "./scenario-file/graph-file.js";
export type { GraphFileData } from "./scenario-file/graph-file-schema.js";
export type { LoadedScenario, LoadScenarioFilesOptions } from "./scenario-file/load-scenario-files.js";
export type { ModuleReference, ModuleResolver } from "./scenario-file/module-reference.js";
export {
  compileScenarioDocument,
  graphFileJsonSchema,
  loadGraphFile,
  loadScenarioFiles,
  readScenarioDocument,
  scenarioFileJsonSchema,
} from "./scenario-file/public-api.js";
export { ScenarioFileError } from "./scenario-file/scenario-file-error.js";
export { ScenarioFileErrors } from "./scenario-file/scenario-file-errors.js";
export {
  agentAction,
  assertion,
  isSeedStep,
  orderByTimestamp,
  type SeedScriptStep,
  seedStep,
  systemEventStep,
  toolCall,
  userMessage,
  wait,
} from "./script/seed-steps.js";
export { fail, judge, message, proceed, succeed } from "./script/steps.js";
// also brings the `tool_simulated` entry of `DomainEventMap` into the package's types
export { toolSimulatedEvent } from "./simulated-tools/simulated-event.js";
export { simulatedTool } from "./simulated-tools/simulated-tool.js";
export type { SimulatedToolExample, SimulatedToolOptions } from "./simulated-tools/simulated-tool-options.js";
export {
  ADVERSARIAL_CRITERIA,
  type AdversarialScenarioOptions,
  adversarialCanary,
  BASIC_MESSAGE_INTERVAL,
  type BasicScenarioOptions,
  type BuilderBase,
  type CanaryEncoding,
  createAdversarialScenario,
  createBasicScenario,
  createStressScenario,
  DEFAULT_ADVERSARIAL_POLICY_PATTERNS,
  findCanary,
  plantCanaryInState,
  type StressScenarioOptions,
  withCanary,
} from "./suites/builders.js";
export { describeFilter, filterScenarios, type SuiteFilter } from "./suites/filter-scenarios.js";
export { passHatK, type TaskTrials } from "./suites/pass-hat-k.js";
export {
  type BatchOptions,
  runBatch,
  runSuite,
  type SuiteOptions,
  type SuiteResult,
  type SuiteRun,
  type SuiteScenarioStats,
} from "./suites/run-suite.js";
export { type SeedPlan, SUITE_BASE_SEED, type SuiteSeedOptions, suiteSeeds } from "./suites/suite-seeds.js";
export {
  type ScenarioStats,
  type SuiteRunResult,
  type SuiteRunStatus,
  type SuiteStats,
  type SuiteTotals,
  suiteStats,
} from "./suites/suite-stats.js";
export {
  ATTR_SCENARIO_SDK_NAME,
  ATTR_SCENARIO_SDK_VERSION,
  SCENARIO_SDK_NAME,
  SCENARIO_SDK_VERSION,
  scenarioSdkAttributes,
} from "./telemetry/attributes.js";
export { JudgeSpanCollector, judgeSpanCollector } from "./telemetry/judge-span-collector.js";
export type {
  FinishedSpan,
  HighResolutionTime,
  StartedSpan,
  TraceSpanExporter,
  TraceSpanProcessor,
} from "./telemetry/span-types.js";
export {
  FilteringSpanExporter,
  type SpanFilter,
  scenarioOnly,
  type TraceFilter,
  type TraceFilterCriteria,
  type TraceFilterMatch,
  withCustomScopes,
} from "./tracing/filters.js";
export { flushTracing, setupScenarioTracing, setupTracing } from "./tracing/setup-tracing.js";
export {
  startTraceReceiver,
  TRACE_RECEIVER_BODY_LIMIT,
  type TraceReceiver,
  type TraceReceiverOptions,
} from "./tracing/trace-receiver.js";
export type { TracingOptions } from "./tracing/tracing-options.js";
export {
  composableAgent,
  elevenLabsAgent,
  geminiLiveAgent,
  isRealtimeUserAgent,
  isVoiceUserSim,
  openAIRealtimeAgent,
  pipecatAgent,
  twilioAgent,
  userSimulatorAgent,
  type VoiceUserSimulatorAgentConfig,
} from "./voice/voice-agents.js";
export { loadVoice, type VoiceModule, voice } from "./voice/voice-module.js";
export { hasVoiceAgent } from "./voice/voice-run.js";
export {
  agent,
  audio,
  backgroundNoise,
  dtmf,
  type InterruptOptions,
  interrupt,
  silence,
  sleep,
  user,
  type VoiceAgentOptions,
  type VoiceProceedOptions,
  type VoiceUserOptions,
  voiceAgent,
  voiceProceed,
} from "./voice/voice-steps.js";

/** The reference-compatible namespace: `import scenario from "@rehearse/core"`. */
export const scenario = {
  run,
  runMany,
  configure,
  defineConfig,
  scenarioProjectConfigSchema,
  createRehearse,
  user,
  agent,
  judge,
  message,
  proceed,
  succeed,
  fail,
  AgentAdapter,
  UserSimulatorAgentAdapter,
  JudgeAgentAdapter,
  AgentRole,
  allAgentRoles,
  DEFAULT_MAX_TURNS,
  DEFAULT_VERBOSE,
  ScenarioExecution,
  ScenarioExecutionState,
  deterministicJudge,
  userSimulatorAgent,
  judgeAgent,
  UserSimulatorAgent,
  openAIRealtimeAgent,
  elevenLabsAgent,
  geminiLiveAgent,
  pipecatAgent,
  twilioAgent,
  composableAgent,
  isVoiceUserSim,
  isRealtimeUserAgent,
  audio,
  backgroundNoise,
  dtmf,
  interrupt,
  silence,
  sleep,
  voiceAgent,
  voiceProceed,
  JudgeAgent,
  estimateTokens,
  DEFAULT_TOKEN_THRESHOLD,
  openAICompatibleAgent,
  httpAgent,
  cache,
  recordable,
  redTeamAgent,
  redTeamCrescendo,
  redTeamGoat,
  redTeamTap,
  isRedTeamAgent,
  userMessage,
  agentAction,
  toolCall,
  systemEventStep,
  wait,
  assertion,
  seedStep,
  runSuite,
  runBatch,
  loadScenarioFiles,
  CrescendoStrategy,
  GoatStrategy,
  Base64Technique,
  ROT13Technique,
  LeetspeakTechnique,
  CharSplitTechnique,
  CodeBlockTechnique,
  DEFAULT_TECHNIQUES,
  DEFAULT_GOAT_TECHNIQUES,
  check,
  toolCalled,
  toolNotCalled,
  responseContains,
  responseNotContains,
  responseMatches,
};

export default scenario;
