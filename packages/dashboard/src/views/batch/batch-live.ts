/**
 * Live frames of a batch (`batch:<id>`) applied to what the page holds,
 * without React: a run's summary row (state and outcome from `run.state`,
 * message count from `run.messages`, counters and turns from `run.event`)
 * and a card's last messages (placed by index, so a repeated or full
 * snapshot never duplicates). Frames are deltas (docs/server.md, "Live
 * stream"); a run the page has not seen yet becomes a row from its
 * `SCENARIO_RUN_STARTED`, or is reported unknown so the caller can fetch it.
 */
import type { LiveFrame } from "../../live/live-connection";
import type { RunRow } from "./batch-rows";

/** What a frame did to the run list. */
export type RowChange = { kind: "row"; row: RunRow } | { kind: "unknown"; runId: string } | { kind: "none" };

export interface FrameOptions {
  /**
   * Count `run.event` frames into the row's counters. Off for frames that arrived while the list was
   * loading: the loaded row may already include them, and counting twice is worse than once missed.
   */
  counters: boolean;
  /** Now, in milliseconds (the start time of a run whose started frame carries none). */
  now: number;
}

type Event = Record<string, unknown>;

const COUNTER_OF: Record<string, keyof RunRow["counters"]> = {
  injection: "injections",
  policy_violation: "policyViolations",
  pii_leak: "piiLeaks",
  system_prompt_leak: "promptLeaks",
};

const iso = (milliseconds: number) => new Date(milliseconds).toISOString();
const text = (value: unknown) => (typeof value === "string" ? value : undefined);
const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** The outcome a finished event gives a run (its `outcome` first, else the wire status), as the server decides. */
export function outcomeOf(event: Event): RunRow["status"] | undefined {
  const outcome = text(event.outcome);
  if (outcome === "pass" || outcome === "fail" || outcome === "error" || outcome === "skipped") return outcome;
  switch (event.status) {
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
      return undefined;
  }
}

/**
 * The flat part of a run's started metadata, bounded as the server bounds summary rows (at most 20
 * scalar entries by key, keys up to 64 characters, strings cut at 200; no name or description): what a
 * row added from the stream shows until the next reload brings the server's own.
 */
export function flatMetadata(metadata: unknown): Record<string, string | number | boolean> {
  // entries, not assignments: a key named `__proto__` stays a key
  const kept: Array<[string, string | number | boolean]> = [];
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) return {};
  const entries = Object.entries(metadata).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  for (const [key, value] of entries) {
    if (kept.length === 20) break;
    if (key === "name" || key === "description" || key.length > 64) continue;
    if (typeof value === "number" && !Number.isFinite(value)) continue;
    if (typeof value === "string") kept.push([key, value.slice(0, 200)]);
    else if (typeof value === "number" || typeof value === "boolean") kept.push([key, value]);
  }
  return Object.fromEntries(kept);
}

/** A new row from a `SCENARIO_RUN_STARTED` frame. */
export function rowFromStarted(frame: LiveFrame, now: number): RunRow | undefined {
  const event = frame.data.event;
  const runId = frame.data.runId;
  if (!event || !runId || event.type !== "SCENARIO_RUN_STARTED") return undefined;
  const metadata = (event.metadata ?? {}) as Event;
  const started = iso(number(event.timestamp) ?? now);
  return {
    runId,
    batchId: frame.data.batchId ?? text(event.batchRunId) ?? "",
    setId: frame.data.setId ?? text(event.scenarioSetId) ?? "default",
    scenarioId: text(event.scenarioId) ?? runId,
    name: text(metadata.name) ?? null,
    state: "running",
    status: null,
    verdict: null,
    errorCode: null,
    seed: number(event.seed) ?? null,
    attempt: number(event.attempt) ?? 1,
    startedAt: started,
    finishedAt: null,
    lastEventAt: started,
    durationMs: null,
    turns: null,
    messageCount: 0,
    usage: { inputTokens: null, outputTokens: null, costUsd: null },
    counters: { injections: 0, policyViolations: 0, piiLeaks: 0, promptLeaks: 0, toolErrors: 0 },
    metCriteriaCount: null,
    unmetCriteriaCount: null,
    labels: [],
    metadata: flatMetadata(metadata),
  };
}

function finished(row: RunRow, event: Event): RunRow {
  const status = outcomeOf(event);
  if (status === undefined) return row;
  const results = (event.results ?? undefined) as
    | { verdict?: string; metCriteria?: unknown[]; unmetCriteria?: unknown[] }
    | undefined;
  const summary = (event.summary ?? undefined) as
    | {
        durationMs?: number;
        turns?: number;
        errorCode?: string;
        labels?: string[];
        usage?: { inputTokens?: number; outputTokens?: number; costUsd?: number };
      }
    | undefined;
  const next: RunRow = {
    ...row,
    state: event.status === "CANCELLED" ? "cancelled" : "finished",
    status,
    finishedAt: iso(number(event.timestamp) ?? Date.parse(row.lastEventAt)),
  };
  if (results) {
    next.verdict = results.verdict ?? next.verdict;
    next.metCriteriaCount = Array.isArray(results.metCriteria) ? results.metCriteria.length : next.metCriteriaCount;
    next.unmetCriteriaCount = Array.isArray(results.unmetCriteria) ? results.unmetCriteria.length : next.unmetCriteriaCount;
  }
  if (summary) {
    next.durationMs = summary.durationMs === undefined ? next.durationMs : Math.round(summary.durationMs);
    if (summary.turns !== undefined) next.turns = Math.max(next.turns ?? 0, summary.turns);
    next.errorCode = summary.errorCode ?? next.errorCode;
    if (summary.labels) next.labels = summary.labels;
    if (summary.usage) {
      next.usage = {
        inputTokens: summary.usage.inputTokens ?? null,
        outputTokens: summary.usage.outputTokens ?? null,
        costUsd: summary.usage.costUsd ?? null,
      };
    }
  }
  return next;
}

