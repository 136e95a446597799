/**
 * Judged runs for the calibration tests: four runs graded on two criteria,
 * each with the `judgment` event of the judge version that graded it
 * (the last one with none, as from an older library), newest last.
 */
import type { IngestEvent } from "@rehearse/core/events";
import { runEvents } from "./events.js";

export const ORDER = "asks for the order number";
export const POLITE = "stays polite";
export const START = 1_760_000_000_000;

/** A run's id, start, the judge's met/unmet criteria and the judge version of its judgment event. */
export const JUDGED_RUNS = [
  { runId: "cal-1", start: START, met: [ORDER, POLITE], unmet: [], version: "j-aaaa1111" },
  { runId: "cal-2", start: START + 60_000, met: [ORDER], unmet: [POLITE], version: "j-aaaa1111" },
  { runId: "cal-3", start: START + 120_000, met: [POLITE], unmet: [ORDER], version: "j-bbbb2222" },
  { runId: "cal-4", start: START + 180_000, met: [], unmet: [ORDER, POLITE], version: undefined },
] as const;

/** The events of the judged runs, each with its judgment event. */
export function judgedRunEvents(): IngestEvent[] {
  return JUDGED_RUNS.flatMap((run) => {
    const events = runEvents({
      runId: run.runId,
      start: run.start,
      met: [...run.met],
      unmet: [...run.unmet],
      outcome: run.unmet.length > 0 ? "fail" : "pass",
      messages: [
        ["user", `I want a refund (${run.runId})`],
        ["assistant", "Sure, what is the order number?"],
      ],
    });
    const finished = events.at(-1) as IngestEvent & { seq: number; timestamp: number };
    const judgment = {
      ...finished,
      eventId: crypto.randomUUID(),
      seq: finished.seq + 1,
      timestamp: finished.timestamp + 1,
      type: "judgment",
      turn: 1,
      actor: "judge",
      metCriteria: [...run.met],
      unmetCriteria: [...run.unmet],
      reasoning: "graded",
      verdict: run.unmet.length > 0 ? "fail" : "pass",
      score: run.met.length / 2,
      ...(run.version ? { judgeVersion: run.version, judgeModel: "test:judge" } : {}),
    } as unknown as IngestEvent;
    return [...events, judgment];
  });
}
