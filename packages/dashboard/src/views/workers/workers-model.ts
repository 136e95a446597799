/**
 * The workers page without React: a worker state's badge colour, the fleet
 * in one sentence (lost workers first: they are why someone opens the page),
 * and the queue's job counts in the order jobs move through them.
 */
import type { Schemas } from "../../api/client";
import type { BadgeStatus } from "../../components/status-badge";

export type WorkerList = Schemas["WorkerList"];
export type Worker = WorkerList["workers"][number];
export type WorkerState = Worker["state"];

/** The status colour of each worker state (the word is always written beside it). */
export const WORKER_BADGES: Record<WorkerState, BadgeStatus> = { alive: "pass", stopped: "skipped", lost: "fail" };

const SUMMARY_ORDER: readonly WorkerState[] = ["lost", "alive", "stopped"];

/** "3 workers: 1 lost, 2 alive." */
export function workersSummary(workers: ReadonlyArray<Pick<Worker, "state">>): string {
  if (workers.length === 0) return "No worker has sent a heartbeat in the last 24 hours.";
  const parts = SUMMARY_ORDER.map((state) => [state, workers.filter((worker) => worker.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`);
  return `${workers.length} ${workers.length === 1 ? "worker" : "workers"}: ${parts.join(", ")}.`;
}

/** The states a job moves through (BullMQ's names; the embedded queue uses the same). */
const QUEUE_ORDER = ["waiting", "prioritized", "waiting-children", "delayed", "paused", "active", "completed", "failed"];

/** The queue's counts as `[state, count]`, known states in order, others after them by name. */
export function queueEntries(counts: Readonly<Record<string, number>>): Array<[string, number]> {
  const rank = (state: string) => {
    const index = QUEUE_ORDER.indexOf(state);
    return index < 0 ? QUEUE_ORDER.length : index;
  };
  return Object.entries(counts).sort(([left], [right]) => rank(left) - rank(right) || left.localeCompare(right));
}
