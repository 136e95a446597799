import type { ScenarioResult } from "../domain/result.js";
import type { AgentCallInterceptor, Clock, ScenarioConfig } from "../domain/scenario.js";
import type { Timeouts } from "../domain/timeouts.js";
import type { ExecutionSettings } from "../engine/execution-settings.js";
import { createRandom, deriveSeed, normaliseSeed } from "../engine/random.js";
import type { ExecutionOutcome } from "../engine/scenario-execution.js";
import { EventBus, type EventListener } from "../events/event-bus.js";
import type { ProviderHealth } from "../models/provider-health.js";
import type { RateLimitStore } from "../models/rate-limit-store.js";
import { withRunContext } from "../models/run-context.js";
import { hasVoiceAgent, runWithVoice } from "../voice/voice-run.js";
import { defaultBatchRunId } from "./batch-run-id.js";
import type { ConfigureOptions, RehearseConfig } from "./config.js";
import { createContextConfig, type ResolvedConfig } from "./context-config.js";
import { type DeclarativeRun, isDeclarative, prepareDeclarative } from "./declarative-run.js";
import { joined } from "./joined.js";
import { createConsoleLogger, type Logger } from "./logger.js";
import type { ModelServices, RunModelsHandle } from "./model-services.js";
import { checkRehearseOptions } from "./rehearse-options.js";
import { type CloseResult, createReportingSlot } from "./reporting.js";
import type { BatchContext } from "./run-many.js";
import { runObservers } from "./run-observers.js";
import type { BatchResult, RunManyOptions, RunOptions } from "./run-options.js";
import {
  type DebugSession,
  debugSession,
  endRun,
  type Launched,
  noDebug,
  noRunOptions,
  recorded,
  settleRun,
} from "./run-steps.js";
import { loadRuntime, type Runtime } from "./runtime.js";
import { scenarioSlug } from "./scenario-slug.js";
import { createRandomIds, createSeedSource, monotonicNow, systemClock, systemTimer } from "./system.js";
import { timeoutsFor } from "./timeouts.js";
import { StalledRuns, type UnboundedRun } from "./timeouts-stalls.js";
import { createTracingSlot } from "./tracing-slot.js";

export type { BatchResult, RunManyOptions, RunOptions };

/** Options of an isolated context. */
export interface RehearseOptions {
  /** Where to look for `rehearse.config.*` and `scenario.config.*` (default `process.cwd()`). */
  cwd?: string;
  /** Environment to read `REHEARSE_*` from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** A config file to load, or `false` for none (default: discovered from `cwd`). */
  configFile?: string | false;
  /** Config applied like `configure()`. */
  config?: RehearseConfig;
  logger?: Logger;
  /**
   * How this context's front end sets the default model, named when a
   * simulator, judge or attacker has none (the CLI: `add --model …`).
   * Default: `defaultModel` through `configure()`, the config file or `REHEARSE_DEFAULT_MODEL`.
   */
  defaultModelHint?: string;
  /**
   * Where `rateLimits` keep their windows (default: a memory store per
   * context). Give several contexts, or every worker process, one store (the
   * same `createMemoryRateLimitStore()`, or a Redis/PostgreSQL one from
   * `@rehearse/server`) and they share each provider's limits.
   */
  rateLimitStore?: RateLimitStore;
  /**
   * The providers' circuits and adaptive concurrency (`createProviderHealth()`
   * from `@rehearse/core/platform`; default: this context's own). A worker
   * making a context per job passes one to all of them, so what one job
   * learnt (a provider down, a limit halved) holds for the next.
   */
  providerHealth?: ProviderHealth;
}

/** A Rehearse context: its own config, batch id and logger; no shared state. */
export interface Rehearse {
  run(scenario: ScenarioConfig, options?: RunOptions): Promise<ScenarioResult>;
  runMany(scenarios: Iterable<ScenarioConfig> | AsyncIterable<ScenarioConfig>, options?: RunManyOptions): Promise<BatchResult>;
  /** Sets project-wide defaults; validated at once (throws `ConfigError`). Later calls merge. */
  configure(config: ConfigureOptions): void;
  /** The merged config (file, env, configure()) with defaults filled in. */
  resolveConfig(): Promise<ResolvedConfig>;
  /** The batch id this context gives runs without one. */
  readonly batchRunId: string;
  /**
   * Ends this context's reporting to a Rehearse server (`report.endpoint`):
   * stops taking events, sends what it can within `timeoutMs` (default
   * 5 000) and resolves to what was left in the outbox for the next process
   * or `rehearse outbox flush`. Resolves to `undefined` when the context does
   * not report. A later run starts reporting again.
   */
  close(options?: { timeoutMs?: number }): Promise<CloseResult>;
}

