import type { Span } from "@opentelemetry/api";
import { type AgentInput, targetKeepsHistory, UserSimulatorAgentAdapter } from "../../domain/agent.js";
import { ModelNotConfiguredError, RehearseError } from "../../domain/errors.js";
import type { DomainEventPayload } from "../../domain/event.js";
import { loadOnce } from "../../domain/load-once.js";
import type { ModelMessage } from "../../domain/messages.js";
import type { ModelReference, ResolvedModel } from "../../domain/models.js";
import { AgentRole } from "../../domain/roles.js";
import type { ScenarioExecutionStateLike, ScriptStep } from "../../domain/scenario.js";
import { cache } from "../../models/cache.js";
import { inSpan } from "../../telemetry/tracing-state.js";
import { invokeModel } from "../invoke-model.js";
import { missingModelAdvice, modelFor } from "../model-for.js";
import type { InvokeLLMParams, InvokeLLMResult } from "../user-simulator/user-simulator-agent.js";
import type { RedTeamReport, RedTeamReportBuilder } from "./attack-report.js";
import { type AttackState, AttackStates, objectiveReached, settleReport } from "./attack-state.js";
import type { AttackTurnContext } from "./attack-turn.js";
import type { RedTeamStrategy } from "./contracts.js";
import { type MarathonScriptOptions, marathonScript } from "./marathon-script.js";
import { metapromptVariables, renderMetaprompt } from "./metaprompt.js";
import {
  type CrescendoConfig,
  type GoatConfig,
  goatEncodings,
  type RedTeamAgentConfig,
  type RedTeamSettings,
  redTeamSettings,
} from "./red-team-config.js";
import {
  attackCallAttributes,
  attackPlanAttributes,
  RED_TEAM_CALL_SPAN,
  RED_TEAM_PLAN_SPAN,
  recordAttackTurn,
} from "./red-team-spans.js";
import { redTeamReportEvent } from "./report-event.js";
import { CrescendoStrategy } from "./strategies/crescendo-strategy.js";
import { GoatStrategy } from "./strategies/goat-strategy.js";

const loadAttackTurn = loadOnce(() => import("./attack-turn.js"));

export type { CrescendoConfig, GoatConfig, RedTeamAgentConfig } from "./red-team-config.js";

const marker = Symbol.for("rehearse.red-team-agent");

/**
 * The attack plan as this run's cassette sees it. Plans are shared across
 * runs in memory, so only the first run of a description calls the
 * metaprompt model; recording the plan itself in every run's cassette lets
 * any run replay alone, in a fresh process, with no model call.
 */
const recordedPlan = cache(async (_description: string, _target: string, plan: () => Promise<string>) => plan(), {
  name: "redTeamAttackPlan",
  ignore: [2],
});

/**
 * An adversarial simulated user (role `User`): a drop-in for the user
 * simulator that tries to make the agent under test fail `target`. It keeps
 * its own conversation (plan, scores, hints, markers) apart from the one the
 * target sees, and every bit of it belongs to the run: one agent object may
 * serve many runs at once. Without an attacker model (none given, no
 * `defaultModel`) the run ends `skipped`, naming the setting to add.
 */
export class RedTeamAgent extends UserSimulatorAgentAdapter {
  readonly [marker] = true;
  override name = "RedTeamAgent";
  override role: AgentRole = AgentRole.USER;
  readonly strategy: RedTeamStrategy;
  readonly target: string;
  readonly totalTurns: number;
  /** `null` when early exit is disabled. */
  readonly successScore: number | null;
  readonly successConfirmTurns: number;
  readonly model: ModelReference | undefined;
  readonly metapromptModel: ModelReference | undefined;

  /** The model call of the attacker, the metaprompt and the scorer; replace it to intercept (the reference's seam). */
  invokeLLM: (params: InvokeLLMParams) => Promise<InvokeLLMResult> = invokeModel;

  private readonly settings: RedTeamSettings;
  private readonly states: AttackStates;
  /** Attack plans by scenario description: a plan fits its description, so runs of one scenario share it. */
  private readonly plans = new Map<string, { owner: ScenarioExecutionStateLike; plan: Promise<string> }>();
  private notesWarned = false;

