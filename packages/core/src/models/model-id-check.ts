import { closestMatch } from "../domain/did-you-mean.js";

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

/** The outcome of {@link checkModelId}: the parsed id, or why it is not one and what was probably meant. */
export type ModelIdCheck =
  | { ok: true; id: ModelId }
  | {
      ok: false;
      /** One sentence: the problem, the did-you-mean when there is a likely fix, and the accepted forms. */
      message: string;
      /** The whole id the user probably meant (e.g. `openai:gpt-4.1-mini` for `opnai:gpt-4.1-mini`). */
      suggestion: string | undefined;
    };

const providerNames: readonly ProviderName[] = ["openai", "anthropic", "openai-compatible"];

/** Where Ollama serves its OpenAI-compatible API by default: `ollama:<model>` is a common first guess. */
const ollamaURL = "http://127.0.0.1:11434/v1";

/** The forms every rejection lists, so the message alone is enough to fix the id. */
export const acceptedModelIdForms =
  "Accepted forms: openai:<model> (e.g. openai:gpt-4.1-mini), anthropic:<model> (e.g. anthropic:claude-sonnet-4-5), " +
  "openai-compatible:<baseURL>#<model> (e.g. openai-compatible:http://127.0.0.1:11434/v1#llama3.2).";

/**
 * Checks a model id before anything runs: `openai:<model>`, `anthropic:<model>`
 * or `openai-compatible:<baseURL>#<model>`. A rejection says what is wrong,
 * suggests the id that was probably meant (a misspelt provider, `openai/…`,
 * a bare `gpt-…` or `claude-…` name, `ollama:…`) and lists the accepted
 * forms. Callers put the field or flag in front of `message`.
 *
 * @example
 * checkModelId("opnai:gpt-4.1-mini");
 * // { ok: false, suggestion: "openai:gpt-4.1-mini",
 * //   message: 'unknown provider "opnai" in "opnai:gpt-4.1-mini"; did you mean openai:gpt-4.1-mini? Accepted forms: …' }
 */
export function checkModelId(id: unknown): ModelIdCheck {
  if (typeof id !== "string") return rejected(`expected a model id string, got ${id === null ? "null" : typeof id}`);
  if (id === "") return rejected("the model id is empty");
  const colon = id.indexOf(":");
  if (colon <= 0) return rejected(`"${id}" has no provider prefix`, guessProvider(id));
  const provider = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  if (provider === "openai" || provider === "anthropic") {
    if (rest.trim() === "") return rejected(`"${id}" has no model name after "${provider}:"`);
    if (rest.trim() !== rest) return rejected(`"${id}" has spaces around the model name`, `${provider}:${rest.trim()}`);
    return { ok: true, id: { provider, model: rest, key: `${provider}:${rest}` } };
  }
  if (provider === "openai-compatible") return checkCompatible(id, rest);
  return rejected(`unknown provider "${provider}" in "${id}"`, guessFromProvider(provider, rest));
}

function checkCompatible(id: string, rest: string): ModelIdCheck {
  const hash = rest.indexOf("#");
  if (hash < 0) return rejected(`"${id}" needs "#<model>" after the base URL`);
  const baseURL = rest.slice(0, hash).replace(/\/+$/, "");
  const model = rest.slice(hash + 1);
  if (!isHttpURL(baseURL)) return rejected(`"${id}" has no http(s) base URL before "#"`);
  if (model.length === 0 || model.trim() !== model) return rejected(`"${id}" has no model name after "#"`);
  return { ok: true, id: { provider: "openai-compatible", baseURL, model, key: `openai-compatible:${baseURL}#${model}` } };
}

/** A rejection; a guess is suggested only when it is itself a valid id. */
function rejected(problem: string, guess?: string): ModelIdCheck {
  const suggestion = guess !== undefined && checkModelId(guess).ok ? guess : undefined;
  const hint = suggestion === undefined ? "" : `; did you mean ${suggestion}?`;
  return { ok: false, message: `${problem}${hint} ${acceptedModelIdForms}`, suggestion };
}

/** `opnai:x` → `openai:x`, `ollama:x` → the local Ollama server; nothing when no provider is close. */
function guessFromProvider(provider: string, rest: string): string | undefined {
  if (provider.trim().toLowerCase() === "ollama" && rest.trim() !== "") return `openai-compatible:${ollamaURL}#${rest.trim()}`;
  const match = closestMatch(provider.trim(), providerNames);
  if (match === undefined || rest.trim() === "") return undefined;
  return `${match}:${rest.trim()}`;
}

/** `openai/gpt-4.1-mini` → `openai:gpt-4.1-mini`; a bare `gpt-…`/`o3…` or `claude-…` → its provider. */
function guessProvider(id: string): string | undefined {
  const slash = id.indexOf("/");
  if (slash > 0) {
    const provider = closestMatch(id.slice(0, slash), providerNames, 1);
    const model = id.slice(slash + 1);
    if (provider !== undefined && provider !== "openai-compatible" && model !== "") return `${provider}:${model}`;
  }
  if (/^(gpt-|chatgpt-|o\d)/i.test(id)) return `openai:${id}`;
  if (/^claude-/i.test(id)) return `anthropic:${id}`;
  return undefined;
}

function isHttpURL(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === "http:" || protocol === "https:";
}
