import { relative, resolve as resolvePath } from "node:path";
import type { LanguageModelV3, LanguageModelV3Middleware } from "@ai-sdk/provider";
import { ConfigError } from "../domain/errors.js";
import type { ModelReference, ModelSettings, ModelUse, ResolvedModel, RunModels, UsageSummary } from "../domain/models.js";
import { AgentRole } from "../domain/roles.js";
import type { Clock } from "../domain/scenario.js";
import { createRandom, deriveSeed, type Random } from "../engine/random.js";
import { type CassetteMode, type CassetteSession, createCassetteSession } from "../models/cassette.js";
import { languageModelProblem } from "../models/language-model-check.js";
import { type ConcurrencyLimiter, createConcurrencyLimiter } from "../models/middleware/concurrency-limit.js";
import { faultsMiddleware, type ModelFaultSource } from "../models/middleware/faults.js";
import { defaultRetryPolicy, type RetryDependencies, type RetryInfo, type RetryPolicy } from "../models/middleware/retry.js";
import { timeoutMiddleware } from "../models/middleware/timeout.js";
import { type ModelIdOrigin, modelKeyOf, originPrefix, parseModelId } from "../models/model-id.js";
import { defaultPrices, type PriceTable, withPrices } from "../models/prices.js";
import { warningsMiddleware } from "../models/provider-warnings.js";
import { createModelRegistry, type ModelRegistry, wrapModel } from "../models/registry.js";
import type { RunContext } from "../models/run-context.js";
import { RunModel } from "../models/run-model.js";
import { isTestDouble } from "../models/test-double.js";
import { UsageMeter } from "../models/usage-meter.js";
import { type CassetteFileStore, createCassetteFileStore } from "./cassette-file.js";
import type { RehearseConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { systemTimer } from "./system.js";

/** Model machinery shared by every run of a context: registry, limiter, prices, cassette store. */
export interface ModelServices {
  readonly cassetteMode: CassetteMode;
  readonly prices: PriceTable;
  /** Per-run model access, usage and cassette session. */
  forRun(run: RunSettings): RunModelsHandle;
}

/** What a run gives its model access. */
export interface RunSettings {
  scenarioId: string;
  clock: Clock;
  /** The run's seed: retry jitter draws from a generator derived from it (made on first retry). */
  seed: number;
  cacheKey?: string | undefined;
  /** Each model call's limit in ms (`timeouts.modelCallMs`); 0 or absent for none. */
  modelCallMs?: number;
  /** The run's `target: model` faults, applied to the models the agent under test resolves. */
  faults?: ModelFaultSource | undefined;
}

/** One run's model access and what the runner does with it afterwards. */
export interface RunModelsHandle {
  readonly models: RunModels;
  /** The cassette session, when record/replay is on. */
  readonly session: CassetteSession | undefined;
  /** The async context the run must execute in (cassette session, `target: model` faults), or undefined for none. */
  runContext(scenarioId: string): RunContext | undefined;
  /** Usage so far; `undefined` when no model was used. */
  usage(): UsageSummary | undefined;
  /** Reports unpriced models and writes recordings (a promise only when there is something to write). Call once after the run. */
  finish(): Promise<void> | undefined;
}

/**
 * Builds the model machinery of a context from its config: the registry
 * (provider packages loaded on first use), one concurrency limiter per
 * context, the price table and the cassette store. Middleware order,
 * outermost first: `target: model` faults (agent under test only) →
 * record/replay (a replayed call skips everything else) → usage → retry →
 * provider warnings → concurrency limit → timeout (one attempt,
 * `timeouts.modelCallMs`) → provider model. The layers from the warnings
 * inwards hold nothing of a run, so they are wrapped once per context, model
 * and limit and shared by every run (`SharedLayers`); a run wraps only its
 * own layers around them. With 1 000 runs in flight that is half the model
 * wrappers a run used to hold.
 */
export function createModelServices(options: {
  config: RehearseConfig;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  logger: Logger;
  /** How the context's front end sets the default model, for agents without one (`RunModels.defaultModelHint`). */
  defaultModelHint?: string;
  /** Where `defaultModel` was set (a file path, an env var, `configure()`), named in its errors. */
  defaultModelSource?: string;
}): ModelServices {
  const { config, logger } = options;
  const cassetteMode: CassetteMode = config.cassette?.mode ?? "off";
  // replay never reaches a provider (a miss is an error before any request), so CI needs no keys
  const env = cassetteMode === "replay" ? { OPENAI_API_KEY: "replay", ANTHROPIC_API_KEY: "replay", ...options.env } : options.env;
  const registry = createModelRegistry({ env, ...(config.providers ? { providers: config.providers } : {}) });
  const concurrency = config.modelConcurrency;
  const limiter =
    concurrency === undefined
      ? undefined
      : createConcurrencyLimiter((key) =>
          typeof concurrency === "number" ? concurrency : (concurrency[key] ?? concurrency.default),
        );
  const prices = withPrices(defaultPrices, config.prices);
  let store: CassetteFileStore | undefined;
  const storeFor = () => {
    store ??= createCassetteFileStore({
      directory: resolvePath(options.cwd, config.cassette?.directory ?? ".rehearse/cassettes"),
    });
    return store;
  };
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    logger.warn(message);
  };
  const shared: SharedModelMachinery = {
    registry,
    layers: new SharedLayers(limiter, warn),
    limiter,
    prices,
    retry: { ...defaultRetryPolicy, ...config.retry },
    fallback: config.defaultModel,
    defaultModelHint: options.defaultModelHint,
    fallbackSource: options.defaultModelSource ?? "defaultModel",
    logger,
    warn,
  };

  return {
    cassetteMode,
    prices,
    forRun(run) {
      const cacheKey = run.cacheKey ?? config.cacheKey;
      const session =
        cassetteMode === "off"
          ? undefined
          : createCassetteSession({
              mode: cassetteMode,
              scenarioId: run.scenarioId,
              ...(cacheKey === undefined ? {} : { cacheKey }),
              store: storeFor(),
              cassettePath: relative(options.cwd, storeFor().pathFor(run.scenarioId)),
            });
      return new RunModelAccess(shared, run, session);
    },
  };
}

