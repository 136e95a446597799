/**
 * Redaction at ingest, by tenant policy: unless a tenant keeps raw
 * transcripts (`storeRaw`), every event is redacted before the writer sees
 * it — whatever the client did (clients cannot opt out; the library's own
 * redaction usually did it already, and its placeholders are kept as they
 * are). One `IngestRedactor` of `@rehearse/core` per tenant and redaction
 * rules, so a value keeps its placeholder across a run's requests on this
 * server.
 */

import type { IngestEvent } from "@rehearse/core/events";
import { createIngestRedactor, type IngestRedactor } from "@rehearse/core/redaction";
import type { TenantPolicy } from "./tenant-policy.js";

/** Runs whose placeholders one tenant's redactor keeps at once. */
const RUNS_PER_TENANT = 2_000;
/** Tenants whose redactors are kept at once (least recently used dropped first). */
const TENANTS = 1_000;

export class IngestRedaction {
  private readonly redactors = new Map<string, { rules: string; redactor: IngestRedactor }>();

  /** `events` as `policy` has them stored: redacted copies, or the same events when the tenant keeps raw ones. */
  apply(tenantId: string, policy: TenantPolicy, events: readonly IngestEvent[]): IngestEvent[] {
    if (policy.storeRaw || events.length === 0) return [...events];
    const redactor = this.redactorOf(tenantId, policy);
    return events.map((event) => redactor.redactEvent(event as unknown as Record<string, unknown>) as unknown as IngestEvent);
  }

  /**
   * `value` (any JSON) as `policy` has it stored: redacted under `key` (a run's or a trace's id, so a
   * value keeps its placeholder across that key's requests), or as it is when the tenant keeps raw data.
   */
  applyTo<Value>(tenantId: string, policy: TenantPolicy, key: string, value: Value): Value {
    if (policy.storeRaw) return value;
    return this.redactorOf(tenantId, policy).redactEvent({ scenarioRunId: key, value }).value as Value;
  }

  private redactorOf(tenantId: string, policy: TenantPolicy): IngestRedactor {
    const rules = JSON.stringify(policy.redaction);
    const known = this.redactors.get(tenantId);
    // most recently used last
    this.redactors.delete(tenantId);
    if (known && known.rules === rules) {
      this.redactors.set(tenantId, known);
      return known.redactor;
    }
    if (this.redactors.size >= TENANTS) this.redactors.delete(this.redactors.keys().next().value as string);
    const made = {
      rules,
      redactor: createIngestRedactor({
        allow: policy.redaction.allow,
        keyPaths: policy.redaction.keyPaths,
        maxRuns: RUNS_PER_TENANT,
      }),
    };
    this.redactors.set(tenantId, made);
    return made.redactor;
  }
}
