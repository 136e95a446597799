/**
 * Worker health (`GET /api/v1/workers`): each worker's heartbeat — host,
 * pid, backend, concurrency, active jobs, processed and failed counts — as
 * the `workers` table keeps it. A worker is `alive` while its last heartbeat
 * is younger than `WORKER_DEAD_AFTER_MILLISECONDS`, `stopped` once it said
 * it was shutting down, else `lost` (killed, or cut off).
 */
import type { Database } from "../store/database.js";
import { recentWorkers, storeHeartbeat, type WorkerBeat } from "../store/worker-queries.js";

/** A worker missing heartbeats this long is lost. */
export const WORKER_DEAD_AFTER_MILLISECONDS = 30_000;
/** How long lost and stopped workers stay listed. */
const LISTED_FOR_MILLISECONDS = 24 * 60 * 60 * 1000;

/** A worker as the API shows it. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  backend: string;
  concurrency: number;
  version: string;
  startedAt: string;
  lastHeartbeatAt: string;
  state: "alive" | "stopped" | "lost";
  active: number;
  processed: number;
  failed: number;
}

export class WorkerRegistry {
  constructor(
    private readonly database: Database,
    private readonly now: () => number = Date.now,
  ) {}

  beat(beat: Omit<WorkerBeat, "now">): Promise<void> {
    return this.database.asSystem((executor) => storeHeartbeat(executor, { ...beat, now: new Date(this.now()) }));
  }

  async list(): Promise<WorkerInfo[]> {
    const now = this.now();
    const rows = await this.database.asSystem((executor) => recentWorkers(executor, new Date(now - LISTED_FOR_MILLISECONDS)));
    return rows.map((row) => ({
      id: row.id,
      host: row.host,
      pid: row.pid,
      backend: row.backend,
      concurrency: row.concurrency,
      version: row.version,
      startedAt: row.startedAt.toISOString(),
      lastHeartbeatAt: row.lastHeartbeatAt.toISOString(),
      state: row.stoppedAt ? "stopped" : now - row.lastHeartbeatAt.getTime() > WORKER_DEAD_AFTER_MILLISECONDS ? "lost" : "alive",
      active: row.active,
      processed: row.processed,
      failed: row.failed,
    }));
  }
}