/**
 * Makes an isolated context, for users who want no process-wide state.
 * Throws a `ConfigError` for an unknown option: config settings go under
 * `config` (`createRehearse({ timeouts })` says `did you mean config.timeouts?`).
 *
 * @example
 * ```ts
 * const rehearse = createRehearse({ configFile: false, config: { maxTurns: 4 } });
 * const result = await rehearse.run({ name: "greets", description: "…", agents: [myAgent], script: [user("hi"), agent(), succeed()] });
 * ```
 */
export function createRehearse(options: RehearseOptions = {}): Rehearse {
  // an unknown option (`createRehearse({ timeouts })`) is an error, not silently ignored
  checkRehearseOptions(options);
  const environment = options.env ?? process.env;
  const contextIds = createRandomIds();
  const randomSeed = createSeedSource();
  const batchRunId = defaultBatchRunId(environment, contextIds, process.ppid, new Date());
  const contextConfig = createContextConfig({
    ...(options.config ? { initial: options.config } : {}),
    // the files and the environment are read on first use: the reader loads then, not with the package
    load: async () => {
      const { loadConfigSources } = await import("./config-sources.js");
      return loadConfigSources({ cwd: options.cwd ?? process.cwd(), env: environment, configFile: options.configFile });
    },
    warn: (config, notice) => loggerFor(config).warn(notice),
  });
  const resolveConfig = contextConfig.resolve;

  let consoleLogger: { config: ResolvedConfig; logger: Logger } | undefined;
  const loggerFor = (config: ResolvedConfig): Logger => {
    if (options.logger) return options.logger;
    if (consoleLogger?.config !== config) consoleLogger = { config, logger: createConsoleLogger(config.logLevel) };
    return consoleLogger.logger;
  };

  // one reporter to a Rehearse server for all this context's runs, made with the first run that finds
  // `report.endpoint` set (its module loaded then)
  const reporting = createReportingSlot({
    cwd: options.cwd ?? process.cwd(),
    warn: (config, message) => loggerFor(config).warn(message),
    endpointOrigin: () => contextConfig.origins().report,
  });

  const tracingSlot = createTracingSlot({ environment, warn: (config, message) => loggerFor(config).warn(message) });

  // what runs need beyond this facade loads with the context's first run, not with the package
  let runtime: Runtime | undefined;
  const loaded = (): Runtime => {
    if (!runtime) throw new Error("createRehearse: the run machinery is used before run() loaded it");
    return runtime;
  };
  // one timer for the time limits of all this context's runs in flight (decision 0021)
  let deadlines: InstanceType<Runtime["DeadlineTicker"]> | undefined;
  const deadlineTicker = (): InstanceType<Runtime["DeadlineTicker"]> => {
    deadlines ??= new (loaded().DeadlineTicker)(systemTimer);
    return deadlines;
  };
  // runs with every time limit off end `run_stalled` when Node finds nothing left to wait for (decision 0021)
  const stalls = new StalledRuns(process);
  let services: { config: ResolvedConfig; services: ModelServices } | undefined;
  const modelServices = (config: ResolvedConfig): ModelServices => {
    if (services?.config !== config) {
      services = {
        config,
        services: loaded().createModelServices({
          config,
          env: environment,
          cwd: options.cwd ?? process.cwd(),
          logger: loggerFor(config),
          ...(options.defaultModelHint === undefined ? {} : { defaultModelHint: options.defaultModelHint }),
          ...(contextConfig.origins().defaultModel ? { defaultModelSource: contextConfig.origins().defaultModel } : {}),
          ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
          ...(options.providerHealth ? { providerHealth: options.providerHealth } : {}),
        }),
      };
    }
    return services.services;
  };

  const settingsFor = (
    config: ResolvedConfig,
    scenario: ScenarioConfig,
    runOptions: RunOptions,
    seed: number,
    debugInterceptor?: AgentCallInterceptor,
    declarative?: DeclarativeRun,
  ): { settings: ExecutionSettings; handle: RunModelsHandle } => {
    const session = declarative?.session;
    const sessionInterceptors = session?.interceptors();
    const ids = runOptions.ids ?? contextIds;
    const scenarioRunId = runOptions.runId ?? ids.next("scenariorun");
    const threadId = scenario?.threadId ?? ids.next("scenariothread");
    const setId = scenario?.setId ?? config.setId;
    const runBatchId = runOptions.batchRunId ?? batchRunId;
    const verbose = runOptions.verbose ?? scenario?.verbose ?? config.verbose;
    const listeners: EventListener[] = [];
    if (scenario?.onEvent) listeners.push(scenario.onEvent);
    if (runOptions.onEvent) listeners.push(runOptions.onEvent);
    if (session) listeners.unshift(session.observe);
    if (verbose)
      listeners.push(loaded().verbosePrinter(loggerFor(config), String(scenario?.name), verbose === true ? 1 : Number(verbose)));
    // the server reporter's work is synchronous (an append to memory): a listener, no promise per event
    const reporter = reporting.current();
    if (reporter) listeners.push(reporter.observe);
    const signal = runOptions.signal ?? scenario?.signal;
    const clock = session?.clock ?? runOptions.clock ?? systemClock;
    const scenarioId = scenario?.id ?? scenarioSlug(scenario?.name);
    const identity = { scenarioRunId, batchRunId: runBatchId, setId, scenarioId, threadId, name: String(scenario?.name) };
    const trace = tracingSlot.forRun(loaded().traceRun, identity);
    const timeouts = timeoutsFor(config.timeouts, runOptions.timeouts, scenario?.timeouts);
    const handle = modelServices(config).forRun({
      scenarioId,
      modelCallMs: timeouts.modelCallMs,
      // model retries wait in the caller's time even on a virtual scenario clock: a provider's rate limit is real
      clock: runOptions.clock ?? systemClock,
      seed,
      cacheKey: runOptions.cacheKey,
      faults: session?.modelFaults,
      tracing: trace?.models,
    });
    const settings: ExecutionSettings = {
      scenarioRunId,
      batchRunId: runBatchId,
      setId,
      scenarioId,
      threadId,
      maxTurns: scenario?.maxTurns ?? config.maxTurns,
      clock,
      ids,
      random: createRandom(seed),
      timer: systemTimer,
      deadlines: deadlineTicker(),
      timeouts,
      interceptors: {
        agent: joined(
          trace ? [trace.agent] : undefined,
          debugInterceptor ? [debugInterceptor] : undefined,
          scenario?.interceptors?.agent,
          runOptions.interceptors?.agent,
          sessionInterceptors?.agent,
        ),
        tool: joined(
          trace ? [trace.tool] : undefined,
          scenario?.interceptors?.tool,
          runOptions.interceptors?.tool,
          sessionInterceptors?.tool,
        ),
      },
      bus: EventBus.for({
        listeners,
        ...(trace ? { lightListeners: [trace.listener] } : {}),
        reporters: joined(config.reporters, scenario?.reporters, runOptions.reporters, runObservers()),
        deliveryTimeoutMs: runOptions.deliveryTimeoutMs ?? config.deliveryTimeoutMs,
      }),
      ...(signal ? { signal } : {}),
      models: handle.models,
      usage: handle,
      ...(session ? { hooks: session } : {}),
    };
    return { settings, handle };
  };

  /** How a run's load bursts are timed (a caller's clock when injected, else `performance.now`), bounded and told about. */
  const measuring = (config: ResolvedConfig, clock: Clock | undefined, timeouts: Required<Timeouts>) => ({
    monotonicNow: clock ? () => clock.now() : monotonicNow,
    notice: (message: string) => loggerFor(config).warn(message),
    ...(timeouts.agentCallMs > 0 ? { agentCallLimit: { milliseconds: timeouts.agentCallMs, timer: systemTimer } } : {}),
  });

  const seedFor = (config: ResolvedConfig, scenario: ScenarioConfig, explicit: number | undefined, label: string): number => {
    if (scenario?.seed !== undefined) return normaliseSeed(scenario.seed);
    if (explicit !== undefined) return normaliseSeed(explicit);
    if (config.seed !== undefined) return deriveSeed(config.seed, label);
    return randomSeed();
  };

  // A run is a promise chain, not an async function: while 1 000 runs wait, each holds no generator
  // and register file here for every young-generation GC to copy (decision 0022, "Concurrent runs").
  // Only a context's first run (config, runtime) and debug mode's session are awaited before it starts.
  const run: Rehearse["run"] = (scenario, runOptions = noRunOptions) =>
    // a voice agent's run goes through @rehearse/voice (loaded then), which runs the scenario with runText
    hasVoiceAgent(scenario) ? runWithVoice(scenario, runOptions, runText) : runText(scenario, runOptions);

  const runText: Rehearse["run"] = (scenario, runOptions = noRunOptions) => {
    const config = contextConfig.current();
    if (config && runtime && !config.debug && reporting.isReadyFor(config) && tracingSlot.isReadyFor(config))
      return startRun(config, runtime, scenario, runOptions, noDebug);
    return startAfterLoading(scenario, runOptions);
  };

  const startAfterLoading = async (scenario: ScenarioConfig, runOptions: RunOptions): Promise<ScenarioResult> => {
    const config = contextConfig.current() ?? (await resolveConfig());
    await reporting.prepare(config);
    await tracingSlot.prepare(config);
    runtime ??= await loadRuntime();
    const debug = config.debug ? await debugSession(config, environment) : noDebug;
    return startRun(config, runtime, scenario, runOptions, debug);
  };

  /**
   * Starts one run; never throws (a failure before the run starts rejects the promise). The steps
   * after the engine are anonymous arrows and module functions: a named closure made per run would
   * cost a `__name` call in the bundle (decision 0024), which gives the closure a property store.
   */
  const startRun = (
    config: ResolvedConfig,
    { runScenario }: Runtime,
    scenario: ScenarioConfig,
    runOptions: RunOptions,
    debug: DebugSession,
  ): Promise<ScenarioResult> => {
    let unbounded: UnboundedRun | undefined;
    try {
      const seed = seedFor(config, scenario, runOptions.seed, scenario?.id ?? scenario?.name ?? "");
      if (debug.notice) loggerFor(config).warn(debug.notice);
      const timeouts = timeoutsFor(config.timeouts, runOptions.timeouts, scenario?.timeouts);
      unbounded = stalls.watch(String(scenario?.name), timeouts, runOptions.signal ?? scenario?.signal);
      if (unbounded) runOptions = { ...runOptions, signal: unbounded.signal };
      const signal = runOptions.signal ?? scenario?.signal;
      let launched: Launched;
      let running: Promise<ExecutionOutcome>;
      if (isDeclarative(scenario)) {
        running = prepareDeclarative(scenario, {
          clock: runOptions.clock ?? systemClock,
          ...(signal ? { signal } : {}),
          ...measuring(config, runOptions.clock, timeouts),
        }).then((declarative) => {
          launched = launch(runScenario, config, declarative?.scenario ?? scenario, runOptions, seed, debug, declarative);
          return launched.running;
        });
      } else {
        launched = launch(runScenario, config, scenario, runOptions, seed, debug);
        running = launched.running;
      }
      const concluded = running.then((outcome) => {
        const writing = launched.handle.finish();
        if (!writing) return settleRun(outcome, scenario, runOptions, unbounded);
        return recorded(writing, outcome, launched.scenarioId, loggerFor(config)).then(() =>
          settleRun(outcome, scenario, runOptions, unbounded),
        );
      });
      // nothing to end on the hot path (no stall watch, no debug session): no `finally` step per run
      return unbounded || debug !== noDebug ? concluded.finally(() => endRun(unbounded, debug)) : concluded;
    } catch (error) {
      endRun(unbounded, debug);
      return Promise.reject(error);
    }
  };

  /** Starts the engine on a (prepared) scenario, inside its cassette context when it has one. */
  const launch = (
    runScenario: Runtime["runScenario"],
    config: ResolvedConfig,
    prepared: ScenarioConfig,
    runOptions: RunOptions,
    seed: number,
    debug: DebugSession,
    declarative?: DeclarativeRun,
  ): Launched => {
    const { settings, handle } = settingsFor(config, prepared, runOptions, seed, debug.interceptor, declarative);
    const context = handle.runContext(settings.scenarioId);
    const running = context ? withRunContext(context, () => runScenario(prepared, settings)) : runScenario(prepared, settings);
    return { running, handle, scenarioId: settings.scenarioId };
  };

  // a batch (its budget, limiter and loop) loads with the context's first runMany, not with the package
  const batchContext: BatchContext = {
    batchRunId,
    environment,
    stalls,
    resolveConfig: async () => {
      const config = await resolveConfig();
      await reporting.prepare(config);
      await tracingSlot.prepare(config);
      return config;
    },
    runtime: async () => {
      runtime ??= await loadRuntime();
      return runtime;
    },
    loggerFor,
    seedFor,
    settingsFor,
    measuring,
    recorded,
  };
  const runMany: Rehearse["runMany"] = async (scenarios, manyOptions) =>
    (await import("./run-many.js")).runBatch(batchContext, scenarios, manyOptions);

  return {
    run,
    runMany,
    resolveConfig,
    batchRunId,
    configure: contextConfig.configure,
    // spans still buffered by an exporter go out before the reporter's outbox is closed
    close: async (closeOptions) => {
      await tracingSlot.flush();
      return reporting.close(closeOptions);
    },
  };
}
