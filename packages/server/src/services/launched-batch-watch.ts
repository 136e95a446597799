/**
 * `batch.finished` for server-launched batches: when a flush finishes a run
 * (or a stop cancels runs), the batches of those runs that were launched here
 * and have no run left to settle are announced, once (the notification's
 * dedupe key). SDK batches have no "finished" event and are announced by the
 * quiet-period sweep instead (batch-announcements.ts). Work happens after the
 * flush, never on the ingest path; a failure is logged.
 */
import type { Logger } from "pino";
import type { Database } from "../store/database.js";
import type { WriteResult } from "../store/event-writer.js";
import { settledLaunchedBatches } from "../store/launch-queries.js";

export class LaunchedBatchWatch {
  private readonly pending = new Map<string, Set<string>>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    private readonly announce: (tenantId: string, batchId: string) => Promise<unknown>,
    private readonly logger?: Logger,
  ) {}

  /** An ingest commit: notes the batches of the runs it finished. */
  committed(result: WriteResult): void {
    for (const run of result.projection.runs) if (run.state !== "running") this.note(run.tenantId, run.batchId);
  }

  /** Runs of `batchId` settled outside ingest (a stop cancelled them). */
  note(tenantId: string, batchId: string): void {
    const batches = this.pending.get(tenantId) ?? new Set<string>();
    batches.add(batchId);
    this.pending.set(tenantId, batches);
    this.start();
  }

  /** Resolves when every batch noted so far was looked at (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(): void {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      // noted while the last round was finishing
      if (this.pending.size > 0) this.start();
    });
  }

  private async drain(): Promise<void> {
    // one round takes every batch a burst of flushes noted
    await new Promise((resolve) => setImmediate(resolve));
    const work = [...this.pending];
    this.pending.clear();
    for (const [tenantId, batches] of work) {
      try {
        const done = await this.database.forTenant(tenantId, (executor) => settledLaunchedBatches(executor, [...batches]));
        for (const batchId of done) await this.announce(tenantId, batchId);
      } catch (error) {
        this.logger?.error({ err: error, tenantId }, "finished launched batches could not be announced");
      }
    }
  }
}
