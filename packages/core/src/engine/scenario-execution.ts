import type { Agent, AgentReturnTypes, JudgmentRequest } from "../domain/agent.js";
import { agentName, ownCriteria } from "../domain/agent.js";
import { type Criterion, criterionName, isCheck } from "../domain/criteria.js";
import type { SeedStep } from "../domain/declarative.js";
import { AbortedError, RehearseError } from "../domain/errors.js";
import type { DomainEventPayload } from "../domain/event.js";
import type { ModelMessage } from "../domain/messages.js";
import type { RunModels } from "../domain/models.js";
import { combineStatuses, isAssertionError } from "../domain/outcome.js";
import type { JudgeResult, ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type {
  JudgeOptions,
  RunEnvironment,
  ScenarioConfig,
  ScenarioExecutionLike,
  ScenarioExecutionStateLike,
  ScriptStep,
} from "../domain/scenario.js";
import type { ObservedToolCall, ScenarioToolSet } from "../domain/tools.js";
import { EventBus } from "../events/event-bus.js";
import { AgentCallInput } from "./agent-call-input.js";
import { type AgentReply, normaliseReply } from "./agent-reply.js";
import { agentFailure, callAgent, missingRole } from "./call-agent.js";
import { checkpointVerdict } from "./checkpoint-verdict.js";
import { assertionConclusion, type Conclusion, endOfScript, errorConclusion, rejectionFor, statusOf } from "./conclusion.js";
import { CriteriaLedger } from "./criteria-ledger.js";
import { DeadlineTicker } from "./deadline-ticker.js";
import { evaluateChecks } from "./evaluate-checks.js";
import type { ExecutionSettings } from "./execution-settings.js";
import { ScenarioExecutionState, type StateHost } from "./execution-state.js";
import { LifecycleEmitter } from "./lifecycle-emitter.js";
import { MessageLog } from "./message-log.js";
import { ObservedToolCalls } from "./observed-tool-calls.js";
import type { Random } from "./random.js";
import { resultOf } from "./result-of.js";
import type { RunHooks, RunHost } from "./run-hooks.js";
import { RunWatchdog, unwatched } from "./run-watchdog.js";
import { TurnSchedule } from "./turn-schedule.js";
import { wrapTools } from "./wrap-tools.js";

type Callback = (state: ScenarioExecutionStateLike) => void | Promise<void>;

/** What `execute()` hands back: the result, and the error `run()` should reject with, if any. */
export interface ExecutionOutcome {
  result: ScenarioResult;
  /** An assertion error (rethrown as is) or a `RehearseError` carrying the original as `cause`. */
  rejection?: Error;
}

/**
 * Runs one scenario: the turn loop (user → agent → judge), the script DSL,
 * checkpoints, verdicts and lifecycle events. It does no I/O: clock, ids,
 * RNG, abort signal, interceptors and the event bus come in `settings`.
 *
 * Script steps receive it as their `executor`.
 */
export class ScenarioExecution implements ScenarioExecutionLike, StateHost {
  readonly state: ScenarioExecutionState;
  readonly log: MessageLog;
  readonly schedule: TurnSchedule;
  readonly random: Random;
  private readonly agents: readonly Agent[];
  private readonly maxTurns: number;
  private readonly ledger: CriteriaLedger;
  private readonly agentMilliseconds: number[];
  private readonly events: LifecycleEmitter;
  private readonly tools: ScenarioToolSet | undefined;
  private readonly observed: ObservedToolCalls;
  private conclusion: Conclusion | undefined;
  private startedAt: number;
  private forks = 0;
  private stepReports: Map<string, unknown> | undefined;
  private built: { conclusion: Conclusion; result: ScenarioResult } | undefined;
  /** Real-time limits and the outer signal; shared by forks. Absent without `settings.timer`. */
  private readonly watchdog: RunWatchdog | undefined;

  /** The scenario as agents and steps see it: the caller's config with `maxTurns` resolved. */
  readonly config: ScenarioConfig;
  /** What the state shows as `environment`: the hooks' (a fork's parent's). */
  readonly environment: RunEnvironment | undefined;

  constructor(
    scenario: ScenarioConfig,
    private readonly script: readonly ScriptStep[],
    private readonly settings: ExecutionSettings,
    parent?: ScenarioExecution,
  ) {
    this.config = { ...scenario, maxTurns: settings.maxTurns };
    const config = this.config;
    this.agents = config.agents;
    this.maxTurns = settings.maxTurns;
    this.random = settings.random;
    this.log = parent ? parent.log.fork() : new MessageLog(this.agents.length, settings.ids);
    // roles are validated: an enum member or its string, the same value at run time
    this.schedule = parent ? parent.schedule.copy() : new TurnSchedule(this.agents.map((agent) => agent.role as AgentRole));
    this.events = new LifecycleEmitter(settings, this.schedule);
    this.ledger = parent ? parent.ledger.copy() : new CriteriaLedger();
    this.agentMilliseconds = parent ? [...parent.agentMilliseconds] : this.agents.map(() => 0);
    this.observed = new ObservedToolCalls(parent?.observed);
    this.startedAt = parent ? parent.startedAt : settings.clock.now();
    this.watchdog = parent ? parent.watchdog : watchdogFor(settings, String(config.name));
    this.environment = parent ? parent.environment : settings.hooks?.environment;
    this.state = new ScenarioExecutionState(config, settings.threadId, this);
    this.tools = config.tools
      ? wrapTools(config.tools, {
          interceptors: settings.interceptors.tool ?? [],
          newCallId: () => settings.ids.next("toolcall"),
          record: (event) => {
            this.observed.record(event, this.schedule.currentTurn, this.log.length);
            this.events.domain(event);
          },
        })
      : undefined;
    if (!parent) settings.hooks?.attach?.(this.host());
  }

  get messages(): ModelMessage[] {
    return this.log.messages();
  }

  /** Calls made through `AgentInput.tools` (the state's `toolCalls` copies them). */
  get toolCalls(): readonly ObservedToolCall[] {
    return this.observed.calls;
  }

  get threadId(): string {
    return this.settings.threadId;
  }

  /**
   * The run's model access (what agents get as `AgentInput.models`), for
   * script steps that call models themselves (TAP's attacker and evaluator).
   * Undefined when the execution was built without one; forks share it.
   */
  get models(): RunModels | undefined {
    return this.settings.models;
  }

  /** The result, once the run has concluded. */
  get result(): ScenarioResult | undefined {
    return this.conclusion ? this.buildResult(this.conclusion) : undefined;
  }

  /** Runs the whole script and concludes. Never throws: errors become an `error` result. */
  async execute(): Promise<ExecutionOutcome> {
    this.startedAt = this.settings.clock.now();
    this.events.started(this.config.metadata, this.config.name, this.config.description);
    let rejection: Error | undefined;
    try {
      const running = this.script.length === 1 && !this.settings.hooks?.beforeStep ? this.runOnlyStep() : this.runScript();
      // a timeout or abort ends the run now, even while an agent's promise never settles
      await (this.watchdog ? this.watchdog.guard(running) : running);
      this.watchdog?.stop();
    } catch (error) {
      this.watchdog?.stop();
      if (isAssertionError(error)) {
        this.conclusion = assertionConclusion(error);
        this.ledger.record([], [error.message]);
        rejection = error;
      } else {
        this.conclusion = errorConclusion(error);
        if (this.conclusion.status === "error") rejection = rejectionFor(error);
      }
    }
    this.conclusion ??= endOfScript(this.ledger);
    if (this.settings.hooks?.conclude) {
      this.conclusion = this.hookedConclusion(this.settings.hooks, this.conclusion);
      this.built = undefined;
    }
    const result = this.buildResult(this.conclusion);
    this.events.finished(result);
    if (rejection && RehearseError.isInstance(rejection)) rejection.result = result;
    return rejection ? { result, rejection } : { result };
  }

  /**
   * A one-step script (the default `[proceed()]`), without `runScript`'s
   * async frame: the step's own promise is what the run waits for, so a run
   * in flight holds one frame less.
   */
  private runOnlyStep(): Promise<void> {
    this.throwIfAborted();
    return Promise.resolve((this.script[0] as ScriptStep)(this.state, this));
  }

  private async runScript(): Promise<void> {
    const hooks = this.settings.hooks;
    const script = this.script;
    for (let index = 0; index < script.length; index++) {
      this.throwIfAborted();
      hooks?.beforeStep?.(index);
      await (script[index] as ScriptStep)(this.state, this);
      if (this.conclusion) break;
    }
  }

  // ─── script DSL ──────────────────────────────────────────────────────────

  async message(message: ModelMessage): Promise<void> {
    if (message.role === "user") return this.scripted(AgentRole.USER, message);
    if (message.role === "assistant") return this.scripted(AgentRole.AGENT, message);
    this.addScriptMessage(message);
  }

  async user(content?: string | ModelMessage): Promise<void> {
    await this.scripted(AgentRole.USER, content);
  }

  async agent(content?: string | ModelMessage): Promise<void> {
    await this.scripted(AgentRole.AGENT, content);
  }

  async judge(options?: JudgeOptions): Promise<ScenarioResult | null> {
    const additionalContext = options?.additionalContext ?? options?.context;
    const context = additionalContext === undefined ? {} : { additionalContext };
    if (options?.criteria === undefined) {
      return this.concludeWith(await this.requestVerdict({ reason: "script", ...context }));
    }
    return this.checkpoint(options.criteria, context);
  }

  // not async: `runAutomatic` already is, and another async frame per run costs a promise and ticks
  proceed(turns?: number, onTurn?: Callback, onStep?: Callback): Promise<ScenarioResult | null> {
    return this.runAutomatic(turns, false, onTurn, onStep);
  }

  async succeed(reasoning?: string): Promise<ScenarioResult> {
    return this.concludeWith({
      success: true,
      reasoning: reasoning || "Scenario marked as successful with Scenario.succeed()",
      metCriteria: [],
      unmetCriteria: [],
    });
  }

  async fail(reasoning?: string): Promise<ScenarioResult> {
    return this.concludeWith({
      success: false,
      reasoning: reasoning || "Scenario marked as failed with Scenario.fail()",
      metCriteria: [],
      unmetCriteria: [],
    });
  }

  /** Rehearse addition: a seed step, run by the hooks (the environment session); `step_failed` without them. */
  async runSeedStep(step: SeedStep): Promise<void> {
    const run = this.settings.hooks?.seedStep;
    if (!run) {
      throw new RehearseError(
        "step_failed",
        `a ${step.type} step runs only in a run with an environment session (through run()/runMany())`,
      );
    }
    await run.call(this.settings.hooks, step, this.state, this);
  }

  /** One automatic step: the next pending agent acts, opening a new turn when needed. */
  step(): Promise<ScenarioResult | null> {
    return this.runAutomatic(undefined, true);
  }

  /**
   * An independent copy of this execution at this point: same conversation,
   * turn, pending queues and criteria, its own RNG stream and a silent event
   * bus. Drive it with the DSL methods; the original does not change. Agents
   * are shared, so fork only with agents that keep no per-conversation state.
   */
  fork(): ScenarioExecution {
    this.forks++;
    const settings = {
      ...this.settings,
      random: this.random.fork(`fork-${this.forks}`),
      bus: EventBus.silent,
      hooks: undefined,
    };
    return new ScenarioExecution(this.config, this.script, settings, this);
  }

  /**
   * Rehearse addition: attaches a report to the run's result under `name`
   * (`result.reports[name]`), for steps that have something to report (TAP's
   * tree). A later report under the same name replaces the earlier one.
   */
  report(name: string, value: unknown): void {
    this.stepReports ??= new Map();
    this.stepReports.set(name, value);
    this.built = undefined;
  }

  /**
   * Emits a domain event into this run, stamped with time, run id and turn.
   * For layers above the engine (environment, detectors, red team); new
   * event types are declared by extending `DomainEventMap`.
   */
  emit(payload: DomainEventPayload): void {
    if (this.events.active) this.events.domain(payload);
  }

  // ─── StateHost ───────────────────────────────────────────────────────────

  addScriptMessage(message: ModelMessage): void {
    this.addMessages([message], undefined, true);
  }

  rollback(index: number): ModelMessage[] {
    const removed = this.log.rollbackTo(index);
    if (removed.length > 0) this.events.snapshot(this.log);
    return removed;
  }

  // ─── turn machinery ──────────────────────────────────────────────────────

  /**
   * Automatic steps: the next pending agent acts, opening a new turn when the
   * current one is done. `single` stops after one step; otherwise it runs
   * `turns` turns (a partly played current turn counts as the first) or,
   * without `turns`, until a verdict or `maxTurns`. One async frame for the
   * whole loop: this is the hot path.
   */
  private async runAutomatic(
    turns: number | undefined,
    single: boolean,
    onTurn?: Callback,
    onStep?: Callback,
  ): Promise<ScenarioResult | null> {
    let baseTurn: number | undefined;
    for (;;) {
      const goToNextTurn =
        single || turns === undefined || baseTurn === undefined || this.schedule.currentTurn + 1 < baseTurn + turns;
      let index = -1;
      let role: AgentRole = AgentRole.USER;
      while (index < 0) {
        if (!this.schedule.hasPendingRoles) {
          if (!goToNextTurn) return null;
          this.newTurn();
          if (onTurn) await onTurn(this.state);
          if (this.schedule.currentTurn >= this.maxTurns) return this.reachMaxTurns();
        }
        role = this.schedule.currentRole as AgentRole;
        index = this.schedule.nextAgentFor(role);
        if (index < 0) this.schedule.finishRole(role);
      }
      this.schedule.markActed(index);
      let reply: AgentReply;
      if (this.hookedCalls) reply = await this.invoke(index, role);
      else {
        // `invoke` inline: one await per agent call, and no promise, closure or frame of its own
        const call = this.startCall(index, role);
        let value: AgentReturnTypes;
        try {
          value = await call.reply;
        } catch (error) {
          throw this.callFailure(call, error);
        }
        reply = this.endCall(call, value);
      }
      baseTurn ??= this.schedule.currentTurn;
      if (reply.kind === "verdict") {
        return this.concludeWith(reply.verdict);
      }
      if (single) return null;
      if (onStep) await onStep(this.state);
    }
  }

  private newTurn(): void {
    this.schedule.newTurn();
    if (this.events.active) this.events.domain({ type: "turn_started", actor: "system" });
  }

  /**
   * Makes `role` the turn's current phase. A role already used this turn (all
   * its agents acted, or no agent plays it and it was scripted) opens a new
   * turn; scripted turns are not limited by `maxTurns` (docs/decisions/0003).
   */
  private enterRole(role: AgentRole): void {
    this.schedule.consumeUntil(role);
    const used = !this.schedule.isRolePending(role) || (this.schedule.hasAgentFor(role) && this.schedule.nextAgentFor(role) < 0);
    if (used) {
      this.newTurn();
      this.schedule.consumeUntil(role);
    }
  }

  private async scripted(role: AgentRole, content?: string | ModelMessage): Promise<void> {
    this.enterRole(role);
    const index = this.schedule.nextAgentFor(role);
    if (content) {
      if (index >= 0) this.schedule.markActed(index);
      else this.schedule.finishRole(role);
      const message: ModelMessage =
        typeof content === "string" ? { role: role === AgentRole.USER ? "user" : "assistant", content } : content;
      // delivered to every agent, the one whose slot it takes included: its own
      // record of the conversation must show what was said in its name
      this.addMessages([message], undefined, true, typeof content === "string");
      return;
    }
    if (index < 0) throw missingRole(role);
    this.schedule.markActed(index);
    const reply = await this.invoke(index, role);
    if (reply.kind === "verdict") {
      this.concludeWith(reply.verdict);
    }
  }

  private async checkpoint(
    criteria: readonly Criterion[],
    context: { additionalContext?: string },
  ): Promise<ScenarioResult | null> {
    if (criteria.length === 0) {
      throw new RehearseError(
        "step_failed",
        "judge({ criteria: [] }) has no criteria; list at least one, or call judge() for a final verdict",
      );
    }
    const invalid = criteria.findIndex((criterion) => typeof criterion !== "string" && !isCheck(criterion));
    if (invalid >= 0) {
      throw new RehearseError(
        "step_failed",
        `judge({ criteria }): criteria[${invalid}] is neither text nor a check (toolCalled(), responseContains(), check(), …)`,
      );
    }
    const written = criteria.filter((criterion): criterion is string => typeof criterion === "string");
    const checked = await evaluateChecks(criteria.filter(isCheck), this.state);
    const judged =
      written.length > 0 ? await this.requestVerdict({ criteria: written, reason: "script", ...context }) : undefined;
    const verdict = checkpointVerdict(criteria, checked, judged);
    if (verdict.status === "skipped") this.ledger.skipped.push(judged?.reasoning || `undecided: ${written.join("; ")}`);
    this.ledger.record(verdict.metCriteria, verdict.unmetCriteria);
    this.ledger.checkpoints++;
    this.events.judgment(verdict, verdict.status === "skipped" ? "skipped" : verdict.success ? "pass" : "fail");
    if (!verdict.success) return this.concludeWith(verdict);
    return null;
  }

  /** Asks the first judge for a verdict; a judge that gives none is an error. */
  private async requestVerdict(request: JudgmentRequest): Promise<JudgeResult> {
    this.enterRole(AgentRole.JUDGE);
    const index = this.schedule.nextAgentFor(AgentRole.JUDGE);
    if (index < 0) throw missingRole(AgentRole.JUDGE);
    this.schedule.markActed(index);
    const reply = await this.invoke(index, AgentRole.JUDGE, request);
    if (reply.kind !== "verdict") {
      throw new RehearseError(
        "invalid_agent_return",
        `[${agentName(this.agents[index] as Agent)}] was asked for a verdict by a judge() step and returned none; a judge must return { success, reasoning, metCriteria, unmetCriteria } when input.judgmentRequest is set`,
      );
    }
    return reply.verdict;
  }

  /**
   * The max-turns hook: the run ends with `fail`, but first the judge (if any)
   * is asked for a forced verdict so the met/unmet lists are its answer rather
   * than a guess.
   */
  private async reachMaxTurns(): Promise<ScenarioResult> {
    const judgeIndex = this.agents.findIndex((agent) => agent.role === AgentRole.JUDGE);
    let reasoning = `Reached maximum turns (${this.maxTurns}) without conclusion`;
    let status: "fail" | "skipped" = "fail";
    if (judgeIndex >= 0) {
      const reply = await this.invoke(judgeIndex, AgentRole.JUDGE, { reason: "max-turns" });
      if (reply.kind === "verdict") {
        this.ledger.record(reply.verdict.metCriteria, reply.verdict.unmetCriteria);
        if (reply.verdict.reasoning) reasoning += `; the judge, asked for a final verdict, said: ${reply.verdict.reasoning}`;
        // a judge that could not decide (no model) leaves the run undecided, not failed
        if (reply.verdict.status === "skipped" && reply.verdict.unmetCriteria.length === 0) status = "skipped";
      } else {
        const own = ownCriteria(this.agents[judgeIndex] as Agent);
        this.ledger.record(
          [],
          own.map((criterion) => (typeof criterion === "string" ? criterion : criterionName(criterion as Criterion))),
        );
      }
    }
    this.conclusion = { status, reasoning };
    return this.buildResult(this.conclusion);
  }

  /** Ends the run with `verdict`, its criteria recorded in the ledger. */
  private concludeWith(verdict: JudgeResult): ScenarioResult {
    this.ledger.record(verdict.metCriteria, verdict.unmetCriteria);
    this.conclusion = { status: statusOf(verdict, this.ledger), reasoning: verdict.reasoning };
    return this.buildResult(this.conclusion);
  }

  // ─── agent calls ─────────────────────────────────────────────────────────

  /** True when hooks run around agent calls (then every call goes through `invoke`). */
  private get hookedCalls(): boolean {
    const hooks = this.settings.hooks;
    return hooks?.beforeAgentCall !== undefined || hooks?.afterAgentCall !== undefined;
  }

  /** Calls agent `index` for `role`, between the hooks if any, and records what it returned. */
  private async invoke(index: number, role: AgentRole, judgmentRequest?: JudgmentRequest): Promise<AgentReply> {
    const hooks = this.settings.hooks;
    const hooked = this.hookedCalls;
    if (hooked) {
      this.throwIfAborted();
      await hooks?.beforeAgentCall?.(role, index);
    }
    const call = this.startCall(index, role, judgmentRequest);
    let value: AgentReturnTypes;
    try {
      value = await call.reply;
    } catch (error) {
      throw this.callFailure(call, error);
    }
    const reply = this.endCall(call, value);
    if (hooked) await hooks?.afterAgentCall?.(role, index);
    return reply;
  }

  /** Starts a call of agent `index`: its input, its clock, and the watchdog for the agent under test. */
  private startCall(index: number, role: AgentRole, judgmentRequest?: JudgmentRequest): PendingAgentCall {
    this.throwIfAborted();
    const agent = this.agents[index] as Agent;
    const { watchdog, settings } = this;
    const input = new AgentCallInput(
      settings.threadId,
      this.log.messages(),
      this.log.takeQueued(index),
      role,
      this.state,
      this.config,
      watchdog ?? settings,
    );
    if (judgmentRequest) input.judgmentRequest = judgmentRequest;
    if (this.tools) input.tools = this.tools;
    if (settings.models) input.models = settings.models;
    const started = settings.clock.now();
    const watched = watchdog && role === AgentRole.AGENT ? watchdog.begin(agent) : unwatched;
    const reply = callAgent(agent, index, input, settings.interceptors.agent);
    return { agent, index, role, started, watched, reply };
  }

  /** The call returned `value`: records it (a reply arriving after the run was stopped changes nothing). */
  private endCall(call: PendingAgentCall, value: AgentReturnTypes): AgentReply {
    const watchdog = this.watchdog;
    if (watchdog) {
      watchdog.end(call.watched);
      if (watchdog.error) throw watchdog.error;
    }
    return this.recordReply(call.index, call.role, call.agent, call.started, value);
  }

  /** What the run throws when the call failed: the timeout or abort that stopped it, else the agent's failure. */
  private callFailure(call: PendingAgentCall, error: unknown): unknown {
    const watchdog = this.watchdog;
    watchdog?.end(call.watched);
    return watchdog?.error ?? agentFailure(call.agent, error);
  }

  private recordReply(index: number, role: AgentRole, agent: Agent, started: number, value: AgentReturnTypes): AgentReply {
    this.agentMilliseconds[index] = (this.agentMilliseconds[index] ?? 0) + (this.settings.clock.now() - started);
    const reply = normaliseReply(value, role, agent);
    // the verdict test first: it runs for every reply, so it is never new to optimised code
    if (reply.kind === "verdict") {
      if (this.events.active) {
        this.events.judgment(
          reply.verdict,
          reply.verdict.status === "skipped" ? "skipped" : reply.verdict.success ? "pass" : "fail",
        );
      }
    } else if (reply.kind === "messages") this.addMessages(reply.messages, index, false, reply.owned);
    return reply;
  }

  private addMessages(messages: readonly ModelMessage[], fromAgent: number | undefined, scripted: boolean, owned = false): void {
    if (messages.length === 0) return;
    for (const message of messages) {
      const stored = this.log.add(message, fromAgent, owned);
      this.events.message(stored, this.log, scripted);
    }
    this.events.snapshot(this.log);
  }

  /** What hooks get at `attach`: the run's state, clock, tools, events and a random stream of their own. */
  private host(): RunHost {
    return {
      state: this.state,
      clock: this.settings.clock,
      random: this.random.fork("hooks"),
      tools: this.tools,
      ...(this.settings.models ? { models: this.settings.models } : {}),
      emit: (payload) => this.emit(payload),
      addMessage: (message, describe) => {
        this.log.add(message, undefined, false);
        this.emit(describe(this.log.idAt(-1)));
        this.events.snapshot(this.log);
      },
    };
  }

  /** The conclusion after `conclude` had its say; a hook can only make it worse. */
  private hookedConclusion(hooks: RunHooks, conclusion: Conclusion): Conclusion {
    const change = hooks.conclude?.(conclusion);
    if (!change) return conclusion;
    this.ledger.record(change.metCriteria ?? [], change.unmetCriteria ?? []);
    if (conclusion.undecided) return change.conclusion;
    const status = combineStatuses(conclusion.status, change.conclusion.status);
    return status === change.conclusion.status ? change.conclusion : conclusion;
  }

  private throwIfAborted(): void {
    if (this.watchdog?.error) throw this.watchdog.error;
    const signal = this.settings.signal;
    if (signal?.aborted) throw new AbortedError(signal.reason);
  }

  /** The result of `conclusion`, built once (a conclusion is final; later calls return the same object). */
  private buildResult(conclusion: Conclusion): ScenarioResult {
    if (this.built?.conclusion !== conclusion) {
      const { settings, config, agents, agentMilliseconds, startedAt, log, ledger, state, stepReports } = this;
      this.built = {
        conclusion,
        result: resultOf(conclusion, { settings, config, agents, agentMilliseconds, startedAt, log, ledger, state, stepReports }),
      };
      settings.hooks?.decorate?.(this.built.result);
    }
    return this.built.result;
  }
}

/** An agent call in flight. */
interface PendingAgentCall {
  agent: Agent;
  index: number;
  role: AgentRole;
  started: number;
  /** The watchdog's token for a call of the agent under test. */
  watched: number;
  reply: Promise<AgentReturnTypes>;
}

/** The run's watchdog, when the settings give a timer and something to watch. */
function watchdogFor(settings: ExecutionSettings, scenario: string): RunWatchdog | undefined {
  if (!settings.timer) return undefined;
  const agentCallMs = settings.timeouts?.agentCallMs ?? 0;
  const scenarioMs = settings.timeouts?.scenarioMs ?? 0;
  if (!RunWatchdog.needed(agentCallMs, scenarioMs, settings.signal)) return undefined;
  const ticker = settings.deadlines ?? new DeadlineTicker(settings.timer);
  return new RunWatchdog(ticker, agentCallMs, scenarioMs, scenario, settings.signal);
}
