import type { LanguageModelV3 } from "@ai-sdk/provider";
import { ConfigError } from "../domain/errors.js";
import { type ModelId, type ModelIdOrigin, originPrefix, type ProviderName } from "./model-id.js";

/** Settings of a hosted provider; each wins over its environment variable. */
export interface ProviderSettings {
  apiKey?: string;
  /** E.g. a proxy speaking the same API. */
  baseURL?: string;
  /** Sent with every request. */
  headers?: Record<string, string>;
}

/** Settings of Azure OpenAI (`azure:<deployment>`); each wins over its environment variable. */
export interface AzureProviderSettings extends ProviderSettings {
  /** The resource in `https://<resourceName>.openai.azure.com` (`AZURE_RESOURCE_NAME`); `baseURL` (`AZURE_BASE_URL`) wins. */
  resourceName?: string;
  /** The `api-version` query parameter (default `v1`, the package's). */
  apiVersion?: string;
  /** Call `…/deployments/<deployment>/chat/completions` (the older URL form) instead of `…/v1/chat/completions`. */
  useDeploymentBasedUrls?: boolean;
}

/** Settings of OpenAI-compatible servers (the base URL is part of the model id). */
export interface CompatibleProviderSettings {
  /** Optional: local servers (Ollama, vLLM, llama.cpp) usually need none. */
  apiKey?: string;
  headers?: Record<string, string>;
}

/** Per-provider settings, as `providers` in the config. */
export interface ProvidersConfig {
  openai?: ProviderSettings;
  anthropic?: ProviderSettings;
  azure?: AzureProviderSettings;
  "openai-compatible"?: CompatibleProviderSettings;
}

/** Environment variables, e.g. `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Everything a provider reads to serve a model id. */
export interface ProviderContext {
  id: ModelId;
  providers: ProvidersConfig;
  env: Environment;
  fetch?: typeof fetch;
  /** Where the id was written, named in errors (e.g. a missing API key). */
  origin?: ModelIdOrigin;
}

/** Makes the language models of one provider instance. */
export type ModelFactory = (model: string) => LanguageModelV3;

/** How Rehearse loads and configures one provider package. */
export interface ProviderDefinition {
  packageName: string;
  /** The range Rehearse is tested with, used in the install command. */
  versionRange: string;
  /** Which provider instance serves `id`; instances are cached under this key. */
  instanceKey(id: ModelId): string;
  /** The options of the package's factory; checked before the package loads, so a missing key fails first. */
  options(context: ProviderContext): Record<string, unknown>;
  /** Makes the model factory from the loaded package. */
  instantiate(module: unknown, options: Record<string, unknown>): ModelFactory;
}

/**
 * The providers model ids can name, one line each. `openai:` uses the Chat
 * Completions API (`openai.chat`), which proxies and compatible servers speak
 * too (docs/decisions/0007-model-providers.md).
 */
export const providerDefinitions: Record<ProviderName, ProviderDefinition> = {
  openai: {
    packageName: "@ai-sdk/openai",
    versionRange: "^3",
    instanceKey: () => "openai",
    options: (context) =>
      hostedOptions(context, context.providers.openai, {
        keyVariable: "OPENAI_API_KEY",
        urlVariable: "OPENAI_BASE_URL",
        defaultURL: "https://api.openai.com/v1",
      }),
    instantiate: (module, options) => {
      const provider = factory<{ chat: ModelFactory }>(module, "createOpenAI", "@ai-sdk/openai@^3")(options);
      return (model) => provider.chat(model);
    },
  },
  anthropic: {
    packageName: "@ai-sdk/anthropic",
    versionRange: "^3",
    instanceKey: () => "anthropic",
    options: (context) =>
      hostedOptions(context, context.providers.anthropic, {
        keyVariable: "ANTHROPIC_API_KEY",
        urlVariable: "ANTHROPIC_BASE_URL",
        defaultURL: "https://api.anthropic.com/v1",
      }),
    instantiate: (module, options) => {
      const provider = factory<{ languageModel: ModelFactory }>(module, "createAnthropic", "@ai-sdk/anthropic@^3")(options);
      return (model) => provider.languageModel(model);
    },
  },
  azure: {
    packageName: "@ai-sdk/azure",
    versionRange: "^3",
    instanceKey: () => "azure",
    options: azureOptions,
    instantiate: (module, options) => {
      // Chat Completions, as for openai: (the package's default is the Responses API)
      const provider = factory<{ chat: ModelFactory }>(module, "createAzure", "@ai-sdk/azure@^3")(options);
      return (model) => provider.chat(model);
    },
  },
  "openai-compatible": {
    packageName: "@ai-sdk/openai-compatible",
    versionRange: "^2",
    instanceKey: (id) => `openai-compatible:${"baseURL" in id ? id.baseURL : ""}`,
    options: ({ id, providers, env, fetch }) => {
      const settings = providers["openai-compatible"] ?? {};
      const apiKey = present(settings.apiKey) ?? present(env.OPENAI_COMPATIBLE_API_KEY);
      return {
        name: "openai-compatible",
        baseURL: "baseURL" in id ? id.baseURL : "",
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(settings.headers ? { headers: settings.headers } : {}),
        ...(fetch ? { fetch } : {}),
      };
    },
    instantiate: (module, options) => {
      const create = factory<{ chatModel: ModelFactory }>(module, "createOpenAICompatible", "@ai-sdk/openai-compatible@^2");
      const provider = create(options);
      return (model) => provider.chatModel(model);
    },
  },
};

