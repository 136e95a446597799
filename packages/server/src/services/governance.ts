/**
 * The governance gate (seed 004's `GOVERNANCE_ENABLED`,
 * `GOVERNANCE_DEFAULT_MIN_SCORE`). A run may declare the minimum safety
 * score it was held to (`metadata.minSafetyScore`, 0–1, on
 * `SCENARIO_RUN_STARTED`). While governance is on, a run that declares less
 * than its tenant's floor (the tenant's policy, else the server's default)
 * is refused: its start is recorded in `governance_blocks` and audited
 * (`governance.blocked`), anything of it already stored is deleted, and
 * every event of it, then and later, is rejected with `governance_blocked`.
 * A run that declares nothing is not judged.
 */
import type { IngestEvent } from "@rehearse/core/events";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../store/database.js";
import { deleteRuns } from "../store/deletion-queries.js";
import { governanceBlocks } from "../store/schema.js";
import type { AuditLog } from "./audit-log.js";
import type { Rejection } from "./event-validation.js";
import type { TenantScope } from "./tenant-scope.js";

/** The score a run-started event declares, when it declares a valid one. */
export function declaredMinScore(event: IngestEvent): number | undefined {
  if (event.type !== "SCENARIO_RUN_STARTED") return undefined;
  const metadata = (event as { metadata?: Record<string, unknown> }).metadata;
  const value = metadata?.minSafetyScore;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}

export class Governance {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Splits `events` (with their request indexes) into those admitted and
   * the rejections of those refused under `floor`.
   */
  async gate(
    scope: TenantScope,
    events: ReadonlyArray<{ event: IngestEvent; index: number }>,
    floor: number | undefined,
  ): Promise<{ admitted: IngestEvent[]; rejected: Rejection[] }> {
    if (floor === undefined || events.length === 0) return { admitted: events.map(({ event }) => event), rejected: [] };
    const declared = new Map<string, number>();
    for (const { event } of events) {
      const score = declaredMinScore(event);
      if (score !== undefined && score < floor) declared.set(event.scenarioRunId, score);
    }
    const runIds = [...new Set(events.map(({ event }) => event.scenarioRunId))];
    const blocked = await this.database.forTenant(scope.tenantId, async ({ drizzle: executor, rows }) => {
      for (const [runId, score] of declared) {
        const inserted = await executor
          .insert(governanceBlocks)
          .values({ tenantId: scope.tenantId, runId, declaredMinScore: score, floor })
          .onConflictDoNothing()
          .returning({ runId: governanceBlocks.runId });
        if (inserted.length === 0) continue;
        // what arrived of the run before its start (events are not ordered on the wire) goes too
        const removed = await deleteRuns({ drizzle: executor, rows }, scope.tenantId, { runId });
        await this.audit.append(
          scope.tenantId,
          {
            actorType: scope.principal.kind,
            actorId: scope.principal.id,
            action: "governance.blocked",
            targetType: "run",
            targetId: runId,
            details: { declaredMinScore: score, floor, removedEvents: removed.events },
          },
          executor,
        );
      }
      const found = await executor
        .select({ runId: governanceBlocks.runId })
        .from(governanceBlocks)
        .where(and(eq(governanceBlocks.tenantId, scope.tenantId), inArray(governanceBlocks.runId, runIds)));
      return new Set(found.map((row) => row.runId));
    });
    const admitted: IngestEvent[] = [];
    const rejected: Rejection[] = [];
    for (const { event, index } of events) {
      if (!blocked.has(event.scenarioRunId)) {
        admitted.push(event);
        continue;
      }
      rejected.push({
        eventId: event.eventId,
        index,
        code: "governance_blocked",
        message: `events[${index}]: run ${event.scenarioRunId} declares a minimum safety score below this tenant's floor of ${floor}`,
        retryable: false,
      });
    }
    return { admitted, rejected };
  }
}
