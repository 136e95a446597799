import type { Deviation, InjectionLogEntry } from "../domain/declarative.js";
import type { ScenarioEvent } from "../domain/event.js";

/** Event types that are bookkeeping, not behaviour: not counted in totals, by-type counts or triggers. */
const uncounted = new Set(["turn_started"]);

/**
 * What a run with an environment accumulates as it goes: event counts (for
 * triggers and outcomes), the agent's tool requests (for `agent_action`
 * steps), deviations and the injection log. Fed by the run's events.
 */
export class RunRecord {
  readonly eventsByType: Record<string, number> = {};
  readonly eventsByActor: Record<string, number> = {};
  totalEvents = 0;
  /** `action_request` events of the agent, in order. */
  readonly actions: Array<{ toolName: string; input: unknown }> = [];
  readonly deviations: Deviation[] = [];
  readonly injectionLog: InjectionLogEntry[] = [];
  /** Script steps started so far. */
  steps = 0;
  /** The index of the script step running now (-1 before the first). */
  stepIndex = -1;
  /** Checks decided so far by steps (assertions, expected results, expected actions). */
  stepChecks = 0;

  /** Counts one event of the run (lifecycle events are not counted). */
  observe(event: ScenarioEvent): void {
    if (!("actor" in event) || uncounted.has(event.type)) return;
    this.eventsByType[event.type] = (this.eventsByType[event.type] ?? 0) + 1;
    this.eventsByActor[event.actor] = (this.eventsByActor[event.actor] ?? 0) + 1;
    this.totalEvents++;
    if (event.type === "action_request" && event.actor === "agent") {
      this.actions.push({ toolName: event.toolName, input: event.input });
    }
  }
}
