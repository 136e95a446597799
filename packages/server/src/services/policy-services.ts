/**
 * The services that apply tenants' data policies, made together for a
 * server and for tests: the policies, the governance gate, redaction at
 * ingest and retention.
 */
import type { Logger } from "pino";
import type { Database } from "../store/database.js";
import type { AuditLog } from "./audit-log.js";
import { Governance } from "./governance.js";
import { IngestRedaction } from "./ingest-redaction.js";
import { ReadRedaction } from "./read-redaction.js";
import { Retention } from "./retention.js";
import { type GovernanceSettings, TenantPolicies } from "./tenant-policy.js";

export interface PolicyServices {
  policies: TenantPolicies;
  governance: Governance;
  redaction: IngestRedaction;
  /** How each caller sees run data (redacted for Viewers of tenants that keep raw transcripts). */
  reading: ReadRedaction;
  retention: Retention;
}

export function policyServices(
  database: Database,
  audit: AuditLog,
  logger: Logger,
  governance: GovernanceSettings,
  now: () => number = Date.now,
): PolicyServices {
  const policies = new TenantPolicies(database, governance, now);
  return {
    policies,
    governance: new Governance(database, audit),
    redaction: new IngestRedaction(),
    reading: new ReadRedaction(policies),
    retention: new Retention(database, policies, audit, logger, now),
  };
}
