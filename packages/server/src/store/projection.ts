/**
 * From newly stored events to projection rows, without I/O. The rules are
 * order-insensitive so that retries, out-of-order delivery and two processes
 * flushing the same outbox end in the same rows as a clean, ordered run:
 * identity fields never change once set; the start is the earliest event and
 * the last event the latest; counts add (each event is applied once, because
 * only newly inserted events reach here); a terminal state is never undone; a
 * message slot keeps the content of the highest `seq` that wrote it. The same
 * rules merge several events of one run inside a flush (here) and a flush
 * into the stored row (event-writer.ts, in SQL).
 */
import { type IngestDomainEvent, type IngestEvent, isLifecycleEvent } from "@rehearse/core/events";

/** What one flush contributes to a run row. */
export interface RunPatch {
  tenantId: string;
  id: string;
  batchId: string;
  setId: string;
  scenarioId: string;
  name: string | null;
  description: string | null;
  metadata: Record<string, unknown> | null;
  seed: number | null;
  threadId: string | null;
  attempt: number;
  /** `running`, or the terminal state a finished event set. */
  state: "running" | "finished" | "cancelled";
  status: string | null;
  wireStatus: string | null;
  verdict: string | null;
  reasoning: string | null;
  error: string | null;
  errorCode: string | null;
  finishedAt: number | null;
  durationMs: number | null;
  agentMs: number | null;
  turns: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  metCount: number | null;
  unmetCount: number | null;
  labels: string[] | null;
  sdk: string | null;
  startedAt: number;
  lastEventAt: number;
  lastSeq: number;
  eventCount: number;
  /** The (lowercased) id of the event `name`, `description` and `metadata` came from, if in this flush. */
  startedEventId: string | null;
  /** The id of the finished event `reasoning` came from, if in this flush. */
  finishedEventId: string | null;
  messageCount: number;
  injections: number;
  policyViolations: number;
  piiLeaks: number;
  promptLeaks: number;
  toolErrors: number;
}

/** One transcript slot. */
export interface MessageRow {
  tenantId: string;
  runId: string;
  index: number;
  messageId: string;
  role: string;
  content: Record<string, unknown>;
  seq: number;
  /** Where `content` is stored: the (lowercased) snapshot event id and the message's position in it. */
  eventId: string;
  position: number;
}

/** One criterion's verdict in a finished run. */
export interface CriterionRow {
  tenantId: string;
  runId: string;
  criterion: string;
  setId: string;
  scenarioId: string;
  batchId: string;
  verdict: "met" | "unmet";
}

/** Everything a flush writes besides the events themselves. */
export interface Projection {
  runs: RunPatch[];
  messages: MessageRow[];
  criteria: CriterionRow[];
  /** Batches, sets and scenarios seen, with the time span of their events. */
  batches: Array<{ tenantId: string; id: string; setId: string; firstEventAt: number; lastEventAt: number }>;
  sets: Array<{ tenantId: string; id: string; firstEventAt: number; lastEventAt: number }>;
  scenarios: Array<{
    tenantId: string;
    id: string;
    setId: string;
    name: string | null;
    description: string | null;
    /** The run-started event `name` and `description` came from. */
    startedEventId: string | null;
    lastEventAt: number;
  }>;
}

/** An event stored in this flush, with the tenant it belongs to. */
export interface StoredEvent {
  tenantId: string;
  event: IngestEvent;
}

/** Domain events counted on the run row (a Map: event names are caller input, never object keys). */
const counterOf = new Map<string, "injections" | "policyViolations" | "piiLeaks" | "promptLeaks">([
  ["injection", "injections"],
  ["policy_violation", "policyViolations"],
  ["pii_leak", "piiLeaks"],
  ["system_prompt_leak", "promptLeaks"],
]);