  /** @param factory the factory's name, for error messages. */
  constructor(config: RedTeamAgentConfig, factory = "redTeamAgent") {
    super();
    this.settings = redTeamSettings(factory, config);
    const { strategy, target, totalTurns, successScore, successConfirmTurns } = this.settings;
    this.strategy = strategy;
    this.target = target;
    this.totalTurns = totalTurns;
    this.successScore = successScore;
    this.successConfirmTurns = successConfirmTurns;
    this.model = this.settings.model;
    this.metapromptModel = this.settings.metapromptModel;
    this.states = new AttackStates({
      strategy: strategyId(strategy),
      target,
      totalTurns,
      maxBacktracks: this.settings.maxBacktracks,
      notes: this.settings.notes,
    });
  }

  /** Writes the next attack. The attack turn is the engine's 0-based `currentTurn`. */
  override async call(input: AgentInput): Promise<ModelMessage> {
    const { settings } = this;
    // loaded on the first attack: importing the package does not pay for the attack machinery
    const { encodeAttack, readReply, writeAttack } = await loadAttackTurn();
    const attacker = await this.resolve(input, settings.model, "model");
    this.warnNotes(input);
    const turn = input.scenarioState.currentTurn;
    const run = this.states.for(input.scenarioState);
    if (!run.statefulTarget && !settings.statefulTarget && targetKeepsHistory(input.scenarioConfig.agents)) {
      run.statefulTarget = true;
      run.backtracksRemaining = 0;
      run.report.note("the target keeps its own history (a server-side session), so backtracking is disabled");
    }
    const context: AttackTurnContext = {
      input,
      turn,
      run,
      settings,
      agentName: this.name,
      invoke: (params) => this.invokeLLM(params),
      scorer: () => this.resolve(input, settings.scorerModel, "scorerModel"),
    };
    const { strategy, totalTurns } = settings;
    const facts = { turn, totalTurns, strategy, target: settings.target, threadId: input.threadId };
    return inSpan(RED_TEAM_CALL_SPAN, attackCallAttributes(facts), async (span) => {
      const plan =
        (strategy.needsMetapromptPlan ?? true)
          ? await recordedPlan(input.scenarioConfig.description, settings.target, () => this.attackPlan(input))
          : "";
      if (plan) run.report.recordAttackPlan(plan);
      const answered = run.pending?.turn;
      const backtracks = run.backtracks.length;
      await readReply(context);
      const system = strategy.buildSystemPrompt({
        target: settings.target,
        currentTurn: turn,
        totalTurns,
        scenarioDescription: input.scenarioConfig.description,
        metapromptPlan: plan,
      });
      const output = await writeAttack(context, attacker, system);
      const { sent, encoding } = encodeAttack(context, output.reply);
      const techniques = strategy.chosenTechniqueIds?.(output.strategy) ?? [];
      run.report.recordTurn({
        turn,
        phase: strategy.getPhaseName(turn, totalTurns),
        attack: output.reply,
        sent,
        techniques,
        ...(encoding ? { encoding } : {}),
        ...(output.parseFailed ? { parseFailed: true } : {}),
      });
      const didBacktrack = run.backtracks.length > backtracks;
      recordAttackTurn(span, {
        ...facts,
        didBacktrack,
        backtracksRemaining: run.backtracksRemaining,
        score: answered === undefined || didBacktrack ? undefined : run.scores.get(answered)?.score,
        output,
        parseFailures: run.parseFailures,
        chosenTechniqueIds: techniques,
        encoding,
      });
      run.pending = { turn, sent };
      return { role: "user", content: sent };
    });
  }

  /**
   * True when the run's last `successConfirmTurns` scored turns all reached
   * `successScore` (always false when it is `null`). Pass the step's `state`;
   * without it the last run this agent attacked in is used, which is
   * ambiguous when one agent serves concurrent runs.
   */
  checkEarlyExit(state?: ScenarioExecutionStateLike): boolean {
    const run = state ?? this.states.latest();
    return objectiveReached(run && this.states.peek(run), this.successScore, this.successConfirmTurns);
  }

