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

import {
  check,
  responseContains,
  responseMatches,
  responseNotContains,
  toolCalled,
  toolNotCalled,
} from "./agents/judge/checks.js";
import { deterministicJudge } from "./agents/judge/deterministic-judge.js";
import { AgentAdapter, JudgeAgentAdapter, UserSimulatorAgentAdapter } from "./domain/agent.js";
import { AgentRole, allAgentRoles } from "./domain/roles.js";
import { DEFAULT_MAX_TURNS, DEFAULT_VERBOSE } from "./domain/scenario.js";
import { ScenarioExecutionState } from "./engine/execution-state.js";
import { ScenarioExecution } from "./engine/scenario-execution.js";
import { defineConfig } from "./runner/config.js";
import { configure, run, runMany } from "./runner/default-context.js";
import { createRehearse } from "./runner/rehearse.js";
import { agent, fail, judge, message, proceed, succeed, user } from "./script/steps.js";

export {
  check,
  type ResponseScope,
  responseContains,
  responseMatches,
  responseNotContains,
  toolCalled,
  toolNotCalled,
} from "./agents/judge/checks.js";
export { type DeterministicJudgeOptions, deterministicJudge } from "./agents/judge/deterministic-judge.js";
export * from "./domain/agent.js";
export * from "./domain/criteria.js";
export * from "./domain/errors.js";
export * from "./domain/event.js";
export * from "./domain/messages.js";
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
export { configDefaults, defineConfig, environmentKeys, type RehearseConfig } from "./runner/config.js";
export { configure, run, runMany } from "./runner/default-context.js";
export { createConsoleLogger, type Logger, type LogLevel, logLevels } from "./runner/logger.js";
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
  check,
  toolCalled,
  toolNotCalled,
  responseContains,
  responseNotContains,
  responseMatches,
};

export default scenario;
