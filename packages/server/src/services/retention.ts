/**
 * Retention: every hour (and on demand) each tenant with `retentionDays`
 * loses the runs whose last event is older than that, with their events,
 * messages, criteria and trace spans, then the batches, sets and scenarios
 * left empty, and the spans received before the cutoff that no run claims.
 * Chunks of 500 runs, each its own tenant transaction with its audit entry
 * (`retention.deleted`, the counts and the cutoff), so a long sweep never
 * holds the store and every deletion is on the chain.
 */
import type { Logger } from "pino";
import type { Database } from "../store/database.js";
import { type Deleted, deleteOrphans, deleteRuns } from "../store/deletion-queries.js";
import { deleteUnclaimedSpans } from "../store/trace-queries.js";
import type { AuditLog } from "./audit-log.js";
import type { TenantPolicies } from "./tenant-policy.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Runs per transaction. */
export const RETENTION_CHUNK = 500;

/** What one tenant's sweep removed. */
export interface Sweep extends Deleted {
  tenantId: string;
  cutoff: string;
  /** Batches, sets and scenarios no run referred to any more. */
  emptied: number;
}

export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Sweep[]> | undefined;

  constructor(
    private readonly database: Database,
    private readonly policies: TenantPolicies,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sweeps every `intervalMs` (default hourly) on a timer that does not keep the process alive. */
  start(intervalMs = HOUR): void {
    this.timer ??= setInterval(() => void this.sweepAll().catch(() => undefined), intervalMs).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sweeps every tenant with a retention period; one sweep at a time (a second call joins the first). */
  sweepAll(): Promise<Sweep[]> {
    this.running ??= this.sweepEach().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Sweeps one tenant: runs older than `retentionDays` go. */
  async sweep(tenantId: string, retentionDays: number): Promise<Sweep> {
    const cutoff = new Date(this.now() - retentionDays * DAY);
    const total: Sweep = { tenantId, cutoff: cutoff.toISOString(), runs: 0, events: 0, messages: 0, criteria: 0, emptied: 0 };
    for (;;) {
      const chunk = await this.database.forTenant(tenantId, async (executor) => {
        const deleted = await deleteRuns(executor, tenantId, { before: cutoff, limit: RETENTION_CHUNK });
        const last = deleted.runs < RETENTION_CHUNK;
        const emptied = last ? await deleteOrphans(executor, tenantId) : 0;
        // spans as old as the cutoff that no run claims (a run that never reported, one deleted before they came)
        if (last) await deleteUnclaimedSpans(executor, tenantId, cutoff);
        if (deleted.runs > 0 || emptied > 0)
          await this.audit.append(
            tenantId,
            {
              actorType: "system",
              actorId: "retention",
              action: "retention.deleted",
              targetType: "tenant",
              targetId: tenantId,
              details: { retentionDays, cutoff: total.cutoff, ...deleted, emptied },
            },
            executor.drizzle,
          );
        return { ...deleted, emptied };
      });
      total.runs += chunk.runs;
      total.events += chunk.events;
      total.messages += chunk.messages;
      total.criteria += chunk.criteria;
      total.emptied += chunk.emptied;
      if (chunk.runs < RETENTION_CHUNK) return total;
    }
  }

  private async sweepEach(): Promise<Sweep[]> {
    const sweeps: Sweep[] = [];
    for (const { tenantId, retentionDays } of await this.policies.withRetention()) {
      try {
        const sweep = await this.sweep(tenantId, retentionDays);
        sweeps.push(sweep);
        if (sweep.runs > 0) this.logger.info({ retention: sweep }, "retention deleted old runs");
      } catch (error) {
        this.logger.error({ err: error, tenantId }, "retention sweep failed");
      }
    }
    return sweeps;
  }
}