/** What every run of a context shares. */
interface SharedModelMachinery {
  registry: ModelRegistry;
  layers: SharedLayers;
  limiter: ConcurrencyLimiter | undefined;
  prices: PriceTable;
  /** The retry policy, complete. */
  retry: RetryPolicy;
  fallback: RehearseConfig["defaultModel"];
  defaultModelHint: string | undefined;
  /** Where `fallback` was set. */
  fallbackSource: string;
  logger: Logger;
  warn(message: string): void;
}

/**
 * One run's model access. A class rather than closures, and its state made
 * on first use: most runs of a model-free suite never resolve a model, and
 * this object is built for every run.
 */
class RunModelAccess implements RunModels, RunModelsHandle {
  private state:
    | {
        meter: UsageMeter;
        /** Each model this run resolved, per role (a run resolves a handful: a list beats maps). */
        resolved: Array<{ model: ModelReference; role: string; resolved: Promise<ResolvedModel> }>;
        /** Keys of test doubles, which need no price (see `isTestDouble`). */
        testDoubles: string[];
        retries: RunRetries;
      }
    | undefined;

  constructor(
    private readonly shared: SharedModelMachinery,
    private readonly run: RunSettings,
    readonly session: CassetteSession | undefined,
  ) {}

  get models(): RunModels {
    return this;
  }

  get defaultModelHint(): string | undefined {
    return this.shared.defaultModelHint;
  }

  warn(message: string): void {
    this.shared.warn(message);
  }

  resolve(reference: ModelReference | undefined, use: ModelUse): Promise<ResolvedModel | undefined> {
    const chosen = reference ?? this.shared.fallback;
    if (chosen === undefined) return Promise.resolve(undefined);
    const wrapped = typeof chosen === "object" && "model" in chosen;
    const { model, ...settings } = wrapped ? chosen : { model: chosen as ModelReference };
    this.state ??= {
      meter: new UsageMeter(),
      resolved: [],
      testDoubles: [],
      retries: new RunRetries(this.run, this.shared.logger),
    };
    const state = this.state;
    for (const entry of state.resolved) if (entry.model === model && entry.role === use.role) return entry.resolved;
    const origin =
      reference === undefined ? fallbackOrigin(this.shared.fallbackSource, wrapped) : { source: use.agent, path: "model" };
    const resolved = this.build(model, reference === undefined ? settings : {}, use, state, origin);
    state.resolved.push({ model, role: use.role, resolved });
    return resolved;
  }

  usage(): UsageSummary | undefined {
    return this.state?.meter.summary(this.shared.prices);
  }

  runContext(scenarioId: string): RunContext | undefined {
    const { session } = this;
    const { faults } = this.run;
    if (!session && !faults) return undefined;
    return { scenarioId, ...(session ? { session } : {}), ...(faults ? { faults } : {}) };
  }

  finish(): Promise<void> | undefined {
    if (this.state) {
      const { prices } = this.shared;
      const { meter, testDoubles } = this.state;
      for (const key of meter.unpricedModels(prices)) {
        if (testDoubles.includes(key)) continue;
        this.warn(
          `No price for ${key}, so its cost is null: add it under \`prices\` in the config (built-in prices as of ${prices.asOf}).`,
        );
      }
    }
    return this.session?.flush();
  }

