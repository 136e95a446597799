/**
 * What a GenAI span (OpenTelemetry GenAI semantic conventions, `gen_ai.*`
 * attributes) says that a reader looks for first: the operation, the model
 * asked for and the one that answered, the provider, token usage, why the
 * model stopped, the agent or tool involved. Older attribute names
 * (`gen_ai.system`, `gen_ai.usage.prompt_tokens`/`completion_tokens`) are
 * read too, since an agent's own spans may follow an older version.
 */
import { count } from "../../../components/format";

export interface GenAiSummary {
  operation?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  inputTokens?: number;
  outputTokens?: number;
  finishReasons?: string[];
  agentName?: string;
  /** `rehearse.agent.role`: User, Agent or Judge. */
  role?: string;
  toolName?: string;
  toolCallId?: string;
}

/** The span's GenAI facts; undefined when it has no `gen_ai.*` attribute. */
export function genAiSummary(attributes: Readonly<Record<string, unknown>>): GenAiSummary | undefined {
  if (!Object.keys(attributes).some((key) => key.startsWith("gen_ai."))) return undefined;
  const text = (...keys: string[]) => first(keys, attributes, textValue);
  const tokens = (...keys: string[]) => first(keys, attributes, countValue);
  const summary: GenAiSummary = {
    operation: text("gen_ai.operation.name"),
    provider: text("gen_ai.provider.name", "gen_ai.system"),
    requestModel: text("gen_ai.request.model"),
    responseModel: text("gen_ai.response.model"),
    inputTokens: tokens("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"),
    outputTokens: tokens("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"),
    finishReasons: listValue(attributes["gen_ai.response.finish_reasons"]),
    agentName: text("gen_ai.agent.name"),
    role: text("rehearse.agent.role"),
    toolName: text("gen_ai.tool.name"),
    toolCallId: text("gen_ai.tool.call.id"),
  };
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined)) as GenAiSummary;
}

/** "gpt-4o" or "gpt-4o → gpt-4o-2024-08-06" when the answering model differs from the one asked for. */
export function modelText(summary: GenAiSummary): string | undefined {
  const { requestModel, responseModel } = summary;
  if (requestModel && responseModel && requestModel !== responseModel) return `${requestModel} → ${responseModel}`;
  return responseModel ?? requestModel;
}

/** "120 in · 45 out · 165 total" (only the counts the span has); undefined without any. */
export function tokensText(summary: GenAiSummary, total = true): string | undefined {
  const { inputTokens, outputTokens } = summary;
  const parts = [
    inputTokens === undefined ? undefined : `${count(inputTokens)} in`,
    outputTokens === undefined ? undefined : `${count(outputTokens)} out`,
    total && inputTokens !== undefined && outputTokens !== undefined ? `${count(inputTokens + outputTokens)} total` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

function first<T>(
  keys: readonly string[],
  attributes: Readonly<Record<string, unknown>>,
  read: (value: unknown) => T | undefined,
) {
  for (const key of keys) {
    const value = read(attributes[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function textValue(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** A token count: OTLP int64 values may arrive as numbers or as decimal strings. */
function countValue(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number >= 0 ? number : undefined;
}

function listValue(value: unknown): string[] | undefined {
  if (Array.isArray(value)) {
    const items = value.filter((item): item is string => typeof item === "string");
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === "string" && value !== "") {
    // some exporters flatten an array attribute to its JSON text
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return listValue(parsed);
    } catch {
      // a plain string: one reason
    }
    return [value];
  }
  return undefined;
}
