/**
 * Runs for release-guard tests, as the reporter sends them (test-support/
 * events.ts) plus what the guard reads: labels on the finished summary and
 * a `red_team_report` domain event before the finish.
 */
import { randomUUID } from "node:crypto";
import type { IngestEvent } from "@rehearse/core/events";
import { type RunEventsOptions, runEvents } from "./events.js";

export interface GuardRunOptions extends RunEventsOptions {
  labels?: string[];
  /** The outcome of a red-team report sent by the run; none by default. */
  redTeam?: "held" | "broke" | "errored" | "skipped";
}

/** Every event of one finished run, with labels and a red-team report when asked. */
export function guardRunEvents(options: GuardRunOptions = {}): IngestEvent[] {
  const events = runEvents(options);
  const finished = events.at(-1) as IngestEvent & { seq: number; summary?: Record<string, unknown> };
  if (options.labels) finished.summary = { ...finished.summary, labels: options.labels };
  if (options.redTeam) {
    const report = {
      ...finished,
      eventId: randomUUID(),
      type: "red_team_report",
      actor: "system",
      report: {
        version: 1,
        strategy: "crescendo",
        target: "a support bot",
        totalTurns: 3,
        outcome: options.redTeam,
        reasons: [`the attack ${options.redTeam}`],
        turns: [],
        backtracks: [],
        notes: [],
      },
    } as Record<string, unknown>;
    for (const key of ["status", "outcome", "results", "summary"]) delete report[key];
    events.splice(events.length - 1, 0, report as unknown as IngestEvent);
    finished.seq += 1;
  }
  return events;
}

/** `count` runs of one batch with the same options, each its own run id. */
export function guardBatch(count: number, options: GuardRunOptions): IngestEvent[] {
  return Array.from({ length: count }, () => guardRunEvents({ ...options, runId: `run-${randomUUID()}` })).flat();
}
