/**
 * Builders of ingest events for tests: a run as the Rehearse reporter sends
 * it (started, delta snapshots, domain events, finished), with UUID ids.
 */
import { randomUUID } from "node:crypto";
import type { IngestEvent } from "@rehearse/core/events";

export interface RunEventsOptions {
  runId?: string;
  batchId?: string;
  setId?: string;
  scenarioId?: string;
  name?: string;
  start?: number;
  /** Outcome; default pass. */
  outcome?: "pass" | "fail" | "error" | "skipped";
  /** Conversation as [role, text] pairs; default a two-turn exchange. */
  messages?: Array<["user" | "assistant", string]>;
  met?: string[];
  unmet?: string[];
  injections?: number;
  /** More `SCENARIO_RUN_STARTED` metadata beside name and description. */
  metadata?: Record<string, unknown>;
  /** The finished summary's measured duration (default 1234) and cost (default 0.0012; `null`: none reported). */
  durationMs?: number;
  costUsd?: number | null;
  turns?: number;
}

const wireStatus = { pass: "SUCCESS", fail: "FAILED", error: "ERROR", skipped: "SKIPPED" } as const;

/** Every event of one finished run, in emit order, seq 0…n. */
export function runEvents(options: RunEventsOptions = {}): IngestEvent[] {
  const runId = options.runId ?? `run-${randomUUID()}`;
  const start = options.start ?? 1_760_000_000_000;
  const outcome = options.outcome ?? "pass";
  const base = {
    batchRunId: options.batchId ?? "batch-1",
    scenarioId: options.scenarioId ?? "refund",
    scenarioRunId: runId,
    scenarioSetId: options.setId ?? "default",
    schemaVersion: 1 as const,
    sdk: { name: "@rehearse/core", version: "0.1.0" },
  };
  let seq = 0;
  let time = start;
  const next = () => ({ ...base, eventId: randomUUID(), seq: seq++, timestamp: time++ });
  const name = options.name ?? "refund request";
  const events: IngestEvent[] = [
    {
      ...next(),
      type: "SCENARIO_RUN_STARTED",
      metadata: { ...options.metadata, name, description: `${name} description` },
      seed: 42,
      threadId: `thread-${runId}`,
    },
  ];
  const messages = options.messages ?? [
    ["user", "I want a refund"],
    ["assistant", "Sure, what is the order number?"],
  ];
  messages.forEach(([role, text], index) => {
    events.push({ ...next(), type: "turn_started", turn: Math.floor(index / 2) } as IngestEvent);
    events.push({
      ...next(),
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      messagesOffset: index,
      messages: [{ id: `${runId}-m${index}`, role, content: text }],
    } as IngestEvent);
  });
  for (let count = 0; count < (options.injections ?? 0); count++) {
    events.push({
      ...next(),
      type: "injection",
      turn: 0,
      actor: "system",
      injection: `fault-${count}`,
      injectionType: "tool_fault",
      reason: "test",
    } as IngestEvent);
  }
  events.push({
    ...next(),
    type: "SCENARIO_RUN_FINISHED",
    status: wireStatus[outcome],
    outcome,
    results: {
      verdict: outcome === "pass" ? "success" : outcome === "fail" ? "failure" : "inconclusive",
      reasoning: `the run ended ${outcome}`,
      metCriteria: options.met ?? ["asks for the order number"],
      unmetCriteria: options.unmet ?? [],
    },
    summary: {
      durationMs: options.durationMs ?? 1234,
      turns: options.turns ?? Math.ceil(messages.length / 2),
      usage: {
        inputTokens: 100,
        outputTokens: 50,
        ...(options.costUsd === null ? {} : { costUsd: options.costUsd ?? 0.0012 }),
      },
    },
  } as IngestEvent);
  return events;
}
