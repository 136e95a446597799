import { errorMessage, RehearseError } from "../domain/errors.js";
import { type Expectation, expectationOf } from "../domain/expectation.js";
import type { ScenarioStatus } from "../domain/outcome.js";
import type { ScenarioResult } from "../domain/result.js";
import type { AgentCallInterceptor, Clock, ScenarioConfig } from "../domain/scenario.js";
import type { Timeouts } from "../domain/timeouts.js";
import type { ExecutionSettings } from "../engine/execution-settings.js";
import { deriveSeed, normaliseSeed } from "../engine/random.js";
import { runLimited } from "../engine/run-limited.js";
import type { ExecutionOutcome } from "../engine/scenario-execution.js";
import { withRunContext } from "../models/run-context.js";
import { createBatchBudget } from "./batch-budget.js";
import type { ResolvedConfig } from "./context-config.js";
import { type DeclarativeRun, isDeclarative, prepareDeclarative } from "./declarative-run.js";
import type { Logger } from "./logger.js";
import type { RunModelsHandle } from "./model-services.js";
import type { BatchResult, RunManyOptions, RunOptions } from "./run-options.js";
import { debugSession, noDebug } from "./run-steps.js";
import type { Runtime } from "./runtime.js";
import { systemClock } from "./system.js";
import { timeoutsFor } from "./timeouts.js";
import { type StalledRuns, stalledResult } from "./timeouts-stalls.js";

/**
 * What `runMany` uses of its context (runner/rehearse.ts): the context's
 * config, runtime, logger, the settings of one run, and the stall watch.
 */
export interface BatchContext {
  readonly batchRunId: string;
  readonly environment: Readonly<Record<string, string | undefined>>;
  readonly stalls: StalledRuns;
  resolveConfig(): Promise<ResolvedConfig>;
  runtime(): Promise<Runtime>;
  loggerFor(config: ResolvedConfig): Logger;
  seedFor(config: ResolvedConfig, scenario: ScenarioConfig, explicit: number | undefined, label: string): number;
  settingsFor(
    config: ResolvedConfig,
    scenario: ScenarioConfig,
    runOptions: RunOptions,
    seed: number,
    debugInterceptor?: AgentCallInterceptor,
    declarative?: DeclarativeRun,
  ): { settings: ExecutionSettings; handle: RunModelsHandle };
  measuring(
    config: ResolvedConfig,
    clock: Clock | undefined,
    timeouts: Required<Timeouts>,
  ): Omit<Parameters<typeof prepareDeclarative>[1], "clock" | "signal">;
  recorded(writing: Promise<void>, outcome: ExecutionOutcome, scenarioId: string, logger: Logger): Promise<void>;
}

/**
 * Runs `scenarios` with at most `concurrency` in flight (loaded with a
 * context's first `runMany`, with its budget and limiter): every scenario
 * gets a result in order, a scenario that cannot start is its own `error`,
 * and a batch budget stops the runs in flight and records the rest as not run.
 */