/** The outcome in Rehearse's words from a finished event (its own `outcome` first, else the wire status). */
export function statusOf(wireStatus: string, outcome: string | undefined): string | null {
  if (outcome) return outcome;
  switch (wireStatus) {
    case "SUCCESS":
      return "pass";
    case "FAILED":
      return "fail";
    case "ERROR":
    case "CANCELLED":
      return "error";
    case "SKIPPED":
      return "skipped";
    default:
      return null;
  }
}

/** The projection rows of `stored` (events new to the database, any order). */
export function project(stored: readonly StoredEvent[]): Projection {
  const runs = new Map<string, RunPatch>();
  const messages = new Map<string, MessageRow>();
  const criteria: CriterionRow[] = [];
  const batches = new Map<string, Projection["batches"][number]>();
  const sets = new Map<string, Projection["sets"][number]>();
  const scenarios = new Map<string, Projection["scenarios"][number]>();

  for (const { tenantId, event } of stored) {
    const run = patchFor(runs, tenantId, event);
    const timestamp = event.timestamp;
    spanOf(
      batches,
      `${tenantId}\u0000${event.batchRunId}`,
      { tenantId, id: event.batchRunId, setId: event.scenarioSetId },
      timestamp,
    );
    spanOf(sets, `${tenantId}\u0000${event.scenarioSetId}`, { tenantId, id: event.scenarioSetId }, timestamp);
    const scenarioKey = `${tenantId}\u0000${event.scenarioId}`;
    const scenario = scenarios.get(scenarioKey) ?? {
      tenantId,
      id: event.scenarioId,
      setId: event.scenarioSetId,
      name: null,
      description: null,
      startedEventId: null,
      lastEventAt: timestamp,
    };
    scenario.lastEventAt = Math.max(scenario.lastEventAt, timestamp);
    scenarios.set(scenarioKey, scenario);

    if (!isLifecycleEvent(event)) {
      countDomainEvent(run, event);
      continue;
    }
    switch (event.type) {
      case "SCENARIO_RUN_STARTED": {
        const metadata = event.metadata as Record<string, unknown> & { name: string; description: string };
        run.name = metadata.name;
        run.description = metadata.description;
        run.metadata = metadata;
        run.seed = event.seed ?? null;
        run.threadId = event.threadId ?? null;
        run.startedEventId = event.eventId.toLowerCase();
        if (!scenario.name) {
          scenario.name = metadata.name;
          scenario.description = metadata.description;
          scenario.startedEventId = run.startedEventId;
        }
        break;
      }
      case "SCENARIO_MESSAGE_SNAPSHOT": {
        const offset = event.messagesOffset ?? 0;
        event.messages.forEach((message, position) => {
          const index = offset + position;
          const key = `${tenantId}\u0000${event.scenarioRunId}\u0000${index}`;
          const existing = messages.get(key);
          if (existing && existing.seq > event.seq) return;
          messages.set(key, {
            tenantId,
            runId: event.scenarioRunId,
            index,
            messageId: message.id,
            role: message.role,
            content: message as unknown as Record<string, unknown>,
            seq: event.seq,
            eventId: event.eventId.toLowerCase(),
            position,
          });
        });
        run.messageCount = Math.max(run.messageCount, offset + event.messages.length);
        break;
      }
      case "SCENARIO_RUN_FINISHED":
        finish(run, event, criteria);
        break;
    }
  }
  return {
    runs: [...runs.values()],
    messages: [...messages.values()],
    criteria,
    batches: [...batches.values()],
    sets: [...sets.values()],
    scenarios: [...scenarios.values()],
  };
}

function countDomainEvent(run: RunPatch, event: IngestDomainEvent): void {
  const counter = counterOf.get(event.type);
  if (counter) run[counter] += 1;
  if (event.type === "action_response" && typeof event.error === "string") run.toolErrors += 1;
  if (event.type === "turn_started" && typeof event.turn === "number") run.turns = Math.max(run.turns ?? 0, event.turn + 1);
}

