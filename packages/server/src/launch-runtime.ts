/**
 * The server's side of launched runs, composed: the worker token and the
 * reporting keys derived from it, the run queue the environment asks for
 * (`REDIS_URL` → BullMQ on Redis, `REHEARSE_QUEUE=postgres` → BullMQ on
 * `DATABASE_URL`, else the embedded in-process runner), and for the embedded
 * runner its JobRunner, control poll and restart recovery. `start()` runs
 * once the server listens (the embedded runner reports to the server's own
 * URL, through the normal ingest route); `close()` stops it.
 */
import { join } from "node:path";
import type { Logger } from "pino";
import type { AuditLog } from "./services/audit-log.js";
import { type QueueConnection, queueConnectionFrom } from "./services/bullmq-connection.js";
import { BullmqQueue } from "./services/bullmq-queue.js";
import { EmbeddedQueue } from "./services/embedded-queue.js";
import { type Launching, launchingServices } from "./services/launching.js";
import type { RunQueue } from "./services/run-queue.js";
import { loadSecret } from "./services/server-secrets.js";
import { WorkerCredentials } from "./services/worker-credentials.js";
import type { Database } from "./store/database.js";
import { unsettledLaunchedRuns } from "./store/launch-queries.js";
import { ControlPoll } from "./worker/control-poll.js";
import { JobRunner } from "./worker/job-runner.js";
import { localWorkerApi } from "./worker/local-worker-api.js";
import { TenantReporters } from "./worker/tenant-reporters.js";

export interface LaunchRuntimeOptions {
  database: Database;
  audit: AuditLog;
  logger: Logger;
  dataDir: string;
  environment: Readonly<Record<string, string | undefined>>;
  /** The queue; default from the environment. `"embedded"` forces the in-process runner. */
  queue?: QueueConnection | "embedded";
  /** Runs the embedded runner executes at once (default `REHEARSE_EMBEDDED_CONCURRENCY`, else 4). */
  embeddedConcurrency?: number;
  publicUrl: () => string;
  now: () => number;
  /** Told when runs of a batch settled outside ingest (stopped while queued, or could not start). */
  onRunsSettled?: (tenantId: string, batchId: string) => void;
}

export interface LaunchRuntime {
  launching: Launching;
  /** Where the worker token came from (for the start-up log; never the value). */
  tokenSource: string;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createLaunchRuntime(options: LaunchRuntimeOptions): LaunchRuntime {
  const { database, audit, logger, environment } = options;
  const token = loadSecret({
    variable: "REHEARSE_WORKER_TOKEN",
    fileName: "worker-token",
    environment,
    dataDir: options.dataDir,
  });
  const credentials = new WorkerCredentials(token.value);
  const connection = options.queue === "embedded" ? undefined : (options.queue ?? queueConnectionFrom(environment));
  let queue: RunQueue | undefined;
  const launching = launchingServices({
    database,
    audit,
    credentials,
    now: options.now,
    ...(options.onRunsSettled ? { onRunsSettled: options.onRunsSettled } : {}),
    queue: () => {
      if (!queue) throw new Error("the run queue is not started yet");
      return queue;
    },
  });
  let embedded: { runner: JobRunner; poll: ControlPoll; reporters: TenantReporters; queue: EmbeddedQueue } | undefined;
  const warn = (message: string) => logger.warn(message);
  if (connection) {
    queue = new BullmqQueue(connection);
  } else {
    const workDir = join(options.dataDir, "worker");
    const api = localWorkerApi(launching, options.publicUrl);
    const reporters = new TenantReporters({ endpoint: "", workDir, warn });
    const runner = new JobRunner({ api, workerId: "embedded", workDir, environment, reporters, warn, onHeld: () => poll.wake() });
    const concurrency = options.embeddedConcurrency ?? (Number(environment.REHEARSE_EMBEDDED_CONCURRENCY) || 4);
    const embeddedQueue = new EmbeddedQueue(
      async (job, attempt, signal) => {
        const outcome = await runner.process(job, attempt, signal);
        return outcome.kind === "deferred" ? { kind: "deferred", delayMs: outcome.delayMs } : { kind: outcome.kind };
      },
      {
        concurrency,
        onError: (error, job) => logger.error({ err: error, runId: job.runId }, "a launched run failed in the embedded runner"),
      },
    );
    const startedAt = Date.now();
    const poll = new ControlPoll({
      api,
      runner,
      warn,
      status: () => ({
        id: "embedded",
        // the embedded worker is the server's own process (a fixed name: the dashboard's screenshots do not depend on a machine's)
        host: "server",
        pid: process.pid,
        backend: "embedded",
        concurrency,
        version: "server",
        startedAt,
      }),
    });
    embedded = { runner, poll, reporters, queue: embeddedQueue };
    queue = embeddedQueue;
  }
  return {
    launching,
    tokenSource: token.source,
    async start() {
      if (!embedded) return;
      embedded.reporters.setEndpoint(options.publicUrl());
      embedded.poll.start();
      const pending = await database.asSystem(unsettledLaunchedRuns);
      if (pending.length > 0) logger.info({ runs: pending.length }, "launched runs resumed in the embedded runner");
      embedded.queue.resume(pending);
    },
    async close() {
      await queue?.close();
      if (embedded) {
        await embedded.poll.stop();
        await embedded.reporters.close(5_000);
      }
    },
  };
}
