/** A run queue for route tests: it keeps what was enqueued and removed, and runs nothing. */
import type { RunJob, RunQueue } from "../services/run-queue.js";

export class RecordingQueue implements RunQueue {
  readonly backend = "embedded" as const;
  readonly jobs: RunJob[] = [];
  readonly removed: string[] = [];
  /** Set to make the next enqueue fail (a queue that is down). */
  failNext: Error | undefined;

  async enqueue(jobs: readonly RunJob[]): Promise<void> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    for (const job of jobs) if (!this.jobs.some((known) => known.runId === job.runId)) this.jobs.push(job);
  }

  async remove(runIds: readonly string[]): Promise<string[]> {
    const removed = runIds.filter((runId) => this.jobs.some((job) => job.runId === runId) && !this.removed.includes(runId));
    this.removed.push(...removed);
    return removed;
  }

  async counts(): Promise<Record<string, number>> {
    return { waiting: this.jobs.length - this.removed.length };
  }

  async close(): Promise<void> {}
}
