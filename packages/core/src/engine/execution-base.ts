import type { Agent, AgentReturnTypes, JudgmentRequest } from "../domain/agent.js";
import { AbortedError } from "../domain/errors.js";
import type { DomainEventPayload } from "../domain/event.js";
import type { ModelMessage } from "../domain/messages.js";
import type { RunModels } from "../domain/models.js";
import { combineStatuses } from "../domain/outcome.js";
import type { JudgeResult, ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type { RunEnvironment, ScenarioConfig, ScriptStep } from "../domain/scenario.js";
import type { ObservedToolCall, ScenarioToolSet } from "../domain/tools.js";
import { AgentCallInput } from "./agent-call-input.js";
import { type AgentReply, normaliseReply } from "./agent-reply.js";
import { agentFailure, callAgent } from "./call-agent.js";
import { type Conclusion, statusOf } from "./conclusion.js";
import { CriteriaLedger } from "./criteria-ledger.js";
import { DeadlineTicker } from "./deadline-ticker.js";
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

/**
 * What a scenario run holds and how it calls agents: the conversation, turn
 * schedule, criteria ledger, events, time limits, the agent calls themselves
 * (input, interceptors, watchdog, recording the reply) and the result.
 * `ScenarioExecution` adds the script DSL and the turn loop on top.
 */
export abstract class ExecutionBase implements StateHost {
  readonly state: ScenarioExecutionState;
  readonly log: MessageLog;
  readonly schedule: TurnSchedule;
  readonly random: Random;
  protected readonly agents: readonly Agent[];
  protected readonly maxTurns: number;
  protected readonly ledger: CriteriaLedger;
  /** Milliseconds spent in calls of the agents under test (only theirs are timed: `agentTime`). */
  private agentMilliseconds: number;
  protected readonly events: LifecycleEmitter;
  private readonly tools: ScenarioToolSet | undefined;
  private readonly observed: ObservedToolCalls;
  protected conclusion: Conclusion | undefined;
  protected startedAt: number;
  private stepReports: Map<string, unknown> | undefined;
  protected built: { conclusion: Conclusion; result: ScenarioResult } | undefined;
  /** Real-time limits and the outer signal; shared by forks. Absent without `settings.timer`. */
  protected readonly watchdog: RunWatchdog | undefined;

  /** The scenario as agents and steps see it: the caller's config with `maxTurns` resolved. */
  readonly config: ScenarioConfig;
  /** What the state shows as `environment`: the hooks' (a fork's parent's). */
  readonly environment: RunEnvironment | undefined;

  constructor(
    scenario: ScenarioConfig,
    protected readonly script: readonly ScriptStep[],
    protected readonly settings: ExecutionSettings,
    parent?: ExecutionBase,
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
    this.agentMilliseconds = parent ? parent.agentMilliseconds : 0;
    this.observed = new ObservedToolCalls(parent?.observed);
    this.startedAt = parent ? parent.startedAt : settings.clock.now();
    this.watchdog = parent ? parent.watchdog : watchdogFor(settings, String(config.name));
    this.environment = parent ? parent.environment : settings.hooks?.environment;
    this.state = new ScenarioExecutionState(config, settings.threadId, this);
    const ended = parent?.state.conversationEnded;
    if (ended !== undefined) this.state.endConversation(ended);
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

  /** As `emit`, taking `payload` over (stamped and delivered as is: the caller must not reuse it). */
  emitOwned(payload: DomainEventPayload): void {
    if (this.events.active) this.events.owned(payload);
  }

  /** True when emitted events reach a listener or reporter. */
  get emitting(): boolean {
    return this.events.active;
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

  /** Ends the run with `verdict`, its criteria recorded in the ledger. */
  protected concludeWith(verdict: JudgeResult): ScenarioResult {
    this.ledger.record(verdict.metCriteria, verdict.unmetCriteria);
    this.conclusion = { status: statusOf(verdict, this.ledger), reasoning: verdict.reasoning };
    return this.buildResult(this.conclusion);
  }

  // ─── agent calls ─────────────────────────────────────────────────────────

  /** True when hooks run around agent calls (then every call goes through `invoke`). */
  protected get hookedCalls(): boolean {
    const hooks = this.settings.hooks;
    return hooks?.beforeAgentCall !== undefined || hooks?.afterAgentCall !== undefined;
  }

  /** Calls agent `index` for `role`, between the hooks if any, and records what it returned. */
  protected async invoke(index: number, role: AgentRole, judgmentRequest?: JudgmentRequest): Promise<AgentReply> {
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
  protected startCall(index: number, role: AgentRole, judgmentRequest?: JudgmentRequest): PendingAgentCall {
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
    const underTest = agent.role === AgentRole.AGENT;
    const started = underTest ? settings.clock.now() : 0;
    const watched = watchdog && role === AgentRole.AGENT ? watchdog.begin(agent) : unwatched;
    const reply = callAgent(agent, index, input, settings.interceptors.agent);
    return { agent, index, role, started, watched, reply };
  }

  /** The call returned `value`: records it (a reply arriving after the run was stopped changes nothing). */
  protected endCall(call: PendingAgentCall, value: AgentReturnTypes): AgentReply {
    const watchdog = this.watchdog;
    if (watchdog) {
      watchdog.end(call.watched);
      if (watchdog.error) throw watchdog.error;
    }
    return this.recordReply(call.index, call.role, call.agent, call.started, value);
  }

  /** What the run throws when the call failed: the timeout or abort that stopped it, else the agent's failure. */
  protected callFailure(call: PendingAgentCall, error: unknown): unknown {
    const watchdog = this.watchdog;
    watchdog?.end(call.watched);
    return watchdog?.error ?? agentFailure(call.agent, error);
  }

  private recordReply(index: number, role: AgentRole, agent: Agent, started: number, value: AgentReturnTypes): AgentReply {
    if (agent.role === AgentRole.AGENT) this.agentMilliseconds += this.settings.clock.now() - started;
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

  protected addMessages(
    messages: readonly ModelMessage[],
    fromAgent: number | undefined,
    scripted: boolean,
    owned = false,
  ): void {
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
  protected hookedConclusion(hooks: RunHooks, conclusion: Conclusion): Conclusion {
    const change = hooks.conclude?.(conclusion);
    if (!change) return conclusion;
    this.ledger.record(change.metCriteria ?? [], change.unmetCriteria ?? []);
    if (conclusion.undecided) return change.conclusion;
    const status = combineStatuses(conclusion.status, change.conclusion.status);
    return status === change.conclusion.status ? change.conclusion : conclusion;
  }

  protected throwIfAborted(): void {
    if (this.watchdog?.error) throw this.watchdog.error;
    const signal = this.settings.signal;
    if (signal?.aborted) throw new AbortedError(signal.reason);
  }

  /** The result of `conclusion`, built once (a conclusion is final; later calls return the same object). */
  protected buildResult(conclusion: Conclusion): ScenarioResult {
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
export interface PendingAgentCall {
  agent: Agent;
  index: number;
  role: AgentRole;
  /** When the call started (`clock.now()`), for agents under test only; 0 for the others. */
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