/**
 * Options for OpenAI and Anthropic. Every value is passed explicitly, so the
 * packages never fall back to `process.env` behind the registry's `env`.
 */
function hostedOptions(
  { id, env, fetch, origin }: ProviderContext,
  settings: ProviderSettings | undefined,
  names: { keyVariable: string; urlVariable: string; defaultURL?: string },
): Record<string, unknown> {
  const apiKey = present(settings?.apiKey) ?? present(env[names.keyVariable]);
  if (apiKey === undefined) {
    throw new ConfigError(
      `${originPrefix(origin)}${id.key} needs an API key: set the ${names.keyVariable} environment variable (or providers.${id.provider}.apiKey in the config).`,
      { source: names.keyVariable, path: `providers.${id.provider}.apiKey` },
    );
  }
  const baseURL = present(settings?.baseURL) ?? present(env[names.urlVariable]) ?? names.defaultURL;
  return {
    apiKey,
    ...(baseURL === undefined ? {} : { baseURL }),
    ...(settings?.headers ? { headers: settings.headers } : {}),
    ...(fetch ? { fetch } : {}),
  };
}

/**
 * Options for Azure OpenAI: the key from `AZURE_API_KEY`, and either a base URL
 * (`AZURE_BASE_URL`, e.g. a proxy) or the resource name (`AZURE_RESOURCE_NAME`),
 * the variables `@ai-sdk/azure` documents, passed explicitly as for the others.
 */
function azureOptions(context: ProviderContext): Record<string, unknown> {
  const { id, env, origin, providers } = context;
  const settings = providers.azure ?? {};
  const options = hostedOptions(context, settings, { keyVariable: "AZURE_API_KEY", urlVariable: "AZURE_BASE_URL" });
  const resourceName = present(settings.resourceName) ?? present(env.AZURE_RESOURCE_NAME);
  if (options.baseURL === undefined) {
    if (resourceName === undefined) {
      throw new ConfigError(
        `${originPrefix(origin)}${id.key} needs the Azure OpenAI resource: set AZURE_RESOURCE_NAME (or providers.azure.resourceName) or AZURE_BASE_URL (or providers.azure.baseURL).`,
        { source: "AZURE_RESOURCE_NAME", path: "providers.azure.resourceName" },
      );
    }
    options.resourceName = resourceName;
  }
  return {
    ...options,
    ...(settings.apiVersion ? { apiVersion: settings.apiVersion } : {}),
    ...(settings.useDeploymentBasedUrls ? { useDeploymentBasedUrls: true } : {}),
  };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/**
 * The package's factory function, or a `ConfigError` when the installed version
 * does not have it. `supported` is the package with its tested range (`@ai-sdk/openai@^3`).
 */
function factory<Provider>(module: unknown, name: string, supported: string): (options: object) => Provider {
  const value = (module as Record<string, unknown> | null)?.[name];
  if (typeof value !== "function") {
    const packageName = supported.slice(0, supported.lastIndexOf("@"));
    throw new ConfigError(`${packageName} does not export ${name}: install a supported version: npm install ${supported}`, {
      source: packageName,
    });
  }
  return value as (options: object) => Provider;
}
