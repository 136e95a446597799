import { relative, resolve as resolvePath } from "node:path";
import type { LanguageModelV3, LanguageModelV3Middleware } from "@ai-sdk/provider";
import { ConfigError } from "../domain/errors.js";
import type { ModelReference, ModelSettings, ModelUse, ResolvedModel, RunModels, UsageSummary } from "../domain/models.js";
import { AgentRole } from "../domain/roles.js";
import type { Clock } from "../domain/scenario.js";
import { type CassetteMode, type CassetteSession, createCassetteSession } from "../models/cassette.js";
import { defaultCircuitBreaker } from "../models/circuit-breaker.js";
import { languageModelProblem } from "../models/language-model-check.js";
import { createConcurrencyLimiter } from "../models/middleware/concurrency-limit.js";
import { faultsMiddleware, type ModelFaultSource } from "../models/middleware/faults.js";
import { createModelRateLimiter } from "../models/middleware/rate-limit.js";
import { defaultRetryPolicy, type RetryPolicy } from "../models/middleware/retry.js";
import { type ModelId, type ModelIdOrigin, modelKeyOf, originPrefix, parseModelRoute } from "../models/model-id.js";
import { defaultPrices, type PriceTable, withPrices } from "../models/prices.js";
import { createProviderHealth, type ProviderHealth } from "../models/provider-health.js";
import { providerDefinitions } from "../models/providers.js";
import { createMemoryRateLimitStore, type RateLimitStore } from "../models/rate-limit-store.js";
import { createModelRegistry, type ModelRegistry, wrapModel } from "../models/registry.js";
import { type RouteDependencies, RoutedModel, type RouteLink } from "../models/routed-model.js";
import type { RunContext } from "../models/run-context.js";
import { RunModel } from "../models/run-model.js";
import { isTestDouble } from "../models/test-double.js";
import { TracedModel } from "../models/traced-model.js";
import { UsageMeter } from "../models/usage-meter.js";
import type { RunModelTracing } from "../telemetry/model-span-parent.js";
import { type CassetteFileStore, createCassetteFileStore } from "./cassette-file.js";
import type { RehearseConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { RunRetries, SharedLayers, sleepOn } from "./model-layers.js";
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
  /** The run's tracing, when set up: every model call of the run gets a GenAI span. */
  tracing?: RunModelTracing | undefined;
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
 * (provider packages loaded on first use), one concurrency limiter, rate
 * limiter and set of provider circuits per context, the price table and the
 * cassette store. Middleware order, outermost first: `target: model` faults
 * (agent under test only) → record/replay (a replayed call skips everything
 * else; a fallback chain is keyed as written) → the fallback chain's routing
 * (docs/decisions/0040) → per model: usage → retry → provider warnings →
 * rate limit → concurrency limit → timeout (one attempt,
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
  /** Where `rateLimits` keep their windows (default: a memory store of this context). */
  rateLimitStore?: RateLimitStore;
  /** The providers' circuits and adaptive concurrency (default: this context's own). */
  providerHealth?: ProviderHealth;
}): ModelServices {
  const { config, logger } = options;
  const cassetteMode: CassetteMode = config.cassette?.mode ?? "off";
  // replay never reaches a provider (a miss is an error before any request), so CI needs no keys
  const env = cassetteMode === "replay" ? { ...replayCredentials, ...options.env } : options.env;
  const registry = createModelRegistry({ env, ...(config.providers ? { providers: config.providers } : {}) });
  const concurrency = config.modelConcurrency;
  const limiter =
    concurrency === undefined
      ? undefined
      : createConcurrencyLimiter((key) =>
          typeof concurrency === "number" ? concurrency : (concurrency[key] ?? concurrency.default),
        );
  const health = options.providerHealth ?? createProviderHealth();
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...config.retry };
  const circuitSettings = { ...defaultCircuitBreaker, ...config.circuitBreaker };
  const rateLimiter =
    config.rateLimits === undefined
      ? undefined
      : createModelRateLimiter(config.rateLimits, {
          store: options.rateLimitStore ?? createMemoryRateLimitStore(),
          sleep: (milliseconds, signal) => sleepOn(systemTimer, milliseconds, signal),
          now: Date.now,
          onWait: ({ bucket, waitMs }) => logger.debug(`rate limit ${bucket}: waiting ${waitMs} ms`),
          concurrency: (entry, max) => health.concurrency(entry, max),
          // a window never waits longer than a minute; a longer block is a provider's Retry-After, too long to sit out
          maxWaitMs: Math.max(retry.maxDelayMs, 60_000),
        });
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
    layers: new SharedLayers({ rateLimiter, concurrency: limiter }, warn),
    routing: {
      circuitOf: (provider) => health.circuit(provider, circuitSettings),
      now: () => systemTimer.now(),
      onFallback: ({ from, to, reason }) => logger.info(`${from} failed, ${to ? `trying ${to}` : "no fallback left"}: ${reason}`),
      onCircuitOpen: ({ provider }) =>
        logger.warn(
          `${provider}: circuit open after ${circuitSettings.failureThreshold} failed calls in a row; fallback chains skip it for ${circuitSettings.cooldownMs} ms`,
        ),
    },
    prices,
    retry,
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
  /** The circuits fallback chains share (one per provider endpoint). */
  routing: RouteDependencies;
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
  private state: RunModelState | undefined;

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
    state: RunModelState,
    origin: ModelIdOrigin,
  ): Promise<ResolvedModel> {
    const { shared, run, session } = this;
    let model: LanguageModelV3;
    let key: string;
    if (typeof reference === "string") {
      const route = parseModelRoute(reference, origin);
      const [head, ...rest] = route.links;
      const [first, fallbacks] = await Promise.all([
        this.link(head, use, state, origin),
        Promise.all(rest.map((id) => this.link(id, use, state, origin))),
      ]);
      key = route.key;
      // a fallback chain: usage is counted per link, so it names the model that answered
      model = fallbacks.length === 0 ? first.model : new RoutedModel(key, [first, ...fallbacks], shared.routing);
    } else {
      key = modelKeyOf(reference);
      model = await this.ownLayers(checked(reference, origin), key, use, state);
    }
    const outer: LanguageModelV3Middleware[] = [];
    // outermost, and only for the agent under test: it sees the provider's error, not the harness's retries
    if (run.faults && use.role === AgentRole.AGENT) outer.push(faultsMiddleware(run.faults, key));
    // a chain's calls are recorded under the chain as written, so replaying one needs no provider
    const metered = { role: use.role, modelKey: key };
    if (session) outer.push(session.middleware(key, { onReplay: () => state.meter.recordReplay(metered) }));
    if (outer.length > 0) model = await wrapModel(model, outer);
    // outermost of all: one span per call as its caller made it (retries, replays and faults inside)
    if (run.tracing) model = new TracedModel(model, run.tracing, { modelKey: key, role: use.role });
    return { model, key, defaults: settings, callOptions: { maxRetries: 0 } };
  }

  /** One model of an id or chain, resolved by the registry, in the run's layers; its circuit is its provider endpoint's. */
  private async link(id: ModelId, use: ModelUse, state: RunModelState, origin: ModelIdOrigin): Promise<RouteLink> {
    const base = await this.shared.registry.resolve(id.key, origin);
    const model = await this.ownLayers(base, id.key, use, state);
    return { key: id.key, provider: providerDefinitions[id.provider].instanceKey(id), model };
  }

  /** `base` inside the shared layers, then the run's usage around retry (one object per model a run resolves: see RunModel). */
  private async ownLayers(base: LanguageModelV3, key: string, use: ModelUse, state: RunModelState): Promise<LanguageModelV3> {
    if (isTestDouble(base) && !state.testDoubles.includes(key)) state.testDoubles.push(key);
    const inner = await this.shared.layers.around(base, key, this.run.modelCallMs ?? 0);
    return new RunModel(inner, state.meter, { role: use.role, modelKey: key }, this.shared.retry, state.retries);
  }
}

/** A run's model state, made with the first model it resolves. */
interface RunModelState {
  meter: UsageMeter;
  /** Each model this run resolved, per role (a run resolves a handful: a list beats maps). */
  resolved: Array<{ model: ModelReference; role: string; resolved: Promise<ResolvedModel> }>;
  /** Keys of test doubles, which need no price (see `isTestDouble`). */
  testDoubles: string[];
  retries: RunRetries;
}

/** Stand-in credentials in replay mode: every provider resolves, none is called. */
const replayCredentials = {
  OPENAI_API_KEY: "replay",
  ANTHROPIC_API_KEY: "replay",
  AZURE_API_KEY: "replay",
  AZURE_RESOURCE_NAME: "replay",
};

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
