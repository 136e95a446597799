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
  const check = checkModelId(id);
  if (check.ok) return check.id;
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