function domainEvent(row: RunRow, event: Event, options: FrameOptions): RunRow {
  const type = text(event.type) ?? "";
  const turn = number(event.turn);
  let next = row;
  if (type === "turn_started" && turn !== undefined && turn + 1 > (row.turns ?? 0)) next = { ...next, turns: turn + 1 };
  if (!options.counters) return next;
  const counter = COUNTER_OF[type];
  const toolError = type === "action_response" && typeof event.error === "string";
  if (counter || toolError) {
    const counters = { ...next.counters };
    if (counter) counters[counter] += 1;
    if (toolError) counters.toolErrors += 1;
    next = { ...next, counters };
  }
  return next;
}

/** Applies one frame of the batch's topic to the run's row (`undefined` when the page has no such row). */
export function applyFrameToRow(row: RunRow | undefined, frame: LiveFrame, options: FrameOptions): RowChange {
  const runId = frame.data.runId;
  if (!runId || frame.kind === "resync" || (frame.data as { replay?: boolean }).replay) return { kind: "none" };
  const event = frame.data.event ?? {};
  if (!row) {
    const created = frame.kind === "run.state" ? rowFromStarted(frame, options.now) : undefined;
    return created ? { kind: "row", row: created } : { kind: "unknown", runId };
  }
  // the reporter's clock, as the server stores it; a frame without a time (messages) leaves it
  const eventTime = number(event.timestamp);
  let next: RunRow = eventTime === undefined ? { ...row } : { ...row, lastEventAt: iso(eventTime) };
  // a frame means the run is going: a stalled run woke up, a queued (or interrupted) launched run started
  if (next.state === "stalled" || next.state === "queued" || next.state === "interrupted") next.state = "running";
  if (frame.kind === "run.state" && event.type === "SCENARIO_RUN_FINISHED") next = finished(next, event);
  else if (frame.kind === "run.state" && event.type === "SCENARIO_RUN_STARTED" && next.name === null) {
    next.name = text((event.metadata as Event | undefined)?.name) ?? null;
  } else if (frame.kind === "run.messages") {
    const end = (frame.data.offset ?? 0) + (frame.data.messages?.length ?? 0);
    if (end > next.messageCount) next.messageCount = end;
  } else if (frame.kind === "run.event") next = domainEvent(next, event, options);
  return { kind: "row", row: next };
}

/** A transcript message as the API and the stream carry it, with its index in the conversation. */
export interface CardMessage {
  index: number;
  id?: string;
  role: string;
  [key: string]: unknown;
}

/** How many of a run's last messages a card shows. */
export const CARD_MESSAGE_COUNT = 3;

/** The messages of a `run.messages` frame, indexed from its offset. */
export function frameMessages(frame: LiveFrame): CardMessage[] {
  const offset = frame.data.offset ?? 0;
  return (frame.data.messages ?? []).map((message, position) => ({
    ...message,
    role: text(message.role) ?? "unknown",
    index: offset + position,
  }));
}

/** `current` with `incoming` placed by index (a later copy of an index wins), keeping the last `keep`. */
export function mergeMessages(
  current: readonly CardMessage[],
  incoming: readonly CardMessage[],
  keep = CARD_MESSAGE_COUNT,
): CardMessage[] {
  const byIndex = new Map<number, CardMessage>();
  for (const message of current) byIndex.set(message.index, message);
  for (const message of incoming) byIndex.set(message.index, message);
  return [...byIndex.values()].sort((left, right) => left.index - right.index).slice(-keep);
}

/** True when `messages` already are the run's last ones (nothing to fetch for its card). */
export function tailComplete(messages: readonly CardMessage[], messageCount: number, keep = CARD_MESSAGE_COUNT): boolean {
  const need = Math.min(keep, messageCount);
  if (need === 0) return true;
  const tail = messages.slice(-need);
  return tail.length === need && tail.every((message, position) => message.index === messageCount - need + position);
}

/** A message as one line of a card: who spoke and what (tool calls by name when there is no text). */
export function messagePreview(message: CardMessage): { who: string; text: string } {
  const who =
    message.role === "assistant" ? "Agent" : message.role === "user" ? "User" : message.role === "tool" ? "Tool" : "System";
  const content = message.content;
  let body = "";
  if (typeof content === "string") body = content;
  else if (Array.isArray(content)) {
    body = content
      .map((part) => (part && typeof part === "object" && typeof (part as Event).text === "string" ? (part as Event).text : ""))
      .join(" ");
  }
  const calls = Array.isArray(message.toolCalls) ? (message.toolCalls as Array<{ function?: { name?: string } }>) : [];
  if (!body.trim() && calls.length > 0) body = `calls ${calls.map((call) => call.function?.name ?? "a tool").join(", ")}`;
  return { who, text: body.replaceAll(/\s+/g, " ").trim().slice(0, 280) };
}
