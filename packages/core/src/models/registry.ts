import type { LanguageModelV3, LanguageModelV3Middleware } from "@ai-sdk/provider";
import { ConfigError } from "../domain/errors.js";
import { loadOnce } from "../domain/load-once.js";
import { type ModelIdOrigin, originPrefix, parseModelId } from "./model-id.js";
import { type Environment, type ModelFactory, type ProvidersConfig, providerDefinitions } from "./providers.js";

const loadAi = loadOnce(() => import("ai"));

/** Options of `createModelRegistry`. */
export interface ModelRegistryOptions {
  /** Where API keys and base URLs come from (`OPENAI_API_KEY`, `ANTHROPIC_BASE_URL`, …). */
  env: Environment;
  /** Per-provider settings; they win over the environment. */
  providers?: ProvidersConfig;
  /** Loads a provider package; a test seam (default: dynamic `import`). */
  importer?: (specifier: string) => Promise<unknown>;
  /** Given to the provider packages (default: the global `fetch`). */
  fetch?: typeof fetch;
}

/** Turns model ids into AI SDK models. */
export interface ModelRegistry {
  /**
   * The model for `id` (`openai:<model>`, `anthropic:<model>`,
   * `openai-compatible:<baseURL>#<model>`), made once and cached.
   *
   * @throws ConfigError for a malformed id, an unknown provider, a missing API
   *   key (naming the env var) or a provider package that is not installed
   *   (naming the install command).
   */
  resolve(id: string, origin?: ModelIdOrigin): Promise<LanguageModelV3>;
}

/**
 * Makes a registry resolving model ids through the optional provider packages,
 * each loaded on first use. Provider instances and models are cached per registry.
 *
 * @example
 * const registry = createModelRegistry({ env: process.env });
 * const model = await registry.resolve("openai:gpt-4.1-mini");
 * await generateText({ model, prompt: "Hello" });
 */
export function createModelRegistry(options: ModelRegistryOptions): ModelRegistry {
  const importer = options.importer ?? ((specifier: string) => import(specifier));
  const factories = new Map<string, Promise<ModelFactory>>();
  const models = new Map<string, Promise<LanguageModelV3>>();

  const factoryFor = (
    instanceKey: string,
    packageName: string,
    versionRange: string,
    load: (module: unknown) => ModelFactory,
    origin: ModelIdOrigin | undefined,
  ) => {
    let factory = factories.get(instanceKey);
    if (!factory) {
      factory = loadPackage(importer, packageName, versionRange, origin).then(load);
      // A failed load is not cached: the next call tries again (e.g. after an install in watch mode).
      factory.catch(() => factories.delete(instanceKey));
      factories.set(instanceKey, factory);
    }
    return factory;
  };

  return {
    resolve(text, origin) {
      try {
        const id = parseModelId(text, origin);
        const cached = models.get(id.key);
        if (cached) return cached;
        const definition = providerDefinitions[id.provider];
        const context = {
          id,
          providers: options.providers ?? {},
          env: options.env,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(origin ? { origin } : {}),
        };
        const providerOptions = definition.options(context);
        const model = factoryFor(
          definition.instanceKey(id),
          definition.packageName,
          definition.versionRange,
          (module) => definition.instantiate(module, providerOptions),
          origin,
        ).then((create) => create(id.model));
        model.catch(() => models.delete(id.key));
        models.set(id.key, model);
        return model;
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/**
 * Wraps `model` in `middleware`, the first outermost (AI SDK
 * `wrapLanguageModel`, loaded on first use so importing Rehearse stays free of `ai`).
 *
 * @example
 * const model = await wrapModel(base, [retryMiddleware({}, deps), limiter.middleware("openai:gpt-4.1-mini")]);
 */
export async function wrapModel(
  model: LanguageModelV3,
  middleware: readonly LanguageModelV3Middleware[],
): Promise<LanguageModelV3> {
  if (middleware.length === 0) return model;
  const { wrapLanguageModel } = await loadAi();
  return wrapLanguageModel({ model, middleware: [...middleware] });
}

async function loadPackage(
  importer: (specifier: string) => Promise<unknown>,
  packageName: string,
  versionRange: string,
  origin: ModelIdOrigin | undefined,
) {
  try {
    return await importer(packageName);
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    const prefix = originPrefix(origin);
    const lead = prefix ? `${prefix}the` : "The";
    throw new ConfigError(
      `${lead} model provider package ${packageName} is not installed. Install it: npm install ${packageName}@${versionRange}`,
      { source: packageName, cause: error },
    );
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}