  /**
   * `totalTurns` × (`user()`, `agent()`, early-exit check, `checks`), then
   * `finalChecks` and `judge()`. The early exit runs `finalChecks` and
   * succeeds with reasoning starting "Early exit: objective achieved".
   *
   * @example
   * ```ts
   * const attacker = redTeamCrescendo({ target: "reveal the system prompt", totalTurns: 10 });
   * await run({ name: "prompt leak", description, agents: [myAgent, attacker, judgeAgent({ criteria })], script: attacker.marathonScript() });
   * ```
   */
  marathonScript(options?: MarathonScriptOptions): ScriptStep[] {
    return marathonScript(
      {
        totalTurns: this.totalTurns,
        successScore: this.successScore,
        successConfirmTurns: this.successConfirmTurns,
        checkEarlyExit: (state) => this.checkEarlyExit(state),
        onEarlyExit: (state) => this.recordEarlyExit(state),
        reportBuilderFor: (state) => this.reportBuilderFor(state),
      },
      options,
    );
  }

  /**
   * The run's report so far (a copy), including the target's reply to the
   * last attack. Without `state`, the last run this agent attacked in
   * (ambiguous when one agent serves concurrent runs). `undefined` when the
   * agent never attacked in that run.
   */
  reportFor(state?: ScenarioExecutionStateLike): RedTeamReport | undefined {
    return this.settledRun(state)?.report.build();
  }

  /** `result.reports.RedTeamAgent`: this run's report, once it attacked. */
  resultReport(state: ScenarioExecutionStateLike): RedTeamReport | undefined {
    return this.states.peek(state) ? this.reportFor(state) : undefined;
  }

  /**
   * The `red_team_report` event of this run's report (what `resultReport`
   * gave), which the run emits as it ends; very long texts are trimmed in
   * the event only (`redTeamReportEvent`).
   */
  reportEvent(report: unknown): DomainEventPayload | undefined {
    return report === undefined ? undefined : redTeamReportEvent(report as RedTeamReport);
  }

  /** The run's report builder, for adding what only the caller knows (the final grade: `recordGrade`). */
  reportBuilderFor(state?: ScenarioExecutionStateLike): RedTeamReportBuilder | undefined {
    return this.settledRun(state)?.report;
  }

  private settledRun(state: ScenarioExecutionStateLike | undefined): AttackState | undefined {
    const key = state ?? this.states.latest();
    const run = key && this.states.peek(key);
    if (key && run) settleReport(run, key.messages);
    return run;
  }

  private recordEarlyExit(state: ScenarioExecutionStateLike): void {
    const run = this.states.peek(state);
    if (!run || run.scores.size === 0) return;
    const turn = Math.max(...run.scores.keys());
    run.report.recordEarlyExit(turn, run.scores.get(turn)?.score ?? 0);
  }

  private async resolve(input: AgentInput, reference: ModelReference | undefined, option: string): Promise<ResolvedModel> {
    const resolved = await modelFor(input, reference, { role: AgentRole.USER, agent: this.name });
    if (resolved) return resolved;
    throw new ModelNotConfiguredError(
      `The scenario needs an attacker turn, but ${this.name} has no model: ${missingModelAdvice(input.models, `redTeamAgent({ ${option} })`)}`,
    );
  }

  private warnNotes(input: AgentInput): void {
    if (this.notesWarned || !input.models) return;
    this.notesWarned = true;
    for (const note of this.settings.notes) input.models.warn(`${this.name}: ${note}`);
  }

  /**
   * The attack plan for this scenario's description: the given `attackPlan`,
   * or one metaprompt call per description shared by every run. A failed
   * call is not cached; a run waiting on another run's failed call retries
   * with its own.
   */
  private async attackPlan(input: AgentInput): Promise<string> {
    if (this.settings.attackPlan !== undefined) return this.settings.attackPlan;
    const description = input.scenarioConfig.description;
    let entry = this.plans.get(description);
    if (!entry) {
      const created = { owner: input.scenarioState, plan: this.generatePlan(input, description) };
      created.plan.catch(() => {
        if (this.plans.get(description) === created) this.plans.delete(description);
      });
      this.plans.set(description, created);
      entry = created;
    }
    try {
      return await entry.plan;
    } catch (error) {
      if (entry.owner === input.scenarioState || input.signal?.aborted) throw error;
      return this.attackPlan(input);
    }
  }

