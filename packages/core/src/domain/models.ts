import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { AgentRole } from "./roles.js";

/**
 * A model as users write it: an AI SDK `LanguageModel` object (spec V3, e.g.
 * `openai("gpt-4.1-mini")` or `MockLanguageModelV3`), or an id the runner's
 * registry resolves: `openai:<model>`, `anthropic:<model>`,
 * `openai-compatible:<baseURL>#<model>`.
 */
export type ModelReference = LanguageModelV3 | string;

/**
 * A default model with settings, as `defaultModel` may also be given
 * (the reference's `ModelConfig`).
 */
export interface ModelSettings {
  model: ModelReference;
  temperature?: number;
  maxTokens?: number;
  /** Passed through to the provider (AI SDK `providerOptions`). */
  providerOptions?: Record<string, Record<string, unknown>>;
}

/** Who is calling a model: usage is counted per role, and logs name the agent. */
export interface ModelUse {
  role: AgentRole;
  /** The agent's name (`UserSimulatorAgent`, `JudgeAgent`, …). */
  agent: string;
}

/** A resolved model plus the defaults that came with it. */
export interface ResolvedModel {
  /** Wrapped in the run's middleware: record/replay, usage, retries, concurrency limit. */
  model: LanguageModelV3;
  /** `provider:modelId`, the key for usage, prices and concurrency limits. */
  key: string;
  /** Settings from `defaultModel` when it was used (explicit agent settings win). */
  defaults: Omit<ModelSettings, "model">;
  /**
   * Options for `generateText` that the run's middleware needs (`maxRetries: 0`
   * when the run retries itself). Spread them into the call.
   */
  callOptions: { maxRetries: number };
}

/**
 * The run's access to models, handed to agents in `AgentInput.models`. The
 * runner builds one per run; the engine only passes it along.
 */
export interface RunModels {
  /**
   * The model for `reference`, or the configured `defaultModel` when
   * `reference` is undefined. `undefined` when neither exists (the agent then
   * reports `skipped` naming the setting). Rejects with `ConfigError` for an
   * unknown provider, a malformed id or a missing provider package.
   */
  resolve(reference: ModelReference | undefined, use: ModelUse): Promise<ResolvedModel | undefined>;
  /** Reports a warning (e.g. a setting a provider dropped) through the run's diagnostics and logger. */
  warn(message: string): void;
  /**
   * How whoever started the run sets its default model, as a phrase for the
   * message of an agent that has no model (the CLI's: `add --model
   * openai:gpt-4.1-mini, …`). Absent: `defaultModel` through `configure()`,
   * the config file or `REHEARSE_DEFAULT_MODEL`.
   */
  readonly defaultModelHint?: string;
  /**
   * The run's model usage so far (live calls, tokens, cost): a graph measures
   * a node's share as the difference around its visit. Absent on foreign
   * implementations.
   */
  usage?(): UsageSummary | undefined;
}

/** Token counts of one or many model calls. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  /** Reasoning tokens, a part of `outputTokens` (0 when the provider does not say). */
  reasoningTokens: number;
  /** Input tokens served from the provider's prompt cache, a part of `inputTokens`. */
  cachedInputTokens: number;
  totalTokens: number;
}

/** Usage of one role or one model: live calls only (replayed calls cost nothing). */
export interface UsageLine extends TokenCounts {
  /** Live model calls that returned. */
  calls: number;
  /** Calls answered from a cassette (not in the token counts). */
  replayedCalls: number;
  /** In US dollars; `null` when a model used has no price (a warning says which). */
  cost: number | null;
}

/** Usage of a run or a batch. */
export interface UsageSummary {
  total: UsageLine;
  /** Keyed by role value: `User`, `Agent`, `Judge`. */
  byRole: Partial<Record<AgentRole, UsageLine>>;
  /** Keyed by `provider:modelId`. */
  byModel: Record<string, UsageLine>;
}
