/**
 * The job interface between the server and whatever runs launched runs
 * (platform.md §6): the embedded in-process runner when no `REDIS_URL` is set,
 * BullMQ on Redis, or BullMQ's PostgreSQL backend (`REHEARSE_QUEUE=postgres`).
 * A job is one run; its id is the run id, so enqueuing twice is harmless.
 * Job data holds ids, names and numbers only: no secrets and no transcripts
 * (BullMQ keeps job data in clear text).
 */

export type { RunJob } from "../store/run-job.js";

import type { RunJob } from "../store/run-job.js";

/** Where launched runs wait. */
export interface RunQueue {
  readonly backend: "embedded" | "redis" | "postgres";
  /** Adds jobs; a job whose run id is already queued is ignored. */
  enqueue(jobs: readonly RunJob[]): Promise<void>;
  /** Removes jobs that have not started; resolves to the run ids it removed. */
  remove(runIds: readonly string[]): Promise<string[]>;
  /** Jobs by state (`waiting`, `active`, `delayed`, `completed`, `failed`, …), for `/metrics` and health. */
  counts(): Promise<Record<string, number>>;
  /** The queue's own Prometheus text (`bullmq_job_count{queue,state}`), when it has one. */
  prometheus?(): Promise<string>;
  close(): Promise<void>;
}
