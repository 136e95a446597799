import type { DomainEventPayload } from "../domain/event.js";
import type { ObservedToolCall } from "../domain/tools.js";

/** An `action_request` or `action_response` payload. */
export type ToolEvent = Extract<DomainEventPayload, { type: "action_request" | "action_response" }>;

/**
 * The calls an agent made through `AgentInput.tools`: a request adds a call,
 * its response fills in the output or the error. Entries are replaced, never
 * changed, so copies handed out stay as they were.
 */
export class ObservedToolCalls {
  readonly calls: ObservedToolCall[];

  constructor(copyFrom?: ObservedToolCalls) {
    this.calls = copyFrom ? [...copyFrom.calls] : [];
  }

  /** Records a request (at `turn`, before message `atMessage`) or fills in its call's response. */
  record(event: ToolEvent, turn: number, atMessage: number): void {
    const { toolCallId, toolName } = event;
    if (event.type === "action_request") {
      this.calls.push({ toolCallId, toolName, input: event.input, turn, atMessage });
      return;
    }
    const index = this.calls.findLastIndex((call) => call.toolCallId === toolCallId);
    const call = this.calls[index];
    if (!call) return;
    this.calls[index] = event.error === undefined ? { ...call, output: event.output } : { ...call, error: event.error };
  }
}
