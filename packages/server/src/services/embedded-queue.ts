/**
 * The run queue of a server without `REDIS_URL` (platform.md §6.1): launched
 * runs execute in this process, `concurrency` at a time, through the same
 * job interface workers use. The database is its durable part: runs are
 * stored `queued` before they are enqueued here, and at start the server
 * enqueues again every launched run that had not settled (a run that was
 * running when the server stopped gets its next attempt).
 */
import type { RunJob, RunQueue } from "./run-queue.js";

/** What processing one job ended in, as far as the queue cares. */
export type ProcessedJob = { kind: "deferred"; delayMs: number } | { kind: "finished" | "skipped" | "failed" };

/** Runs one job; `signal` aborts when the queue closes. */
export type JobProcessor = (job: RunJob, attempt: number, signal: AbortSignal) => Promise<ProcessedJob>;

interface Waiting {
  job: RunJob;
  attempt: number;
  notBefore: number;
}

export class EmbeddedQueue implements RunQueue {
  readonly backend = "embedded" as const;
  private readonly waiting: Waiting[] = [];
  private readonly active = new Set<string>();
  private readonly known = new Set<string>();
  private readonly closing = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private completed = 0;
  private failed = 0;

  constructor(
    private readonly processor: JobProcessor,
    private readonly options: { concurrency: number; onError: (error: unknown, job: RunJob) => void; now?: () => number },
  ) {}

  async enqueue(jobs: readonly RunJob[]): Promise<void> {
    this.add(jobs.map((job) => ({ job, attempt: 1 })));
  }

  /** Enqueues runs again after a restart, each with the attempt it is at. */
  resume(jobs: ReadonlyArray<{ job: RunJob; attempt: number }>): void {
    this.add(jobs);
  }

  async remove(runIds: readonly string[]): Promise<string[]> {
    const wanted = new Set(runIds);
    const removed: string[] = [];
    for (let index = this.waiting.length - 1; index >= 0; index--) {
      const entry = this.waiting[index];
      if (entry && wanted.has(entry.job.runId)) {
        this.waiting.splice(index, 1);
        this.known.delete(entry.job.runId);
        removed.push(entry.job.runId);
      }
    }
    return removed;
  }

  async counts(): Promise<Record<string, number>> {
    const now = this.now();
    const delayed = this.waiting.filter((entry) => entry.notBefore > now).length;
    return {
      waiting: this.waiting.length - delayed,
      delayed,
      active: this.active.size,
      completed: this.completed,
      failed: this.failed,
    };
  }

  /** Stops taking jobs, aborts those running (they end as interrupted) and waits for them. */
  async close(): Promise<void> {
    this.closing.abort(new Error("the server is shutting down"));
    if (this.timer) clearTimeout(this.timer);
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private add(entries: ReadonlyArray<{ job: RunJob; attempt: number }>): void {
    if (this.closing.signal.aborted) throw new Error("the embedded run queue is closed");
    for (const { job, attempt } of entries) {
      if (this.known.has(job.runId)) continue; // one job per run, as BullMQ's job ids
      this.known.add(job.runId);
      this.waiting.push({ job, attempt, notBefore: 0 });
    }
    this.pump();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = this.now();
    while (this.active.size < this.options.concurrency && !this.closing.signal.aborted) {
      const index = this.waiting.findIndex((entry) => entry.notBefore <= now);
      if (index < 0) break;
      const [entry] = this.waiting.splice(index, 1);
      if (entry) this.start(entry);
    }
    const next = Math.min(...this.waiting.map((entry) => entry.notBefore));
    if (Number.isFinite(next) && next > now && this.active.size < this.options.concurrency) {
      this.timer = setTimeout(() => this.pump(), next - now);
      this.timer.unref?.();
    }
  }

  private start(entry: Waiting): void {
    const { job } = entry;
    this.active.add(job.runId);
    const work = (async () => {
      try {
        const outcome = await this.processor(job, entry.attempt, this.closing.signal);
        if (outcome.kind === "deferred" && !this.closing.signal.aborted) {
          this.waiting.push({ ...entry, notBefore: this.now() + outcome.delayMs });
          return;
        }
        this.known.delete(job.runId);
        if (outcome.kind === "failed") this.failed++;
        else this.completed++;
      } catch (error) {
        this.known.delete(job.runId);
        this.failed++;
        this.options.onError(error, job);
      } finally {
        this.active.delete(job.runId);
      }
    })();
    this.running.add(work);
    void work.finally(() => {
      this.running.delete(work);
      this.pump();
    });
  }
}
