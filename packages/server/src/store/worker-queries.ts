/** The `workers` table: one row per worker process, updated by its heartbeats. */
import { desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Executor } from "./database.js";
import { workers } from "./schema.js";

/** A worker's heartbeat as stored. */
export interface WorkerBeat {
  id: string;
  host: string;
  pid: number;
  backend: string;
  concurrency: number;
  version: string;
  startedAt: Date;
  active: number;
  processed: number;
  failed: number;
  stopping: boolean;
  now: Date;
}

/** Stores a heartbeat (the first one registers the worker). */
export async function storeHeartbeat(executor: Executor, beat: WorkerBeat): Promise<void> {
  const values = {
    host: beat.host,
    pid: beat.pid,
    backend: beat.backend,
    concurrency: beat.concurrency,
    version: beat.version,
    lastHeartbeatAt: beat.now,
    active: beat.active,
    processed: beat.processed,
    failed: beat.failed,
    stoppedAt: beat.stopping ? beat.now : null,
  };
  await executor.drizzle
    .insert(workers)
    .values({ id: beat.id, startedAt: beat.startedAt, ...values })
    .onConflictDoUpdate({ target: workers.id, set: values });
}

/** Workers seen since `since` or still running, newest heartbeat first. */
export function recentWorkers(executor: Executor, since: Date) {
  return executor.drizzle
    .select()
    .from(workers)
    .where(or(gt(workers.lastHeartbeatAt, since), isNull(workers.stoppedAt)))
    .orderBy(desc(workers.lastHeartbeatAt))
    .limit(200);
}

/** Forgets a worker. */
export async function deleteWorker(executor: Executor, id: string): Promise<void> {
  await executor.drizzle.delete(workers).where(eq(workers.id, id));
}
