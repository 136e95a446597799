import type { Injection } from "../domain/declarative.js";
import { closestMatch } from "../domain/did-you-mean.js";
import type { DomainEventType } from "../domain/event.js";
import type { ReportProblem } from "./build-agents.js";
import type { ScenarioFileData } from "./schema.js";

/**
 * The event types a run counts (`result.scenarioRun.events_by_type`), which
 * `expected_outcomes` and `event_count` triggers may name. `turn_started` is
 * bookkeeping and never counted; `red_team_tap` and `red_team_report` come
 * only from TypeScript (`red_team_report` once the run has concluded).
 * (`DomainEventMap` is open to declaration merging, so the list cannot be
 * checked for completeness at compile time; a name missing here is an
 * error a user sees, never a silent pass.)
 */
export const countedEventTypes = [
  "user_input",
  "agent_message",
  "system_event",
  "action_request",
  "action_response",
  "judgment",
  "injection",
  "assertion",
  "pii_leak",
  "system_prompt_leak",
  "policy_violation",
  "node_started",
  "node_finished",
  "handoff",
] as const satisfies readonly DomainEventType[];

/** Events only a configured detector emits, so naming them without one is a mistake the run would reject. */
const detectorEvents = ["system_prompt_leak", "policy_violation"] as const;

/**
 * Reports every event name a run would never count, where a forbidden event
 * would pass and a required one fail without anyone noticing: names in
 * `expected_outcomes.required_events` / `forbidden_events` and the
 * `event_type` of `event_count` triggers. Also reports `system_prompt_leak`
 * and `policy_violation` named without their detector (the run would stop
 * with an error; here it is found before anything runs). `injections` are the
 * file's compiled injections, in file order.
 *
 * @example
 * checkEventNames(data, injections, report);
 */
export function checkEventNames(data: ScenarioFileData, injections: readonly Injection[], report: ReportProblem): void {
  const known: readonly string[] = countedEventTypes;
  const detectors = new Set((data.detectors ?? []).map((detector) => detector.type as string));
  for (const key of ["required_events", "forbidden_events"] as const) {
    for (const [index, name] of (data.expected_outcomes?.[key] ?? []).entries()) {
      const path = ["expected_outcomes", key, index];
      if (!known.includes(name)) report(path, unknownEvent(name));
      else if ((detectorEvents as readonly string[]).includes(name) && !detectors.has(name)) {
        report(path, `names ${name}, but no ${name} detector is configured; add detectors: [{ type: ${name}, … }]`);
      }
    }
  }
  const key = data.injection_points === undefined ? "injections" : "injection_points";
  // A template that failed to compile leaves a hole; its own error is reported.
  if (injections.length !== (data.injections ?? data.injection_points ?? []).length) return;
  for (const [index, injection] of injections.entries()) {
    const trigger = "trigger" in injection ? injection.trigger : undefined;
    if (trigger?.kind !== "event_count" || trigger.event_type === undefined) continue;
    if (!known.includes(trigger.event_type)) report([key, index, "trigger", "event_type"], unknownEvent(trigger.event_type));
  }
}

function unknownEvent(name: string): string {
  const suggestion = closestMatch(name, countedEventTypes);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
  return `unknown event type ${JSON.stringify(name)}${hint}; events: ${countedEventTypes.join(", ")}`;
}