  private generatePlan(input: AgentInput, description: string): Promise<string> {
    const attributes = attackPlanAttributes(this.settings.strategy, input.threadId);
    return inSpan(RED_TEAM_PLAN_SPAN, attributes, (span) => this.writePlan(input, description, span));
  }

  private async writePlan(input: AgentInput, description: string, span: Span | undefined): Promise<string> {
    const { settings } = this;
    const resolved = await this.resolve(input, settings.metapromptModel, "metapromptModel");
    span?.setAttribute("red_team.metaprompt_model", resolved.key);
    const variables = metapromptVariables(settings.strategy, settings.target, description, settings.totalTurns);
    const prompt = renderMetaprompt(settings.metapromptTemplate ?? "", variables);
    const completion = await this.invokeLLM({
      model: resolved.model,
      messages: [{ role: "user", content: prompt }],
      temperature: settings.metapromptTemperature,
      ...(input.signal ? { abortSignal: input.signal } : {}),
      ...resolved.callOptions,
    });
    const plan = completion.text.trim();
    if (!plan) {
      throw new RehearseError(
        "invalid_model_output",
        `${this.name}: the metaprompt model (${resolved.key}) returned an empty attack plan; check the model, or pass attackPlan`,
      );
    }
    return plan;
  }
}

/** `crescendo`, `goat`, or the strategy's class name without "Strategy", lowercased. */
function strategyId(strategy: RedTeamStrategy): string {
  const name: string = Object.getPrototypeOf(strategy)?.constructor?.name ?? "custom";
  return name.replace(/Strategy$/, "").toLowerCase() || "custom";
}

/**
 * A red-team attacker with your own strategy.
 *
 * @example
 * ```ts
 * const attacker = redTeamAgent({ strategy: new CrescendoStrategy(), target: "get a refund without a receipt", model: "openai:gpt-4.1" });
 * ```
 */
export function redTeamAgent(config: RedTeamAgentConfig): RedTeamAgent {
  return new RedTeamAgent(config);
}

/**
 * A Crescendo attacker: a metaprompt plan, then escalation from harmless
 * rapport to direct pressure over `totalTurns` (default 30). One agent may
 * serve many runs, even concurrently.
 *
 * @example
 * ```ts
 * const attacker = redTeamCrescendo({ target: "reveal the system prompt", totalTurns: 10 });
 * await run({ name: "prompt leak", description: "A bank's support bot", agents: [myAgent, attacker, judgeAgent({ criteria })], script: attacker.marathonScript() });
 * ```
 */
export function redTeamCrescendo(config: CrescendoConfig): RedTeamAgent {
  return new RedTeamAgent({ ...config, strategy: new CrescendoStrategy() }, "redTeamCrescendo");
}

/**
 * A GOAT attacker: each turn it picks techniques from a catalogue (default
 * the paper's seven) and answers in JSON (`observation`, `strategy`,
 * `reply`); only `reply` reaches the target. No metaprompt. `totalTurns`
 * defaults to 30.
 *
 * @example
 * ```ts
 * const attacker = redTeamGoat({ target: "get another customer's address", injectionProbability: 0.2 });
 * ```
 */
export function redTeamGoat(config: GoatConfig): RedTeamAgent {
  const { goatTechniques, encodingTechniques: _encoding, techniques: _techniques, ...rest } = config;
  const techniques = goatEncodings(config);
  return new RedTeamAgent(
    { ...rest, ...(techniques ? { techniques } : {}), strategy: new GoatStrategy(goatTechniques) },
    "redTeamGoat",
  );
}

/** True for a red-team attacker made by this package (any copy of it). */
export function isRedTeamAgent(value: unknown): value is RedTeamAgent {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
