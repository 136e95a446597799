import type { LanguageModelV3 } from "@ai-sdk/provider";
import { ConfigError } from "../domain/errors.js";
import { checkModelId, type ModelId } from "./model-id-check.js";

export type { ModelId, ProviderName } from "./model-id-check.js";

/** Where a model id came from, for the `ConfigError` it may raise. */
export interface ModelIdOrigin {
  /** Dotted path of the field holding the id, e.g. `defaultModel`. */
  path?: string;
  /** A file path, `configure()`, an env var name or `run()`. */
  source?: string;
}

/**
 * Parses a model id such as `openai:gpt-4.1-mini`, `anthropic:claude-sonnet-4-5`
 * or `openai-compatible:http://127.0.0.1:11434/v1#llama3.2` (Ollama, vLLM,
 * llama.cpp and other servers speaking OpenAI Chat Completions).
 *
 * @throws ConfigError for an unknown provider or a malformed id; the message
 *   names `origin.source` and `origin.path`, suggests the likely id ({@link checkModelId}) and lists the accepted forms.
 * @example
 * parseModelId("openai-compatible:http://127.0.0.1:11434/v1/#llama3.2");
 * // { provider: "openai-compatible", baseURL: "http://127.0.0.1:11434/v1", model: "llama3.2",
 * //   key: "openai-compatible:http://127.0.0.1:11434/v1#llama3.2" }
 */
export function parseModelId(id: string, origin: ModelIdOrigin = {}): ModelId {
  const route = parseModelRoute(id, origin);
  if (route.links.length === 1) return route.links[0];
  throw new ConfigError(`${originPrefix(origin) || "Model id: "}"${id}" is a fallback chain; one model id is needed here`, {
    source: origin.source ?? "model id",
    ...(origin.path === undefined ? {} : { path: origin.path }),
  });
}

/** A model id or an ordered fallback chain of them, parsed. */
export interface ModelRoute {
  /** The models to try, first choice first (one for a plain id). */
  links: readonly [ModelId, ...ModelId[]];
  /** The canonical text: the id's key, or the links' keys joined by ` | ` (the chain's cassette key). */
  key: string;
}

/**
 * Parses a model id or a fallback chain (`openai:gpt-4.1-mini | anthropic:claude-3-5-haiku-latest`).
 *
 * @throws ConfigError as {@link parseModelId} does, naming the bad link of a chain.
 * @example
 * parseModelRoute("openai:gpt-4.1-mini|anthropic:claude-3-5-haiku-latest").key;
 * // "openai:gpt-4.1-mini | anthropic:claude-3-5-haiku-latest"
 */
export function parseModelRoute(text: string, origin: ModelIdOrigin = {}): ModelRoute {
  const check = checkModelId(text);
  if (check.ok) return { links: [check.id, ...check.fallbacks], key: check.key };
  throw new ConfigError(`${originPrefix(origin) || "Model id: "}${check.message}`, {
    source: origin.source ?? "model id",
    ...(origin.path === undefined ? {} : { path: origin.path }),
  });
}

/**
 * `source: path: ` for messages about a model id (`rehearse.config.mjs: defaultModel: `),
 * or what is known of it; empty when nothing is.
 */
export function originPrefix(origin: ModelIdOrigin = {}): string {
  return [origin.source, origin.path]
    .filter((part) => part !== undefined)
    .map((part) => `${part}: `)
    .join("");
}

/**
 * The key of a model object (`provider:modelId`), for models users pass as
 * AI SDK objects rather than ids. The provider's API suffix is dropped
 * (`openai.chat` → `openai`) so both spellings count as one model.
 */
export function modelKeyOf(model: Pick<LanguageModelV3, "provider" | "modelId">): string {
  const provider = model.provider.split(".")[0] || model.provider;
  return `${provider}:${model.modelId}`;
}
