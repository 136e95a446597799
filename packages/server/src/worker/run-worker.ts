/**
 * A `rehearse worker` process's engine (platform.md §6): a BullMQ worker on
 * Redis or PostgreSQL taking `scenario.run` jobs, `concurrency` at a time,
 * through the JobRunner; a control poll (heartbeats, pause, stop); and a
 * graceful close: stop taking jobs, let running ones finish within the drain
 * deadline, then abort what is left and say which runs it stopped. A worker
 * killed without closing leaves its jobs stalled; another worker takes them
 * over after the stall interval as the run's next attempt.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { RateLimitStore } from "@rehearse/core/platform";
import { DelayedError, type Job, UnrecoverableError, Worker, type WorkerOptions } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { bullmqArguments, type QueueConnection, RUN_QUEUE_NAME } from "../services/bullmq-connection.js";
import { postgresRateLimitStore, redisRateLimitStore } from "../services/model-rate-limit-store.js";
import type { RunJob } from "../services/run-queue.js";
import { ControlPoll } from "./control-poll.js";
import { httpWorkerApi } from "./http-worker-api.js";
import { JobRunner } from "./job-runner.js";
import { TenantReporters } from "./tenant-reporters.js";
import type { WorkerApi } from "./worker-api.js";

export interface RunWorkerOptions {
  /** The Rehearse server's base URL. */
  endpoint: string;
  /** The installation's worker token (`REHEARSE_WORKER_TOKEN`). */
  token: string;
  queue: QueueConnection;
  /** Runs at once (default 10: runs mostly wait on model calls). */
  concurrency?: number;
  /** Suites and outboxes (default `.rehearse/worker` under the working directory). */
  workDir: string;
  /** What runs see (provider keys); the worker's own variables are removed. */
  environment: Readonly<Record<string, string | undefined>>;
  /** How long close() lets running runs finish before aborting them (default 30 000 ms). */
  drainTimeoutMs?: number;
  /** BullMQ's stall check and job lock (default 30 000 ms): how soon a dead worker's jobs are taken over. */
  stalledIntervalMs?: number;
  queueName?: string;
  version?: string;
  warn?: (message: string) => void;
  /** For tests: another way to reach the server. */
  api?: WorkerApi;
}

/** A running worker. */
export interface RunningWorker {
  id: string;
  runner: JobRunner;
  /** Graceful shutdown; resolves to the runs it had to stop. Safe to call twice. */
  close(): Promise<{ stopped: string[] }>;
}

export async function startRunWorker(options: RunWorkerOptions): Promise<RunningWorker> {
  const id = `worker_${hostname()}_${process.pid}_${randomUUID().slice(0, 8)}`;
  const warn = options.warn ?? (() => undefined);
  const api = options.api ?? httpWorkerApi(options.endpoint, options.token);
  const reporters = new TenantReporters({ endpoint: api.endpoint, workDir: options.workDir, warn });
  // model-call rate limits are shared by every worker through the queue's own store (platform.md §6.4)
  const limits = await sharedRateLimits(options.queue);
  const runner = new JobRunner({
    api,
    workerId: id,
    workDir: options.workDir,
    environment: options.environment,
    reporters,
    warn,
    rateLimitStore: limits.store,
    onHeld: () => poll.wake(),
  });
  const shutdown = new AbortController();
  const concurrency = options.concurrency ?? 10;
  const stalled = options.stalledIntervalMs ?? 30_000;
  const startedAt = Date.now();
  const processor = async (job: Job<RunJob>, token?: string) => {
    // a retry after a failure and a take-over after a stall are new attempts; waiting out a pause is not
    const attempt = job.attemptsMade + job.stalledCounter + 1;
    const outcome = await runner.process(job.data, attempt, shutdown.signal);
    switch (outcome.kind) {
      case "deferred":
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      case "skipped":
        return { skipped: outcome.reason };
      case "failed":
        throw new UnrecoverableError(outcome.reason);
      case "finished":
        return { status: outcome.status, durationMs: outcome.durationMs };
      default:
        return outcome satisfies never;
    }
  };
  const poll = new ControlPoll({
    api,
    runner,
    warn,
    status: () => ({
      id,
      host: hostname(),
      pid: process.pid,
      backend: options.queue.backend,
      concurrency,
      version: options.version ?? "unknown",
      startedAt,
    }),
  });
  const [workerOptions, backend] = bullmqArguments<WorkerOptions>(
    options.queue,
    // a job's lock lasts as long as the stall check's period: a dead worker's runs are taken over within two periods
    { concurrency, stalledInterval: stalled, lockDuration: stalled, maxStalledCount: 2 },
    "worker",
  );
  const name = options.queueName ?? RUN_QUEUE_NAME;
  const worker = backend
    ? new Worker<RunJob>(name, processor, workerOptions, backend as never)
    : new Worker<RunJob>(name, processor, workerOptions);
  worker.on("error", (error) => warn(`queue connection: ${error.message}`));
  await worker.waitUntilReady();
  poll.start();

  let closing: Promise<{ stopped: string[] }> | undefined;
  const close = () => {
    closing ??= (async () => {
      const drained = worker.close();
      const deadline = new Promise<"deadline">((done) =>
        setTimeout(() => done("deadline"), options.drainTimeoutMs ?? 30_000).unref(),
      );
      const first = await Promise.race([drained.then(() => "drained" as const), deadline]);
      let stopped: string[] = [];
      if (first === "deadline") {
        stopped = runner.abortAll();
        shutdown.abort(new Error("the worker shut down"));
        await drained;
      }
      await poll.pollNow(true);
      await poll.stop();
      await reporters.close(5_000);
      await limits.close();
      return { stopped };
    })();
    return closing;
  };
  return { id, runner, close };
}

/** The rate-limit store every worker on `queue` shares: Redis for Redis, PostgreSQL for PostgreSQL. */
async function sharedRateLimits(queue: QueueConnection): Promise<{ store: RateLimitStore; close(): Promise<void> }> {
  if (queue.backend === "redis") {
    const client = new Redis(queue.url, { maxRetriesPerRequest: 1 });
    client.on("error", () => undefined);
    return { store: redisRateLimitStore(client), close: async () => void client.disconnect() };
  }
  const pool = new pg.Pool({ connectionString: queue.connectionString, max: 4 });
  return { store: await postgresRateLimitStore(pool), close: () => pool.end() };
}
