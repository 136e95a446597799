import type { LanguageModelV3 } from "@ai-sdk/provider";
import { ConfigError } from "../domain/errors.js";

/** Providers a model id string can name. */
export type ProviderName = "openai" | "anthropic" | "openai-compatible";

/**
 * A parsed model id. `key` is the canonical id (`provider:model`, or for
 * OpenAI-compatible servers `openai-compatible:<baseURL>#<model>`): the key for
 * usage, prices and concurrency limits.
 */
export type ModelId =
  | { provider: "openai" | "anthropic"; model: string; key: string }
  | { provider: "openai-compatible"; baseURL: string; model: string; key: string };

/** Where a model id came from, for the `ConfigError` it may raise. */
export interface ModelIdOrigin {
  /** Dotted path of the field holding the id, e.g. `defaultModel`. */
  path?: string;
  /** A file path, `configure()`, an env var name or `run()`. */
  source?: string;
}

const acceptedForms =
  "Accepted forms: openai:<model> (e.g. openai:gpt-4.1-mini), anthropic:<model> (e.g. anthropic:claude-sonnet-4-5), " +
  "openai-compatible:<baseURL>#<model> (e.g. openai-compatible:http://127.0.0.1:11434/v1#llama3.2).";

/**
 * Parses a model id such as `openai:gpt-4.1-mini`, `anthropic:claude-sonnet-4-5`
 * or `openai-compatible:http://127.0.0.1:11434/v1#llama3.2` (Ollama, vLLM,
 * llama.cpp and other servers speaking OpenAI Chat Completions).
 *
 * @throws ConfigError for an unknown provider or a malformed id; the message lists the accepted forms.
 * @example
 * parseModelId("openai-compatible:http://127.0.0.1:11434/v1/#llama3.2");
 * // { provider: "openai-compatible", baseURL: "http://127.0.0.1:11434/v1", model: "llama3.2",
 * //   key: "openai-compatible:http://127.0.0.1:11434/v1#llama3.2" }
 */
export function parseModelId(id: string, origin: ModelIdOrigin = {}): ModelId {
  const fail = (problem: string): never => {
    throw new ConfigError(`${origin.path ?? "Model id"}: ${problem}. ${acceptedForms}`, {
      source: origin.source ?? "model id",
      ...(origin.path === undefined ? {} : { path: origin.path }),
    });
  };
  if (typeof id !== "string") return fail(`expected a model id string, got ${typeof id}`);
  const colon = id.indexOf(":");
  if (colon <= 0) return fail(`"${id}" has no provider prefix`);
  const provider = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  if (provider === "openai" || provider === "anthropic") {
    if (!isModelName(rest)) return fail(`"${id}" has no model name after "${provider}:"`);
    return { provider, model: rest, key: `${provider}:${rest}` };
  }
  if (provider === "openai-compatible") {
    const hash = rest.indexOf("#");
    if (hash < 0) return fail(`"${id}" needs "#<model>" after the base URL`);
    const baseURL = rest.slice(0, hash).replace(/\/+$/, "");
    const model = rest.slice(hash + 1);
    if (!isHttpURL(baseURL)) return fail(`"${id}" has no http(s) base URL before "#"`);
    if (!isModelName(model)) return fail(`"${id}" has no model name after "#"`);
    return { provider, baseURL, model, key: `openai-compatible:${baseURL}#${model}` };
  }
  return fail(`unknown provider "${provider}" in "${id}"`);
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

function isModelName(text: string): boolean {
  return text.length > 0 && text.trim() === text;
}

function isHttpURL(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === "http:" || protocol === "https:";
}
