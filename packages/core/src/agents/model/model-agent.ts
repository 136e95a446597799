import { AgentAdapter } from "../../domain/agent.js";
import { ModelNotConfiguredError, RehearseError } from "../../domain/errors.js";
import { loadOnce } from "../../domain/load-once.js";
import type { ModelMessage } from "../../domain/messages.js";
import type { ModelReference } from "../../domain/models.js";
import { AgentRole } from "../../domain/roles.js";
import type { AgentInput, AgentReturnTypes } from "../../domain/scenario.js";
import { checkAgentOptions } from "../agent-options.js";
import { type DeclaredIn, missingModelAdvice, modelFor } from "../model-for.js";

const loadAi = loadOnce(() => import("ai"));

/** Options of `modelAgent`. */
export interface ModelAgentOptions {
  /** Its instructions. */
  systemPrompt: string;
  /** A model object or a registry id (`"openai:gpt-4.1-mini"`); default: the run's `defaultModel`. */
  model?: ModelReference;
  name?: string;
  temperature?: number;
  maxTokens?: number;
  /** Most model steps per call (a step that calls tools is followed by another with their results; default 5). */
  maxSteps?: number;
  /** Where it was declared (a graph file), so a missing model names the file's setting. */
  declaredIn?: DeclaredIn;
}

/**
 * An agent that is a model with a prompt: it answers from the conversation,
 * calling the tools the run hands it (`input.tools`: the environment's, and a
 * graph's handoff tools) for up to `maxSteps` steps. The model call goes
 * through the run's models (record/replay, usage, retries, rate limits). What
 * a graph's model-backed node is; usable as any agent under test.
 *
 * @example
 * modelAgent({ systemPrompt: "You route support requests: refunds go to refunds, the rest to orders.", model: "openai:gpt-4.1-mini" })
 */
export class ModelAgent extends AgentAdapter {
  override role = AgentRole.AGENT;
  /** Marks the agent as a model with a prompt (graph outlines draw it as such). */
  readonly modelBacked = true;

  constructor(private readonly options: ModelAgentOptions) {
    super();
    checkAgentOptions("modelAgent", options, {
      temperature: "temperature",
      maxTokens: "positiveInteger",
      systemPrompt: "text",
      name: "text",
      maxSteps: "positiveInteger",
    });
    if (typeof options.systemPrompt !== "string" || !options.systemPrompt.trim())
      throw new RehearseError("invalid_config", "modelAgent: systemPrompt is required (the agent's instructions)");
    this.name = options.name ?? "ModelAgent";
  }

  override async call(input: AgentInput): Promise<AgentReturnTypes> {
    const { options } = this;
    const resolved = await modelFor(input, options.model, { role: AgentRole.AGENT, agent: this.name ?? "ModelAgent" });
    if (!resolved)
      throw new ModelNotConfiguredError(
        `${this.name} is model-backed and has no model: ${missingModelAdvice(input.models, "modelAgent({ model })", options.declaredIn)}`,
      );
    const { generateText, stepCountIs } = await loadAi();
    const defaults = resolved.defaults;
    const temperature = options.temperature ?? defaults.temperature;
    const maxOutputTokens = options.maxTokens ?? defaults.maxTokens;
    const result = await generateText({
      model: resolved.model,
      system: options.systemPrompt,
      messages: input.messages as never,
      ...(input.tools && Object.keys(input.tools).length > 0
        ? { tools: input.tools as never, stopWhen: stepCountIs(options.maxSteps ?? 5) }
        : {}),
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
      ...(input.signal ? { abortSignal: input.signal } : {}),
      ...resolved.callOptions,
    });
    return result.response.messages as ModelMessage[];
  }
}

/** A model with a prompt as an agent (see `ModelAgent`). */
export function modelAgent(options: ModelAgentOptions): ModelAgent {
  return new ModelAgent(options);
}
