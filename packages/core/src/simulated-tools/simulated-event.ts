/**
 * The `tool_simulated` domain event: a model (or the run's memory of an
 * earlier answer) answered a simulated tool's call, so a report can tell a
 * simulated result from a real one. It comes between the call's
 * `action_request` and `action_response`, with the same `toolCallId`.
 */

import type { DomainEventPayload } from "../domain/event.js";

declare module "../domain/event.js" {
  interface DomainEventMap {
    /**
     * A simulated tool answered: `source` is `model` (asked, `attempts` 1 or
     * 2) or `memory` (the same input and state were answered earlier in the
     * run; `model` is the one that answered then).
     */
    tool_simulated: {
      actor: "tool";
      toolName: string;
      toolCallId: string;
      /** `provider:modelId` of the model that gave the answer. */
      model: string;
      source: "model" | "memory";
      /** Model calls this answer took (0 from memory). */
      attempts: number;
    };
  }
}

/** The `tool_simulated` payload of one answer. */
export function toolSimulatedEvent(
  details: Omit<Extract<DomainEventPayload, { type: "tool_simulated" }>, "type" | "actor">,
): Extract<DomainEventPayload, { type: "tool_simulated" }> {
  return { type: "tool_simulated", actor: "tool", ...details };
}
