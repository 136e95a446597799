import type { DomainEvent, DomainEventPayload, LifecycleEventBase } from "../domain/event.js";
import type { ModelMessage } from "../domain/messages.js";
import { messageText, toolCallsOf, toolResultsOf } from "../domain/messages.js";
import { outcomes } from "../domain/outcome.js";
import type { JudgeResult, ScenarioResult } from "../domain/result.js";
import type { ExecutionSettings } from "./execution-settings.js";
import type { MessageLog } from "./message-log.js";

/**
 * Builds and emits a run's events. Nothing is built when the bus has no
 * listener, so an unobserved run pays nothing for events.
 */
export class LifecycleEmitter {
  constructor(
    private readonly settings: Pick<
      ExecutionSettings,
      "bus" | "clock" | "batchRunId" | "scenarioId" | "scenarioRunId" | "setId" | "threadId" | "random"
    >,
    /** Where the current turn is read (the run's schedule): an object, not a closure per run. */
    private readonly turns: { readonly currentTurn: number },
  ) {}

  /** True when someone listens; callers may skip building payloads otherwise. */
  get active(): boolean {
    return this.settings.bus.active;
  }

  private base(): LifecycleEventBase {
    const settings = this.settings;
    return {
      timestamp: settings.clock.now(),
      batchRunId: settings.batchRunId,
      scenarioId: settings.scenarioId,
      scenarioRunId: settings.scenarioRunId,
      scenarioSetId: settings.setId,
    };
  }

  /** `SCENARIO_RUN_STARTED`, then the `turn_started` of turn 0. */
  started(metadata: Record<string, unknown> | undefined, name: string, description: string): void {
    const { bus } = this.settings;
    if (!bus.active) return;
    bus.emit({
      ...this.base(),
      type: "SCENARIO_RUN_STARTED",
      metadata: { ...metadata, name, description },
      seed: this.settings.random.seed,
      threadId: this.settings.threadId,
    });
    this.domain({ type: "turn_started", actor: "system" });
  }

  snapshot(log: MessageLog): void {
    const { bus } = this.settings;
    if (!bus.wantsMessages) return;
    const settings = this.settings;
    // a literal, not a spread of base(): a run emits one per message
    bus.emit({
      timestamp: settings.clock.now(),
      batchRunId: settings.batchRunId,
      scenarioId: settings.scenarioId,
      scenarioRunId: settings.scenarioRunId,
      scenarioSetId: settings.setId,
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      messages: log.identified(),
    });
  }

  /** The domain event for the message just added to `log`. */
  message(message: ModelMessage, log: MessageLog, scripted: boolean): void {
    if (!this.settings.bus.wantsMessages) return;
    const messageId = log.idAt(-1);
    const text = messageText(message);
    if (message.role === "user") this.domain({ type: "user_input", actor: "user", messageId, text, scripted });
    else if (message.role === "assistant") {
      const toolCalls = toolCallsOf(message).map(({ toolName, toolCallId, input }) => ({ toolName, toolCallId, input }));
      this.domain({ type: "agent_message", actor: "agent", messageId, text, scripted, toolCalls });
    } else {
      const results = toolResultsOf(message).map((result) => `${result.toolName}: ${JSON.stringify(result.output)}`);
      this.domain({ type: "system_event", actor: "system", messageId, role: message.role, text: results.join("\n") || text });
    }
  }

  judgment(verdict: JudgeResult, outcome: "pass" | "fail" | "skipped" | "none"): void {
    if (!this.settings.bus.active) return;
    const payload: DomainEventPayload = {
      type: "judgment",
      actor: "judge",
      metCriteria: [...verdict.metCriteria],
      unmetCriteria: [...verdict.unmetCriteria],
      reasoning: verdict.reasoning,
      verdict: outcome,
      score: judgmentScore(verdict.metCriteria.length, verdict.unmetCriteria.length),
    };
    // which judge decided, for agreement with people per judge version (absent for checks-only verdicts)
    if (typeof verdict.judgeVersion === "string") payload.judgeVersion = verdict.judgeVersion;
    if (typeof verdict.judgeModel === "string") payload.judgeModel = verdict.judgeModel;
    this.domain(payload);
  }

  domain(payload: DomainEventPayload): void {
    const { bus } = this.settings;
    if (!bus.active) return;
    // assigned, not spread: payloads come in a dozen shapes, and a spread over that many is V8's slow
    // generic copy (about 5 µs an event with a reporter listening, measured in workload E)
    const event = Object.assign({}, payload) as DomainEvent;
    event.timestamp = this.settings.clock.now();
    event.scenarioRunId = this.settings.scenarioRunId;
    event.turn = this.turns.currentTurn;
    bus.emit(event);
  }

  /**
   * As `domain`, but stamps `payload` itself rather than a copy: for payloads
   * made for this one event and not kept by the caller (a graph's visits emit
   * three per hop, where the copy was a third of their cost). A payload that
   * carries a positive `timestamp` keeps it: events of one instant (a node's
   * end and its handoff) share one clock reading.
   */
  owned(payload: DomainEventPayload): void {
    const { bus } = this.settings;
    if (!bus.active) return;
    const event = payload as DomainEvent;
    if (!(event.timestamp > 0)) event.timestamp = this.settings.clock.now();
    event.scenarioRunId = this.settings.scenarioRunId;
    event.turn = this.turns.currentTurn;
    bus.emit(event);
  }

  finished(result: ScenarioResult): void {
    const { bus } = this.settings;
    if (!bus.active) return;
    const row = outcomes[result.status];
    bus.emit(
      {
        ...this.base(),
        type: "SCENARIO_RUN_FINISHED",
        status: row.wireStatus,
        outcome: result.status,
        results: {
          verdict: row.wireVerdict,
          reasoning: result.reasoning ?? "",
          metCriteria: [...result.metCriteria],
          unmetCriteria: [...result.unmetCriteria],
          ...(result.error ? { error: result.error } : {}),
        },
      },
      result,
    );
  }
}

/** met ÷ (met + unmet), 1 when nothing was graded (the reference divided met by unmet). */
export function judgmentScore(met: number, unmet: number): number {
  return met + unmet === 0 ? 1 : met / (met + unmet);
}
