import { errorMessage } from "../domain/errors.js";
import { expectationOf } from "../domain/expectation.js";
import type { ScenarioResult } from "../domain/result.js";
import type { AgentCallInterceptor, ScenarioConfig } from "../domain/scenario.js";
import { langwatchIgnored } from "../engine/result-of.js";
import type { ExecutionOutcome } from "../engine/scenario-execution.js";
import type { ResolvedConfig } from "./context-config.js";
import type { Logger } from "./logger.js";
import type { RunModelsHandle } from "./model-services.js";
import type { RunOptions } from "./run-options.js";
import { stalledResult, type UnboundedRun } from "./timeouts-stalls.js";

// The steps of one `run()` around the engine (runner/rehearse.ts): module functions, so that a run
// in flight holds no closure of its own for them (decision 0022, "Concurrent runs").

/** Debug mode's terminal session, loaded only when debug mode is on. */
export async function debugSession(config: ResolvedConfig, env: Readonly<Record<string, string | undefined>>) {
  const { createDebugSession } = await import("./debug-terminal.js");
  return createDebugSession(config, { env });
}

/** A run the engine has started. */
export interface Launched {
  running: Promise<ExecutionOutcome>;
  handle: RunModelsHandle;
  scenarioId: string;
}

/** `run()`'s result from the engine's outcome: the expectation, notices, a stall or the rejection. */
export function settleRun(
  outcome: ExecutionOutcome,
  scenario: ScenarioConfig,
  runOptions: RunOptions,
  unbounded: UnboundedRun | undefined,
): ScenarioResult {
  const expected = runOptions.expect ?? scenario?.expect;
  if (expected) outcome.result.expectation = expectationOf(expected, outcome.result.status);
  if (runOptions.langwatch && !scenario?.langwatch) outcome.result.diagnostics.push(langwatchIgnored());
  const stalled = unbounded && stalledResult(unbounded, outcome.result);
  if (stalled) throw stalled;
  if (outcome.rejection) throw outcome.rejection;
  return outcome.result;
}

/** What a run leaves to end however it ends: its stall watch and debug session. */
export function endRun(unbounded: UnboundedRun | undefined, debug: DebugSession): void {
  unbounded?.finish();
  debug.close();
}

/** What a run needs of debug mode's session. */
export interface DebugSession {
  interceptor?: AgentCallInterceptor;
  notice?: string;
  close(): void;
}

/** The debug session of a run without debug mode. */
export const noDebug: DebugSession = { close() {} };

/** The options of a `run()` called without any: one frozen object, not a new `{}` held by each run. */
export const noRunOptions: RunOptions = Object.freeze({});

/** Reports a failed cassette write on the result (the run itself is over and stays as it was). */
export async function recorded(
  writing: Promise<void>,
  outcome: ExecutionOutcome,
  scenarioId: string,
  logger: Logger,
): Promise<void> {
  try {
    await writing;
  } catch (error) {
    const message = `Recording the cassette of ${scenarioId} failed: ${errorMessage(error)}`;
    logger.error(message);
    outcome.result.diagnostics.push({ kind: "warning", message, source: "cassette" });
  }
}
