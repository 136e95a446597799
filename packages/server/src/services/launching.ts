/** The services of server-launched runs, built together (server.ts and the test app). */
import type { Database } from "../store/database.js";
import type { AuditLog } from "./audit-log.js";
import { Idempotency } from "./idempotency.js";
import { Launches } from "./launches.js";
import { Reruns } from "./reruns.js";
import type { RunQueue } from "./run-queue.js";
import { Suites } from "./suites.js";
import type { WorkerCredentials } from "./worker-credentials.js";
import { WorkerRegistry } from "./worker-registry.js";

export interface Launching {
  suites: Suites;
  launches: Launches;
  reruns: Reruns;
  idempotency: Idempotency;
  workers: WorkerRegistry;
  credentials: WorkerCredentials;
  /** The run queue (set once the server chose its backend). */
  queue(): RunQueue;
}

export function launchingServices(options: {
  database: Database;
  audit: AuditLog;
  credentials: WorkerCredentials;
  queue: () => RunQueue;
  now: () => number;
  onRunsSettled?: (tenantId: string, batchId: string) => void;
}): Launching {
  const { database, audit, credentials, queue, now } = options;
  const suites = new Suites(database);
  return {
    suites,
    launches: new Launches({
      database,
      suites,
      queue,
      audit,
      credentials,
      now,
      ...(options.onRunsSettled ? { onRunsSettled: options.onRunsSettled } : {}),
    }),
    reruns: new Reruns({ database, suites, queue, audit, now }),
    idempotency: new Idempotency(database, now),
    workers: new WorkerRegistry(database, now),
    credentials,
    queue,
  };
}
