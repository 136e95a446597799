/**
 * The run queue on BullMQ (platform.md §6.2): one job per run, `jobId` = run
 * id (BullMQ ignores a second add of the same id), data without secrets or
 * transcripts, attempts only for infrastructure failures (a worker that died
 * before finishing: the job stalls and another worker takes it over), and
 * finished jobs kept an hour (failed ones a week) for inspection.
 */
import { Queue, type QueueOptions } from "bullmq";
import { bullmqArguments, type QueueConnection, RUN_QUEUE_NAME } from "./bullmq-connection.js";
import type { RunJob, RunQueue } from "./run-queue.js";

/** Job options of every run (retries are for the infrastructure, never for a scenario's outcome). */
export const runJobOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
} as const;

export class BullmqQueue implements RunQueue {
  readonly backend: "redis" | "postgres";
  private readonly queue: Queue<RunJob>;

  constructor(connection: QueueConnection, name = RUN_QUEUE_NAME) {
    this.backend = connection.backend;
    const [options, backend] = bullmqArguments<QueueOptions>(connection, {}, "producer");
    this.queue = backend ? new Queue<RunJob>(name, options, backend as never) : new Queue<RunJob>(name, options);
    // a connection problem surfaces on the next call; the event must have a listener or Node throws
    this.queue.on("error", () => undefined);
  }

  async enqueue(jobs: readonly RunJob[]): Promise<void> {
    for (let start = 0; start < jobs.length; start += 500) {
      await this.queue.addBulk(
        jobs
          .slice(start, start + 500)
          .map((job) => ({ name: "scenario.run", data: job, opts: { ...runJobOptions, jobId: job.runId } })),
      );
    }
  }

  async remove(runIds: readonly string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const runId of runIds) {
      const job = await this.queue.getJob(runId);
      if (!job) continue;
      const state = await job.getState();
      if (state !== "waiting" && state !== "delayed" && state !== "prioritized") continue;
      try {
        await job.remove();
        removed.push(runId);
      } catch {
        // a worker took it meanwhile: its claim sees the stop and skips it
      }
    }
    return removed;
  }

  async counts(): Promise<Record<string, number>> {
    return (await this.queue.getJobCounts()) as Record<string, number>;
  }

  /** BullMQ's `bullmq_job_count{queue,state}` gauges, in Prometheus text. */
  prometheus(): Promise<string> {
    return this.queue.exportPrometheusMetrics();
  }

  /** The BullMQ queue, for tests and maintenance (pause all workers). */
  get raw(): Queue<RunJob> {
    return this.queue;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
