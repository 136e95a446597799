/**
 * Ingest of one request's events: each is checked alone (contract, then what
 * jsonb can hold; a repeated id in the same request is a duplicate), then
 * the tenant's policy applies — the governance gate (governance.ts), then
 * redaction unless the tenant keeps raw transcripts (ingest-redaction.ts) —
 * and the good ones go to the writer; the answer lists per-event results. A
 * rejected event stores nothing; the others are stored all the same.
 */
import type { IngestEvent } from "@rehearse/core/events";
import { type Rejection, validateEvent } from "./event-validation.js";
import type { Governance } from "./governance.js";
import type { IngestQueue } from "./ingest-queue.js";
import type { IngestRedaction } from "./ingest-redaction.js";
import { outOfRangeReason, unstorableReason } from "./storable.js";
import type { TenantPolicies } from "./tenant-policy.js";
import type { TenantScope } from "./tenant-scope.js";

/** What ingest goes through: the writer's queue and the tenant's policy. */
export interface IngestPipeline {
  ingest: IngestQueue;
  policies: TenantPolicies;
  governance: Governance;
  redaction: IngestRedaction;
}

/** The answer to an ingest request. */
export interface IngestOutcome {
  accepted: number;
  duplicates: string[];
  rejected: Rejection[];
}

/** Checks and stores `raw` events for `scope`'s tenant. Rejects (503) only when the database write failed. */
export async function ingestEvents(
  pipeline: IngestPipeline,
  scope: TenantScope,
  raw: readonly unknown[],
): Promise<IngestOutcome> {
  const rejected: Rejection[] = [];
  const valid: Array<{ event: IngestEvent; index: number }> = [];
  raw.forEach((candidate, index) => {
    const checked = validateEvent(candidate, index);
    if ("rejection" in checked) {
      rejected.push(checked.rejection);
      return;
    }
    const range = outOfRangeReason(checked.event);
    const reason = range ?? unstorableReason(checked.event);
    if (reason) {
      rejected.push({
        eventId: checked.event.eventId,
        index,
        code: "invalid_event",
        message: range ? `events[${index}]${range}` : `events[${index}] ${reason}`,
        retryable: false,
      });
      return;
    }
    valid.push({ event: checked.event, index });
  });
  if (valid.length === 0) return { accepted: 0, duplicates: [], rejected };
  const policy = await pipeline.policies.get(scope.tenantId);
  const gated = await pipeline.governance.gate(scope, valid, pipeline.policies.floor(policy));
  rejected.push(...gated.rejected);
  if (gated.admitted.length === 0) return { accepted: 0, duplicates: [], rejected: rejected.sort((a, b) => a.index - b.index) };
  const stored = await pipeline.ingest.submit(scope.tenantId, pipeline.redaction.apply(scope.tenantId, policy, gated.admitted));
  return { accepted: stored.accepted, duplicates: stored.duplicates, rejected: rejected.sort((a, b) => a.index - b.index) };
}
