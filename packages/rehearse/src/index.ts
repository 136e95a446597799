/**
 * Rehearse: test AI agents by simulation.
 *
 * The default export `scenario` carries the reference-compatible API
 * (`scenario.run`, `scenario.user`, …), so code written for
 * `@langwatch/scenario` works by changing the import. Named exports carry the
 * same plus Rehearse's additions.
 *
 * Importing this module loads neither `ai` nor `zod`.
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
import { UserSimulatorAgent, userSimulatorAgent } from "./agents/user-simulator/user-simulator-agent.js";
import { AgentAdapter, JudgeAgentAdapter, UserSimulatorAgentAdapter } from "./domain/agent.js";
import { AgentRole, allAgentRoles } from "./domain/roles.js";
import { DEFAULT_MAX_TURNS, DEFAULT_VERBOSE } from "./domain/scenario.js";
import { ScenarioExecutionState } from "./engine/execution-state.js";
import { ScenarioExecution } from "./engine/scenario-execution.js";
import { cache } from "./runner/cache.js";
import { defineConfig } from "./runner/config.js";
import { configure, run, runMany } from "./runner/default-context.js";
import { recordable } from "./runner/recordable.js";
import { createRehearse } from "./runner/rehearse.js";
import { agent, fail, judge, message, proceed, succeed, user } from "./script/steps.js";

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
export { criterionParamNames, criterionToParamName } from "./agents/judge/criterion-names.js";
export { type DeterministicJudgeOptions, deterministicJudge } from "./agents/judge/deterministic-judge.js";
export { JudgeAgent, type JudgeAgentConfig, judgeAgent } from "./agents/judge/judge-agent.js";
export type { FinishTestArgs } from "./agents/judge/judge-verdict.js";
export { DEFAULT_TOKEN_THRESHOLD, estimateTokens } from "./agents/judge/transcript/estimate-tokens.js";
export type { JudgeSpan } from "./agents/judge/transcript/spans.js";
export {
  type InvokeLLMParams,
  type InvokeLLMResult,
  type TestingAgentConfig,
  UserSimulatorAgent,
  type UserSimulatorAgentConfig,
  userSimulatorAgent,
} from "./agents/user-simulator/user-simulator-agent.js";
export * from "./domain/agent.js";
export * from "./domain/criteria.js";
export * from "./domain/errors.js";
export * from "./domain/event.js";
export * from "./domain/messages.js";
export * from "./domain/models.js";
export * from "./domain/outcome.js";
export * from "./domain/result.js";
export * from "./domain/roles.js";
export * from "./domain/scenario.js";
export * from "./domain/tools.js";
export type { ExecutionSettings } from "./engine/execution-settings.js";
export { ScenarioExecutionState } from "./engine/execution-state.js";
export { createRandom, deriveSeed, type Random } from "./engine/random.js";
export { type ExecutionOutcome, ScenarioExecution } from "./engine/scenario-execution.js";
export { DEFAULT_DELIVERY_TIMEOUT_MS, EventBus, type EventBusOptions } from "./events/event-bus.js";
export { CassetteMissError, type CassetteMode } from "./models/cassette.js";
export { ModelCallError } from "./models/model-call-error.js";
export { defaultPrices, type ModelPrice, type PriceTable, withPrices } from "./models/prices.js";
export { type CacheOptions, cache } from "./runner/cache.js";
export {
  type BudgetConfig,
  type CassetteConfig,
  configDefaults,
  type DebugConfig,
  defineConfig,
  environmentKeys,
  type ProviderSettings,
  type ProvidersConfig,
  type RehearseConfig,
  type RetryConfig,
} from "./runner/config.js";
export { configure, run, runMany } from "./runner/default-context.js";
export { createConsoleLogger, type Logger, type LogLevel, logLevels } from "./runner/logger.js";
export { recordable } from "./runner/recordable.js";
export {
  type BatchResult,
  createRehearse,
  type Rehearse,
  type RehearseOptions,
  type RunManyOptions,
  type RunOptions,
} from "./runner/rehearse.js";
export { createRandomIds, createSequentialIds, systemClock } from "./runner/system.js";
export { agent, fail, judge, message, proceed, succeed, user } from "./script/steps.js";

/** The reference-compatible namespace: `import scenario from "rehearse"`. */
export const scenario = {
  run,
  runMany,
  configure,
  defineConfig,
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
  JudgeAgent,
  openAICompatibleAgent,
  httpAgent,
  cache,
  recordable,
  check,
  toolCalled,
  toolNotCalled,
  responseContains,
  responseNotContains,
  responseMatches,
};

export default scenario;