function finish(run: RunPatch, event: Extract<IngestEvent, { type: "SCENARIO_RUN_FINISHED" }>, criteria: CriterionRow[]): void {
  const status = statusOf(event.status, event.outcome);
  if (status === null) return;
  run.state = event.status === "CANCELLED" ? "cancelled" : "finished";
  run.status = status;
  run.wireStatus = event.status;
  run.finishedAt = event.timestamp;
  const results = event.results;
  if (results) {
    run.verdict = results.verdict;
    run.reasoning = results.reasoning ?? null;
    run.finishedEventId = event.eventId.toLowerCase();
    run.error = results.error ?? null;
    run.metCount = results.metCriteria.length;
    run.unmetCount = results.unmetCriteria.length;
    const row = { tenantId: run.tenantId, runId: run.id, setId: run.setId, scenarioId: run.scenarioId, batchId: run.batchId };
    for (const criterion of results.metCriteria) criteria.push({ ...row, criterion, verdict: "met" });
    for (const criterion of results.unmetCriteria) criteria.push({ ...row, criterion, verdict: "unmet" });
  }
  const summary = event.summary;
  if (summary) {
    run.durationMs = summary.durationMs === undefined ? null : Math.round(summary.durationMs);
    run.agentMs = summary.agentMs === undefined ? null : Math.round(summary.agentMs);
    if (summary.turns !== undefined) run.turns = Math.max(run.turns ?? 0, summary.turns);
    run.errorCode = summary.errorCode ?? null;
    run.inputTokens = summary.usage?.inputTokens ?? null;
    run.outputTokens = summary.usage?.outputTokens ?? null;
    run.costUsd = summary.usage?.costUsd ?? null;
    run.labels = summary.labels ?? null;
  }
}

function patchFor(runs: Map<string, RunPatch>, tenantId: string, event: IngestEvent): RunPatch {
  const key = `${tenantId}\u0000${event.scenarioRunId}`;
  let run = runs.get(key);
  if (!run) {
    run = {
      tenantId,
      id: event.scenarioRunId,
      batchId: event.batchRunId,
      setId: event.scenarioSetId,
      scenarioId: event.scenarioId,
      name: null,
      description: null,
      metadata: null,
      seed: null,
      threadId: null,
      attempt: event.attempt ?? 1,
      state: "running",
      status: null,
      wireStatus: null,
      verdict: null,
      reasoning: null,
      error: null,
      errorCode: null,
      finishedAt: null,
      durationMs: null,
      agentMs: null,
      turns: null,
      inputTokens: null,
      outputTokens: null,
      costUsd: null,
      metCount: null,
      unmetCount: null,
      labels: null,
      sdk: event.sdk ? `${event.sdk.name}@${event.sdk.version}` : null,
      startedAt: event.timestamp,
      lastEventAt: event.timestamp,
      lastSeq: event.seq,
      eventCount: 0,
      startedEventId: null,
      finishedEventId: null,
      messageCount: 0,
      injections: 0,
      policyViolations: 0,
      piiLeaks: 0,
      promptLeaks: 0,
      toolErrors: 0,
    };
    runs.set(key, run);
  }
  run.startedAt = Math.min(run.startedAt, event.timestamp);
  run.lastEventAt = Math.max(run.lastEventAt, event.timestamp);
  run.lastSeq = Math.max(run.lastSeq, event.seq);
  run.attempt = Math.max(run.attempt, event.attempt ?? 1);
  run.eventCount += 1;
  return run;
}

function spanOf<Row extends { firstEventAt: number; lastEventAt: number }>(
  map: Map<string, Row>,
  key: string,
  identity: Omit<Row, "firstEventAt" | "lastEventAt">,
  timestamp: number,
): void {
  const existing = map.get(key);
  if (existing) {
    existing.firstEventAt = Math.min(existing.firstEventAt, timestamp);
    existing.lastEventAt = Math.max(existing.lastEventAt, timestamp);
    return;
  }
  map.set(key, { ...identity, firstEventAt: timestamp, lastEventAt: timestamp } as Row);
}