export async function runBatch(
  context: BatchContext,
  scenarios: Iterable<ScenarioConfig> | AsyncIterable<ScenarioConfig>,
  manyOptions: RunManyOptions = {},
): Promise<BatchResult> {
  const { settingsFor, seedFor, measuring, recorded, stalls } = context;
  const config = await context.resolveConfig();
  const { runScenario, errorResult } = await context.runtime();
  const logger = context.loggerFor(config);
  const clock = manyOptions.clock ?? systemClock;
  const started = clock.now();
  const {
    concurrency = config.concurrency,
    collect = true,
    onResult,
    seed: baseSeed,
    budget: limits = config.budget,
    ...runOptions
  } = manyOptions;
  const batch = runOptions.batchRunId ?? context.batchRunId;
  const counts: Record<ScenarioStatus, number> = { pass: 0, fail: 0, error: 0, skipped: 0 };
  const expectations: Record<Expectation["outcome"], number> = { as_expected: 0, unexpected: 0, undecided: 0 };
  const results: ScenarioResult[] = [];
  const budget = createBatchBudget(limits);
  // the budget stops in-flight runs through their signal; scenarios not yet started are recorded, not run
  const stop = limits ? new AbortController() : undefined;
  const signal = stop ? (runOptions.signal ? AbortSignal.any([runOptions.signal, stop.signal]) : stop.signal) : runOptions.signal;
  let stopped: { reason: string; code: "budget_exceeded" } | undefined;
  let total = 0;
  const debug = config.debug ? await debugSession(config, context.environment) : noDebug;
  if (debug.notice) logger.warn(debug.notice);
  try {
    await runLimited(
      scenarios,
      debug.interceptor ? 1 : concurrency,
      async (scenario, index) => {
        const label = `${scenario?.id ?? scenario?.name ?? ""}#${index}`;
        const seed =
          baseSeed !== undefined && scenario?.seed === undefined
            ? deriveSeed(normaliseSeed(baseSeed), label)
            : seedFor(config, scenario, undefined, label);
        const timeouts = timeoutsFor(config.timeouts, runOptions.timeouts, scenario?.timeouts);
        const unbounded = stalls.watch(String(scenario?.name), timeouts, signal);
        const runSignal = unbounded?.signal ?? signal;
        const options: RunOptions = { ...runOptions, batchRunId: batch, ...(runSignal ? { signal: runSignal } : {}) };
        let declarative: DeclarativeRun | undefined;
        let unprepared: unknown;
        try {
          if (isDeclarative(scenario))
            declarative = await prepareDeclarative(scenario, {
              clock,
              ...(runSignal ? { signal: runSignal } : {}),
              ...measuring(config, manyOptions.clock, timeouts),
            });
        } catch (error) {
          unprepared = error;
        }
        const prepared = declarative?.scenario ?? scenario;
        const { settings, handle } = settingsFor(config, prepared, options, seed, debug.interceptor, declarative);
        // a scenario that cannot start (invalid, or its declarative parts rejected) is this run's error, not the batch's
        const failed = (error: unknown) =>
          errorResult(
            scenario,
            settings,
            seed,
            errorMessage(error),
            RehearseError.isInstance(error) ? error.code : "invalid_scenario",
          );
        let result: ScenarioResult;
        if (unprepared !== undefined) {
          result = failed(unprepared);
        } else if (stopped) {
          result = errorResult(scenario, settings, seed, `Not run: ${stopped.reason}`, stopped.code);
        } else {
          try {
            const context = handle.runContext(settings.scenarioId);
            const outcome = context
              ? await withRunContext(context, () => runScenario(prepared, settings))
              : await runScenario(prepared, settings);
            const writing = handle.finish();
            if (writing) await recorded(writing, outcome, settings.scenarioId, logger);
            result = outcome.result;
          } catch (error) {
            result = failed(error);
          }
          if (unbounded) stalledResult(unbounded, result);
          if (result.usage) budget.add(result.usage);
          const exceeded = stopped ? undefined : budget.exceeded();
          if (exceeded) {
            stopped = { reason: exceeded.reason, code: "budget_exceeded" };
            logger.warn(`Batch stopped: ${exceeded.reason}`);
            stop?.abort(new RehearseError("budget_exceeded", exceeded.reason));
          }
          if (stopped && result.errorCode === "aborted" && !runOptions.signal?.aborted) result.errorCode = "budget_exceeded";
        }
        unbounded?.finish();
        counts[result.status]++;
        const expectation = expectationOf(runOptions.expect ?? scenario?.expect ?? "pass", result.status);
        if (runOptions.expect ?? scenario?.expect) result.expectation = expectation;
        expectations[expectation.outcome]++;
        total++;
        if (collect) results[index] = result;
        await onResult?.(result, index);
      },
      runOptions.signal,
    );
  } finally {
    debug.close();
  }
  for (const warning of budget.warnings()) logger.warn(warning);
  return {
    batchRunId: batch,
    results,
    counts,
    total,
    totalTime: (clock.now() - started) / 1000,
    usage: budget.total(),
    ...(stopped ? { stopped } : {}),
    expectations,
  };
}
