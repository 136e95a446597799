import { type AgentInput, UserSimulatorAgentAdapter } from "../../domain/agent.js";
import { ModelNotConfiguredError, RehearseError } from "../../domain/errors.js";
import type { DomainEventPayload } from "../../domain/event.js";
import { loadOnce } from "../../domain/load-once.js";
import type { ModelReference, ResolvedModel } from "../../domain/models.js";
import { AgentRole } from "../../domain/roles.js";
import type { ScenarioExecutionStateLike } from "../../domain/scenario.js";
import { checkAgentOptions } from "../agent-options.js";
import type { InvokeLLMParams, InvokeLLMResult } from "../invoke-llm.js";
import { invokeModel } from "../invoke-model.js";
import { type DeclaredIn, missingModelAdvice, modelFor } from "../model-for.js";
import type { SimulatorMessage } from "./reverse-roles.js";
import type { SimulatedTurn, SimulationRecord, UserSimulatorReport } from "./simulation-record.js";
import { checkControls, controlsOf, patienceBudget, type SimulatorControls } from "./simulator-controls.js";

/** The prompt's text, the role reversal and the per-run record, loaded with the first simulated turn. */
const loadPrompting = loadOnce(() =>
  Promise.all([
    import("./reverse-roles.js"),
    import("./simulator-prompt.js"),
    import("./simulation-record.js"),
    import("./prompt-version.js"),
  ]),
);
/** The goal's structured reply and the realism grader (they load zod), loaded when first used. */
const loadGoalTurn = loadOnce(() => import("./goal-turn.js"));
const loadRealism = loadOnce(() => import("./realism-checks.js"));

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

/** `userSimulatorAgent({ realismChecks })`: grade every simulated turn, and with which model. */
export interface RealismChecksOptions {
  /** The grader's model; the run's `defaultModel` when omitted (without either the checks are `skipped`). */
  model?: ModelReference;
}

/**
 * Options of `userSimulatorAgent`: the reference's, plus the behaviour
 * controls, a hidden goal and plan (`SimulatorControls`), and realism checks.
 */
export interface UserSimulatorAgentConfig extends TestingAgentConfig, SimulatorControls {
  /** Who the simulated user is (appended to the prompt): "an impatient customer who writes in French". */
  persona?: string;
  /**
   * Grade every simulated turn (stays in persona, keeps the plan hidden, does
   * not solve the task for the agent) with one model call each; reported in
   * `result.reports` and as `user_realism_check` events. Off by default.
   */
  realismChecks?: boolean | RealismChecksOptions;
}

/**
 * A simulated user backed by a model. Each call writes the user's next
 * message from the scenario description, the persona, the controls and the
 * conversation so far (roles reversed, tool use summarised). An empty
 * completion is retried once, then the run ends with `error`. Without any
 * model (none given, no `defaultModel`) the run ends `skipped`, naming the
 * setting to add.
 *
 * With a `goal` the model answers in JSON (message, goal status, progress,
 * why); when the goal is met or the user gives up (itself, or when its
 * patience runs out) it ends the conversation (`state.endConversation`) and
 * the judge gives its final verdict. Each run's prompt version, goal status
 * and realism checks are in `result.reports[<name>]` (decision 0047).
 */
