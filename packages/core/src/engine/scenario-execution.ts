import type { Agent, AgentReturnTypes, JudgmentRequest } from "../domain/agent.js";
import { agentName, ownCriteria } from "../domain/agent.js";
import { type Criterion, criterionName, isCheck } from "../domain/criteria.js";
import type { SeedStep } from "../domain/declarative.js";
import { RehearseError } from "../domain/errors.js";
import type { ModelMessage } from "../domain/messages.js";
import { isAssertionError } from "../domain/outcome.js";
import type { JudgeResult, ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type { JudgeOptions, ScenarioExecutionLike, ScenarioExecutionStateLike, ScriptStep } from "../domain/scenario.js";
import { EventBus } from "../events/event-bus.js";
import type { AgentReply } from "./agent-reply.js";
import { missingRole } from "./call-agent.js";
import { checkpointVerdict } from "./checkpoint-verdict.js";
import { assertionConclusion, endOfScript, errorConclusion, rejectionFor } from "./conclusion.js";
import { evaluateChecks } from "./evaluate-checks.js";
import { ExecutionBase } from "./execution-base.js";
import { reportEvents } from "./result-of.js";

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
export class ScenarioExecution extends ExecutionBase implements ScenarioExecutionLike {
  private forks = 0;

  /**
   * Runs the whole script and concludes. Never throws: errors become an
   * `error` result. A promise chain, not an async
   * function: while 1 000 runs wait, each holds no generator, register file
   * and await closures here (decision 0022, "Concurrent runs").
   */
  execute(): Promise<ExecutionOutcome> {
    let guarded: Promise<void>;
    try {
      this.startedAt = this.settings.clock.now();
      this.events.started(this.config.metadata, this.config.name, this.config.description);
      const running = this.script.length === 1 && !this.settings.hooks?.beforeStep ? this.runOnlyStep() : this.runScript();
      // a timeout or abort ends the run now, even while an agent's promise never settles
      guarded = this.watchdog ? this.watchdog.guard(running) : running;
    } catch (error) {
      guarded = Promise.reject(error);
    }
    return guarded.then(
      () => this.outcomeAfter(undefined, false),
      (error: unknown) => this.outcomeAfter(error, true),
    );
  }

  /** The outcome once the script ended, or failed with `error`. */
  private outcomeAfter(error: unknown, failed: boolean): ExecutionOutcome {
    this.watchdog?.stop();
    let rejection: Error | undefined;
    if (failed) {
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
    if (this.events.active) for (const event of reportEvents(this.agents, result)) this.emit(event);
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
    if (this.state.conversationEnded !== undefined) return this.conversationOver();
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
      if (this.state.conversationEnded !== undefined) return this.conversationOver();
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
   * The user side ended the conversation (`state.endConversation`): no more
   * automatic turns. The first judge, if any, gives its final verdict now;
   * without one (or without a verdict from it) the script's next step decides.
   */
  private async conversationOver(): Promise<ScenarioResult | null> {
    const judgeIndex = this.agents.findIndex((agent) => agent.role === AgentRole.JUDGE);
    if (judgeIndex < 0) return null;
    const reply = await this.invoke(judgeIndex, AgentRole.JUDGE, { reason: "conversation-ended" });
    return reply.kind === "verdict" ? this.concludeWith(reply.verdict) : null;
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
}
