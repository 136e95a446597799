import { type AgentInput, UserSimulatorAgentAdapter } from "../../domain/agent.js";
import { ModelNotConfiguredError, RehearseError } from "../../domain/errors.js";
import { loadOnce } from "../../domain/load-once.js";
import type { ModelReference, ResolvedModel } from "../../domain/models.js";
import { AgentRole } from "../../domain/roles.js";
import { checkAgentOptions } from "../agent-options.js";
import type { InvokeLLMParams, InvokeLLMResult } from "../invoke-llm.js";
import { invokeModel } from "../invoke-model.js";
import { type DeclaredIn, missingModelAdvice, modelFor } from "../model-for.js";

/** The prompt's text and the role reversal, loaded with the first simulated turn. */
const loadPrompting = loadOnce(() => Promise.all([import("./reverse-roles.js"), import("./simulator-prompt.js")]));

export type { InvokeLLMParams, InvokeLLMResult } from "../invoke-llm.js";

/** Options shared by the model-backed testing agents (the reference's `TestingAgentConfig`). */
export interface TestingAgentConfig {
  /** An AI SDK model, or an id such as `"openai:gpt-4.1-mini"`; `defaultModel` when omitted. */
  model?: ModelReference;
  temperature?: number;
  maxTokens?: number;
  name?: string;
  /** Replaces the built-in system prompt. */
  systemPrompt?: string;
  /** Passed through to the provider (AI SDK `providerOptions`). */
  providerOptions?: Record<string, Record<string, unknown>>;
  /**
   * Where the agent was declared when not in TypeScript (scenario files set
   * it): a message about a missing model then names the file's `model:` key
   * rather than the factory option.
   */
  declaredIn?: DeclaredIn;
}

/** Options of `userSimulatorAgent`. */
export interface UserSimulatorAgentConfig extends TestingAgentConfig {
  /** Who the simulated user is (appended to the prompt): "an impatient customer who writes in French". */
  persona?: string;
}

/**
 * A simulated user backed by a model. Each call writes the user's next
 * message from the scenario description, the persona and the conversation so
 * far (roles reversed, tool use summarised). An empty completion is retried
 * once, then the run ends with `error`. Without any model (none given, no
 * `defaultModel`) the run ends `skipped`, naming the setting to add.
 */
export class UserSimulatorAgent extends UserSimulatorAgentAdapter {
  override role: AgentRole = AgentRole.USER;
  private readonly config: UserSimulatorAgentConfig;
  /** The last built-in prompt and the description it was built for. */
  private prompt: { description: string; text: string } | undefined;

  /** The model call; replace it to intercept or customise (the reference's seam). */
  invokeLLM: (params: InvokeLLMParams) => Promise<InvokeLLMResult> = invokeModel;

  constructor(config: UserSimulatorAgentConfig = {}) {
    super();
    checkAgentOptions("userSimulatorAgent", config, {
      temperature: "temperature",
      maxTokens: "positiveInteger",
      systemPrompt: "text",
      persona: "text",
      name: "text",
    });
    this.config = config;
    if (config.name) this.name = config.name;
  }

  override async call(input: AgentInput): Promise<string> {
    const resolved = await modelFor(input, this.config.model, { role: AgentRole.USER, agent: this.name });
    if (!resolved) {
      const advice = missingModelAdvice(input.models, "userSimulatorAgent({ model })", this.config.declaredIn);
      // a file scripts user turns with `content:`, TypeScript with user("…")
      const scripted = this.config.declaredIn ? "give the user steps their content" : 'script the user turns with user("…")';
      throw new ModelNotConfiguredError(
        `The scenario needs a simulated user turn, but ${this.name} has no model: ${advice} — or ${scripted}`,
      );
    }
    const params = await this.params(input, resolved);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const completion = await this.invokeLLM(params);
      const text = completion.text.trim();
      if (text) return text;
    }
    throw new RehearseError(
      "invalid_model_output",
      `${this.name}: the model (${resolved.key}) returned an empty message twice; check the model and its settings (a reasoning model may spend all of maxTokens on reasoning)`,
    );
  }

  /**
   * The built-in system prompt for `description`, looked up once while the
   * description stays the same (a run asks this agent once per user turn);
   * `build` shares one text among simulators with the same inputs.
   */
  private promptFor(description: string, build: (description: string, persona?: string) => string): string {
    if (this.prompt?.description !== description) {
      this.prompt = { description, text: build(description, this.config.persona) };
    }
    return this.prompt.text;
  }

  private async params(input: AgentInput, resolved: ResolvedModel): Promise<InvokeLLMParams> {
    const { config } = this;
    // the prompt's text and the role reversal load with the first simulated turn, not with the package
    const [{ reverseRoles }, { OPENING_LINE, sharedSimulatorPrompt }] = await loadPrompting();
    const defaults = resolved.defaults;
    const temperature = config.temperature ?? defaults.temperature;
    const maxOutputTokens = config.maxTokens ?? defaults.maxTokens;
    const providerOptions = config.providerOptions ?? defaults.providerOptions;
    const system = config.systemPrompt ?? this.promptFor(input.scenarioConfig.description, sharedSimulatorPrompt);
    const opening = { role: "assistant" as const, content: OPENING_LINE };
    return {
      model: resolved.model,
      system,
      messages: reverseRoles([opening, ...input.messages]),
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
      ...(providerOptions ? { providerOptions: providerOptions as never } : {}),
      ...(input.signal ? { abortSignal: input.signal } : {}),
      ...resolved.callOptions,
    };
  }
}

/**
 * A simulated user backed by a model.
 *
 * @example
 * ```ts
 * agents: [myAgent, userSimulatorAgent({ model: "openai:gpt-4.1-mini", persona: "a busy parent, terse" }), judgeAgent({ criteria: ["…"] })]
 * ```
 */
export function userSimulatorAgent(config?: UserSimulatorAgentConfig): UserSimulatorAgent {
  return new UserSimulatorAgent(config);
}
