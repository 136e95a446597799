/**
 * Storing a launched batch (a launch or a rerun): the batch and its runs as
 * `queued` with the audit entry in one transaction, then the jobs on the run
 * queue; a queue that refuses them cancels the runs rather than leave them
 * queued forever.
 */
import type { Database } from "../store/database.js";
import { cancelQueued, insertLaunch } from "../store/launch-queries.js";
import type { AuditEntry, AuditLog } from "./audit-log.js";
import type { RunJob, RunQueue } from "./run-queue.js";

/** A batch as it is stored. */
export interface StoredBatch {
  batchId: string;
  setId: string;
  note: string | null;
  labels: string[];
  launch: Record<string, unknown>;
}

export async function storeBatch(
  dependencies: { database: Database; audit: AuditLog; queue: () => RunQueue; now: () => number },
  tenantId: string,
  batch: StoredBatch,
  jobs: RunJob[],
  entry: AuditEntry,
): Promise<void> {
  const { database, audit } = dependencies;
  await database.forTenant(tenantId, async (executor) => {
    await insertLaunch(executor, { tenantId, ...batch, createdBy: entry.actorId, now: new Date(dependencies.now()), jobs });
    await audit.append(
      tenantId,
      { ...entry, targetType: "batch", targetId: batch.batchId, details: { ...batch.launch, runs: jobs.length } },
      executor.drizzle,
    );
  });
  try {
    await dependencies.queue().enqueue(jobs);
  } catch (error) {
    // the batch exists but nothing will run it: say so on every run rather than leave them queued forever
    await database.forTenant(tenantId, (executor) =>
      cancelQueued(
        executor,
        jobs.map((job) => job.runId),
        `the run queue refused the batch: ${(error as Error).message}`,
        new Date(dependencies.now()),
      ),
    );
    throw error;
  }
}