export class UserSimulatorAgent extends UserSimulatorAgentAdapter {
  override role: AgentRole = AgentRole.USER;
  private readonly config: UserSimulatorAgentConfig;
  private readonly controls: SimulatorControls;
  /** The last built-in prompt and the description it was built for. */
  private prompt: { description: string; text: string } | undefined;
  /** What this simulator did in each run, by the run's state (dropped with it). */
  private readonly records = new WeakMap<object, SimulationRecord>();

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
    checkControls("userSimulatorAgent", config);
    this.config = config;
    this.controls = controlsOf(config);
    if (config.name) this.name = config.name;
  }

  override async call(input: AgentInput): Promise<string | null> {
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
    const record = await this.recordFor(input.scenarioState);
    const turn = { turn: input.scenarioState?.currentTurn ?? 0 } as SimulatedTurn;
    record.turns.push(turn);
    const message = this.controls.goal
      ? await this.goalMessage(input, params, resolved, record, turn)
      : await this.plainMessage(params, resolved);
    if (this.config.realismChecks) await this.checkRealism(input, params, message, turn, record.promptVersion);
    return message || null;
  }

  /** The next message without a goal: plain text, an empty one retried once. */
  private async plainMessage(params: InvokeLLMParams, resolved: ResolvedModel): Promise<string> {
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

  /** The next message with a goal: the structured reply, recorded; a met or abandoned goal ends the conversation. */
  private async goalMessage(
    input: AgentInput,
    params: InvokeLLMParams,
    resolved: ResolvedModel,
    record: SimulationRecord,
    turn: SimulatedTurn,
  ): Promise<string> {
    const { goalTurn } = await loadGoalTurn();
    const reply = await goalTurn({
      params,
      invoke: this.invokeLLM,
      record,
      patience: patienceBudget(this.controls.patience),
      answersAgent: input.messages.some((message) => message.role === "assistant"),
      agent: this.name,
      modelKey: resolved.key,
    });
    turn.goal = { status: reply.goal, progress: reply.progress, why: reply.why };
    record.goal = { status: reply.goal, why: reply.why, turn: turn.turn };
    const state = input.scenarioState;
    if (state?.emitting) {
      const { promptVersion } = record;
      state.emitEvent?.({
        type: "user_goal_status",
        actor: "user",
        status: reply.goal,
        progress: reply.progress,
        why: reply.why,
        promptVersion,
      });
    }
    if (reply.goal !== "pursuing") {
      state?.endConversation?.(`${reply.goal === "met" ? "the user's goal was met" : "the user gave up"}: ${reply.why}`);
    }
    return reply.message;
  }

  /** Grades the turn's message (or reports the checks skipped, naming the setting to add); an empty closing message has nothing to grade. */
  private async checkRealism(
    input: AgentInput,
    params: InvokeLLMParams,
    message: string,
    turn: SimulatedTurn,
    promptVersion: string,
  ): Promise<void> {
    if (!message) return;
    const { realismVerdict } = await loadRealism();
    const { realismChecks, declaredIn } = this.config;
    const verdict = await realismVerdict({
      input,
      model: typeof realismChecks === "object" ? realismChecks.model : undefined,
      agent: this.name,
      declaredIn,
      brief: { simulatorPrompt: String(params.system ?? ""), conversation: params.messages as SimulatorMessage[], message },
      invoke: this.invokeLLM,
    });
    turn.realism = verdict;
    const state = input.scenarioState;
    if (state?.emitting) state.emitEvent?.({ type: "user_realism_check", actor: "system", promptVersion, ...verdict });
  }

  /** This run's record, made on the first simulated turn (a call outside a run keeps one for the agent). */
  private async recordFor(state: ScenarioExecutionStateLike | undefined): Promise<SimulationRecord> {
    const key: object = typeof state === "object" && state !== null ? state : this;
    let record = this.records.get(key);
    if (!record) {
      const [, , { SimulationRecord }, { simulatorPromptVersion }] = await loadPrompting();
      const version = simulatorPromptVersion({
        systemPrompt: this.config.systemPrompt,
        persona: this.config.persona,
        controls: this.controls,
      });
      record = new SimulationRecord(version);
      this.records.set(key, record);
    }
    return record;
  }

  /** `result.reports[<name>]`: the prompt version, goal status and realism checks of a run it simulated turns in. */
  resultReport(state: ScenarioExecutionStateLike): UserSimulatorReport | undefined {
    return this.records.get(state)?.report();
  }

  /** The `user_simulator_report` event the run emits as it ends. */
  reportEvent(report: unknown): DomainEventPayload | undefined {
    return report === undefined
      ? undefined
      : { type: "user_simulator_report", actor: "system", report: report as UserSimulatorReport };
  }

  /**
   * The built-in system prompt for `description`, looked up once while the
   * description stays the same (a run asks this agent once per user turn);
   * `build` shares one text among simulators with the same inputs.
   */
  private promptFor(
    description: string,
    build: (description: string, persona?: string, controls?: SimulatorControls) => string,
    goalPrompt: (goal: string, plan: readonly string[] | undefined) => string,
  ): string {
    if (this.prompt?.description !== description) {
      const { systemPrompt } = this.config;
      const { goal, plan } = this.controls;
      // a custom prompt keeps its words; a goal still appends its sections, so its status can be read
      const text =
        systemPrompt === undefined
          ? build(description, this.config.persona, this.controls)
          : goal
            ? `${systemPrompt}\n\n${goalPrompt(goal, plan)}`
            : systemPrompt;
      this.prompt = { description, text };
    }
    return this.prompt.text;
  }

  private async params(input: AgentInput, resolved: ResolvedModel): Promise<InvokeLLMParams> {
    const { config } = this;
    // the prompt's text and the role reversal load with the first simulated turn, not with the package
    const [{ reverseRoles }, { OPENING_LINE, goalPrompt, sharedSimulatorPrompt }] = await loadPrompting();
    const defaults = resolved.defaults;
    const temperature = config.temperature ?? defaults.temperature;
    const maxOutputTokens = config.maxTokens ?? defaults.maxTokens;
    const providerOptions = config.providerOptions ?? defaults.providerOptions;
    const system = this.promptFor(input.scenarioConfig.description, sharedSimulatorPrompt, goalPrompt);
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
 *
 * @example
 * ```ts
 * // a reluctant user with a hidden goal: ends when the refund is done or after 3 useless replies
 * userSimulatorAgent({ cooperativeness: "low", patience: 3, goal: "Get a refund for order 42", realismChecks: true })
 * ```
 */
export function userSimulatorAgent(config?: UserSimulatorAgentConfig): UserSimulatorAgent {
  return new UserSimulatorAgent(config);
}