  private async build(
    reference: ModelReference,
    settings: Omit<ModelSettings, "model">,
    use: ModelUse,
    { meter, testDoubles, retries }: { meter: UsageMeter; testDoubles: string[]; retries: RunRetries },
    origin: ModelIdOrigin,
  ): Promise<ResolvedModel> {
    const { shared, run, session } = this;
    const base: LanguageModelV3 =
      typeof reference === "string" ? await shared.registry.resolve(reference, origin) : checked(reference, origin);
    const key = typeof reference === "string" ? parseModelId(reference).key : modelKeyOf(reference);
    if (isTestDouble(base) && !testDoubles.includes(key)) testDoubles.push(key);
    const metered = { role: use.role, modelKey: key };
    const inner = await shared.layers.around(base, key, run.modelCallMs ?? 0);
    // usage around retry, one object per model a run resolves (see RunModel)
    let model: LanguageModelV3 = new RunModel(inner, meter, metered, shared.retry, retries);
    const outer: LanguageModelV3Middleware[] = [];
    // outermost, and only for the agent under test: it sees the provider's error, not the harness's retries
    if (run.faults && use.role === AgentRole.AGENT) outer.push(faultsMiddleware(run.faults, key));
    if (session) outer.push(session.middleware(key, { onReplay: () => meter.recordReplay(metered) }));
    if (outer.length > 0) model = await wrapModel(model, outer);
    return { model, key, defaults: settings, callOptions: { maxRetries: 0 } };
  }
}

/**
 * How a run's model calls wait and draw jitter between attempts: the run's
 * clock (retries wait in the caller's time even on a virtual scenario clock:
 * a provider's rate limit is real), a generator derived from the run's seed
 * (made on the first retry), the context's log.
 */
class RunRetries implements RetryDependencies {
  private jitter: Random | undefined;

  constructor(
    private readonly run: RunSettings,
    private readonly logger: Logger,
  ) {}

  sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
    const { clock } = this.run;
    return clock.sleep ? clock.sleep(milliseconds, signal) : sleepFallback(milliseconds, signal);
  }

  random(): number {
    this.jitter ??= createRandom(deriveSeed(this.run.seed, "model-retries"));
    return this.jitter.next();
  }

  now(): number {
    return this.run.clock.now();
  }

  onRetry(info: RetryInfo): void {
    this.logger.debug(`retrying ${info.modelKey} in ${info.delayMs} ms (attempt ${info.attempt})`);
  }
}

/**
 * The model layers every run of a context shares: provider warnings (each
 * distinct one logged once per context), the concurrency limit and the
 * per-call time limit, wrapped once per provider model, model key and limit.
 */
class SharedLayers {
  private readonly wrapped = new WeakMap<LanguageModelV3, Map<string, Promise<LanguageModelV3>>>();

  constructor(
    private readonly limiter: ConcurrencyLimiter | undefined,
    private readonly warn: (message: string) => void,
  ) {}

  /** `base` inside the shared layers; `limitMs` 0 for no time limit. */
  around(base: LanguageModelV3, key: string, limitMs: number): Promise<LanguageModelV3> {
    let byKey = this.wrapped.get(base);
    if (!byKey) {
      byKey = new Map();
      this.wrapped.set(base, byKey);
    }
    const slot = `${limitMs} ${key}`;
    let model = byKey.get(slot);
    if (!model) {
      const middleware: LanguageModelV3Middleware[] = [warningsMiddleware(key, this.warn)];
      if (this.limiter) middleware.push(this.limiter.middleware(key));
      if (limitMs > 0) middleware.push(timeoutMiddleware(limitMs, { timer: systemTimer, modelKey: key }));
      model = wrapModel(base, middleware);
      const cache = byKey;
      const made = model;
      // a failed load of the AI SDK is not kept: the next run tries again
      made.catch(() => {
        if (cache.get(slot) === made) cache.delete(slot);
      });
      byKey.set(slot, made);
    }
    return model;
  }
}

/**
 * Where the default model was set, for its errors: `rehearse.config.mjs` +
 * `defaultModel`; an environment variable names the field by itself.
 */
function fallbackOrigin(source: string, wrapped: boolean): ModelIdOrigin {
  if (/^[A-Z][A-Z0-9_]*$/.test(source)) return { source };
  return { source, path: wrapped ? "defaultModel.model" : "defaultModel" };
}

function checked(model: LanguageModelV3, origin: ModelIdOrigin): LanguageModelV3 {
  const problem = languageModelProblem(model);
  if (problem) {
    throw new ConfigError(`${originPrefix(origin)}${problem}`, {
      source: origin.source ?? "model",
      ...(origin.path === undefined ? {} : { path: origin.path }),
    });
  }
  return model;
}

const sleepFallback = (milliseconds: number, signal?: AbortSignal) =>
  import("node:timers/promises").then(({ setTimeout }) => setTimeout(milliseconds, undefined, signal ? { signal } : {}));
