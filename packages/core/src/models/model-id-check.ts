import { closestMatch } from "../domain/did-you-mean.js";

/** Providers a model id string can name. */
export type ProviderName = "openai" | "anthropic" | "azure" | "openai-compatible";

/**
 * A parsed model id. `key` is the canonical id (`provider:model`, or for
 * OpenAI-compatible servers `openai-compatible:<baseURL>#<model>`): the key for
 * usage, prices and concurrency limits. For `azure:` the model is the deployment name.
 */
export type ModelId =
  | { provider: "openai" | "anthropic" | "azure"; model: string; key: string }
  | { provider: "openai-compatible"; baseURL: string; model: string; key: string };

/**
 * The outcome of {@link checkModelId}: the parsed id, or why it is not one and what was probably meant.
 * A fallback chain (`openai:gpt-4.1-mini | anthropic:claude-3-5-haiku-latest`) gives its first
 * choice as `id`, the rest in order as `fallbacks`, and `key` is the chain written canonically
 * (`a | b`): the key of its cassette entries. A single id has no fallbacks and `key` equal to `id.key`.
 */
export type ModelIdCheck =
  | { ok: true; id: ModelId; fallbacks: readonly ModelId[]; key: string }
  | {
      ok: false;
      /** One sentence: the problem, the did-you-mean when there is a likely fix, and the accepted forms. */
      message: string;
      /** The whole id the user probably meant (e.g. `openai:gpt-4.1-mini` for `opnai:gpt-4.1-mini`). */
      suggestion: string | undefined;
    };

/** Every provider a model id can name. */
export const providerNames: readonly ProviderName[] = ["openai", "anthropic", "azure", "openai-compatible"];

/** Where Ollama serves its OpenAI-compatible API by default: `ollama:<model>` is a common first guess. */
const ollamaURL = "http://127.0.0.1:11434/v1";

/** The forms every rejection lists, so the message alone is enough to fix the id. */
export const acceptedModelIdForms =
  "Accepted forms: openai:<model> (e.g. openai:gpt-4.1-mini), anthropic:<model> (e.g. anthropic:claude-sonnet-4-5), " +
  "azure:<deployment>, openai-compatible:<baseURL>#<model> (e.g. openai-compatible:http://127.0.0.1:11434/v1#llama3.2), " +
  "or a fallback chain of them: openai:gpt-4.1-mini | anthropic:claude-3-5-haiku-latest.";

/**
 * Checks a model id before anything runs: `openai:<model>`, `anthropic:<model>`,
 * `azure:<deployment>` or `openai-compatible:<baseURL>#<model>`, or an ordered
 * fallback chain of them separated by `|` (docs/decisions/0040). A rejection says what is wrong,
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
  return id.includes("|") ? checkChain(id) : checkSingle(id);
}

/** `a | b | c`: each link checked as a single id, none twice; a bad link is named with its position. */
function checkChain(text: string): ModelIdCheck {
  const parts = text.split("|").map((part) => part.trim());
  const links: ModelId[] = [];
  for (const [index, part] of parts.entries()) {
    const position = `link ${index + 1} of ${parts.length}`;
    if (part === "")
      return { ok: false, message: `${position} is empty in "${text}". ${acceptedModelIdForms}`, suggestion: undefined };
    const check = checkSingle(part);
    if (!check.ok) {
      const fixed =
        check.suggestion === undefined
          ? undefined
          : parts.map((other, at) => (at === index ? check.suggestion : other)).join(" | ");
      return {
        ok: false,
        message: `${position} ("${part}") of the fallback chain "${text}": ${check.message}`,
        suggestion: fixed,
      };
    }
    if (links.some((link) => link.key === check.id.key)) {
      const unique = [...new Set([...links.map((link) => link.key), check.id.key])].join(" | ");
      return {
        ok: false,
        message: `the fallback chain "${text}" names ${check.id.key} twice; did you mean ${unique}?`,
        suggestion: unique,
      };
    }
    links.push(check.id);
  }
  const [first, ...fallbacks] = links as [ModelId, ...ModelId[]];
  return { ok: true, id: first, fallbacks, key: links.map((link) => link.key).join(" | ") };
}

function checkSingle(id: string): ModelIdCheck {
  if (id === "") return rejected("the model id is empty");
  const colon = id.indexOf(":");
  if (colon <= 0) return rejected(`"${id}" has no provider prefix`, guessProvider(id));
  const provider = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  if (provider === "openai" || provider === "anthropic" || provider === "azure") {
    if (rest.trim() === "") return rejected(`"${id}" has no model name after "${provider}:"`);
    if (rest.trim() !== rest) return rejected(`"${id}" has spaces around the model name`, `${provider}:${rest.trim()}`);
    return single({ provider, model: rest, key: `${provider}:${rest}` });
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
  return single({ provider: "openai-compatible", baseURL, model, key: `openai-compatible:${baseURL}#${model}` });
}

function single(id: ModelId): ModelIdCheck {
  return { ok: true, id, fallbacks: [], key: id.key };
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
