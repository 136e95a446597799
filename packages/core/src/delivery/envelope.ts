import type { ScenarioEvent } from "../domain/event.js";
import type { ScenarioResult } from "../domain/result.js";
import { ATTEMPT_SEQ_SPAN, INGEST_SCHEMA_VERSION } from "../events/ingest-limits.js";
import { toWireEvent, toWireMessages, type WireMessage } from "../events/to-wire.js";
import { runSummary } from "./run-summary.js";

export { ATTEMPT_SEQ_SPAN };

/** What a run's envelopes need to remember between its events. */
interface RunState {
  /** The next `seq`. */
  seq: number;
  /** `,"attempt":n` for a run's second and later attempts, else empty. */
  attempt: string;
  /** `,"batchRunId":…,"scenarioId":…,"scenarioSetId":…` from `SCENARIO_RUN_STARTED`, for domain events. */
  identifiers: string;
  /** Conversation messages (identified, as the engine counts them) already sent, and their wire count. */
  messagesSent: number;
  wireMessagesSent: number;
  lastMessageId: string | undefined;
  /** Turns begun (`turn_started`), if any was seen. */
  turns: number | undefined;
}

/** Who made the events: the `sdk` field of every envelope. */
export interface SdkInfo {
  name: string;
  version: string;
}

/**
 * Turns a run's events into ingest events (events/ingest-schema.ts) as JSON
 * text: the wire event plus `eventId` (first key, so the outbox reads it
 * without parsing), `seq` per run in emit order, `schemaVersion`, `sdk`, and
 * the run's identifiers on domain events (taken from its
 * `SCENARIO_RUN_STARTED`). Message snapshots become deltas: `messagesOffset`
 * wire messages were sent before and `messages` holds the rest; a conversation
 * that did not grow (or changed) is sent whole, without an offset.
 * `SCENARIO_RUN_FINISHED` carries the run's summary and forgets the run.
 */
export class EventEnvelopes {
  private readonly runs = new Map<string, RunState>();
  private readonly prefix: string;

  /**
   * `attemptOf` names the job attempt of a server-launched run (a worker's
   * second try after the first died): its events carry `attempt` and their
   * `seq` start at `(attempt - 1) × ATTEMPT_SEQ_SPAN`, so the newer attempt's
   * transcript wins wherever the server keeps the highest `seq`.
   */
  constructor(
    private readonly nextId: () => string,
    sdk: SdkInfo,
    private readonly attemptOf?: (runId: string) => number | undefined,
  ) {
    this.prefix = `,"schemaVersion":${INGEST_SCHEMA_VERSION},"sdk":${JSON.stringify(sdk)},`;
  }

  /** The runs started and not finished. */
  get openRuns(): number {
    return this.runs.size;
  }

  /** The JSON of `event` with its envelope; `result` accompanies `SCENARIO_RUN_FINISHED`. Throws when the event cannot be serialized. */
  serialize(event: ScenarioEvent, result?: ScenarioResult): string {
    const state = this.stateOf(event);
    let body: string;
    switch (event.type) {
      case "SCENARIO_RUN_STARTED":
        body = JSON.stringify(event);
        break;
      case "SCENARIO_MESSAGE_SNAPSHOT":
        body = JSON.stringify(this.snapshot(event, state));
        break;
      case "SCENARIO_RUN_FINISHED":
        this.runs.delete(event.scenarioRunId);
        body = JSON.stringify(result ? { ...event, summary: runSummary(result, state.turns) } : event);
        break;
      default:
        if (event.type === "turn_started") state.turns = Math.max(state.turns ?? 0, event.turn + 1);
        body = `${JSON.stringify(event).slice(0, -1)}${state.identifiers}}`;
        break;
    }
    const seq = state.seq++;
    return `{"eventId":"${this.nextId()}","seq":${seq}${state.attempt}${this.prefix}${body.slice(1)}`;
  }

  private stateOf(event: ScenarioEvent): RunState {
    let state = this.runs.get(event.scenarioRunId);
    if (!state) {
      const started = event.type === "SCENARIO_RUN_STARTED" ? event : undefined;
      const attempt = Math.max(1, Math.floor(this.attemptOf?.(event.scenarioRunId) ?? 1));
      state = {
        seq: (attempt - 1) * ATTEMPT_SEQ_SPAN,
        attempt: attempt > 1 ? `,"attempt":${attempt}` : "",
        // a domain event of a run whose start was not seen (a reporter added mid-run) still satisfies the contract
        identifiers: `,"batchRunId":${JSON.stringify(started?.batchRunId ?? "unknown")},"scenarioId":${JSON.stringify(
          started?.scenarioId ?? "unknown",
        )},"scenarioSetId":${JSON.stringify(started?.scenarioSetId ?? "default")}`,
        messagesSent: 0,
        wireMessagesSent: 0,
        lastMessageId: undefined,
        turns: undefined,
      };
      this.runs.set(event.scenarioRunId, state);
    }
    return state;
  }

  private snapshot(event: Extract<ScenarioEvent, { type: "SCENARIO_MESSAGE_SNAPSHOT" }>, state: RunState): object {
    const messages = event.messages;
    const from = state.messagesSent;
    const grew = from > 0 && messages.length > from && messages[from - 1]?.id === state.lastMessageId;
    state.lastMessageId = messages.at(-1)?.id;
    state.messagesSent = messages.length;
    if (!grew) {
      const whole = toWireEvent(event) as { messages: unknown[] };
      state.wireMessagesSent = whole.messages.length;
      return whole;
    }
    const added: WireMessage[] = [];
    for (let index = from; index < messages.length; index++) {
      for (const wire of toWireMessages(messages[index]!)) added.push(wire);
    }
    const messagesOffset = state.wireMessagesSent;
    state.wireMessagesSent += added.length;
    return { ...event, messages: added, messagesOffset };
  }
}
