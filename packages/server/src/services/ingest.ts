/**
 * Ingest of one request's events: each is checked alone (contract, then what
 * jsonb can hold; a repeated id in the same request is a duplicate), the good
 * ones go to the writer, and the answer lists per-event results. A rejected
 * event stores nothing; the others are stored all the same.
 */
import type { IngestEvent } from "@rehearse/core/events";
import { type Rejection, validateEvent } from "./event-validation.js";
import type { IngestQueue } from "./ingest-queue.js";
import { outOfRangeReason, unstorableReason } from "./storable.js";
import type { TenantScope } from "./tenant-scope.js";

/** The answer to an ingest request. */
export interface IngestOutcome {
  accepted: number;
  duplicates: string[];
  rejected: Rejection[];
}

/** Checks and stores `raw` events for `scope`'s tenant. Rejects (503) only when the database write failed. */
export async function ingestEvents(queue: IngestQueue, scope: TenantScope, raw: readonly unknown[]): Promise<IngestOutcome> {
  const rejected: Rejection[] = [];
  const valid: IngestEvent[] = [];
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
    valid.push(checked.event);
  });
  if (valid.length === 0) return { accepted: 0, duplicates: [], rejected };
  const stored = await queue.submit(scope.tenantId, valid);
  return { accepted: stored.accepted, duplicates: stored.duplicates, rejected };
}
