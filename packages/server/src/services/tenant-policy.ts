/**
 * A tenant's data policy: raw transcripts kept or redacted at ingest
 * (`storeRaw`, off by default), retention in days (`null`: kept), the
 * governance floor for a run's declared minimum safety score, and the
 * tenant's own redaction rules (values allowed through, extra secret key
 * names). Read on every ingest request, so answers are kept for 5 s per
 * tenant on each server (a change applies within 5 s everywhere, at once on
 * the server that made it).
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Database, type Drizzle, withTenant } from "../store/database.js";
import { tenantPolicies } from "../store/schema.js";

/** How long a server reuses a tenant's policy before reading it again. */
export const POLICY_CACHE_MS = 5_000;

export interface TenantPolicy {
  storeRaw: boolean;
  retentionDays: number | null;
  minSafetyScore: number | null;
  redaction: { allow: string[]; keyPaths: string[] };
}

/** A tenant without a row has these. */
export const DEFAULT_POLICY: TenantPolicy = {
  storeRaw: false,
  retentionDays: null,
  minSafetyScore: null,
  redaction: { allow: [], keyPaths: [] },
};

/** A change to a policy (every field optional; `null` clears retention or the floor). */
export const policyChangeSchema = z
  .object({
    storeRaw: z.boolean(),
    retentionDays: z.number().int().min(1).max(36_500).nullable(),
    minSafetyScore: z.number().min(0).max(1).nullable(),
    redaction: z.strictObject({
      allow: z.array(z.string().min(1).max(320)).max(200),
      keyPaths: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a key name of letters, digits, _ . -")).max(200),
    }),
  })
  .partial()
  .strict();

export type PolicyChange = z.infer<typeof policyChangeSchema>;

/** The server's governance settings (`GOVERNANCE_ENABLED`, `GOVERNANCE_DEFAULT_MIN_SCORE`). */
export interface GovernanceSettings {
  enabled: boolean;
  /** The floor of tenants that set none. */
  defaultMinScore: number | undefined;
}

export class TenantPolicies {
  private readonly cached = new Map<string, { policy: TenantPolicy; until: number }>();

  constructor(
    private readonly database: Database,
    readonly governance: GovernanceSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** `tenantId`'s policy (the defaults when it has none). */
  async get(tenantId: string, executor?: Drizzle): Promise<TenantPolicy> {
    const now = this.now();
    const hit = this.cached.get(tenantId);
    if (hit && now < hit.until) return hit.policy;
    const [row] = await withTenant(this.database, tenantId, executor, (opened) =>
      opened.select().from(tenantPolicies).where(eq(tenantPolicies.tenantId, tenantId)),
    );
    const policy: TenantPolicy = row
      ? { storeRaw: row.storeRaw, retentionDays: row.retentionDays, minSafetyScore: row.minSafetyScore, redaction: row.redaction }
      : DEFAULT_POLICY;
    if (this.cached.size >= 10_000) this.cached.clear();
    this.cached.set(tenantId, { policy, until: now + POLICY_CACHE_MS });
    return policy;
  }

  /** Applies `change` to `tenantId`'s policy inside `executor`'s transaction; the policy before and after. */
  async change(
    tenantId: string,
    change: PolicyChange,
    by: string,
    executor: Drizzle,
  ): Promise<{ before: TenantPolicy; after: TenantPolicy }> {
    this.cached.delete(tenantId);
    const before = await this.get(tenantId, executor);
    const after: TenantPolicy = { ...before, ...change };
    await executor
      .insert(tenantPolicies)
      .values({ tenantId, ...after, updatedAt: new Date(this.now()), updatedBy: by })
      .onConflictDoUpdate({ target: tenantPolicies.tenantId, set: { ...after, updatedAt: new Date(this.now()), updatedBy: by } });
    this.cached.delete(tenantId);
    return { before, after };
  }

  /** The governance floor `policy` sets: none while governance is off; the tenant's, else the server's default. */
  floor(policy: TenantPolicy): number | undefined {
    if (!this.governance.enabled) return undefined;
    return policy.minSafetyScore ?? this.governance.defaultMinScore;
  }

  /** Tenants with a retention period, for the retention job (a system read). */
  async withRetention(): Promise<Array<{ tenantId: string; retentionDays: number }>> {
    const rows = await this.database.asSystem(({ drizzle }) =>
      drizzle.select({ tenantId: tenantPolicies.tenantId, retentionDays: tenantPolicies.retentionDays }).from(tenantPolicies),
    );
    return rows.flatMap((row) =>
      row.retentionDays === null ? [] : [{ tenantId: row.tenantId, retentionDays: row.retentionDays }],
    );
  }
}

/**
 * The governance settings in `environment`: `GOVERNANCE_ENABLED` (`true`/`1`
 * on, `false`/`0`/unset off) and `GOVERNANCE_DEFAULT_MIN_SCORE` (0–1, the
 * floor of tenants that set none). A malformed value throws, naming it.
 */
export function governanceFromEnvironment(environment: Readonly<Record<string, string | undefined>>): GovernanceSettings {
  const switched = environment.GOVERNANCE_ENABLED?.trim().toLowerCase();
  if (switched !== undefined && switched !== "" && !["true", "1", "false", "0"].includes(switched))
    throw Object.assign(new Error(`GOVERNANCE_ENABLED must be true or false; got "${environment.GOVERNANCE_ENABLED}"`), {
      code: "REHEARSE_CONFIG",
    });
  const text = environment.GOVERNANCE_DEFAULT_MIN_SCORE?.trim();
  const score = text ? Number(text) : undefined;
  if (score !== undefined && !(Number.isFinite(score) && score >= 0 && score <= 1))
    throw Object.assign(new Error(`GOVERNANCE_DEFAULT_MIN_SCORE must be a number from 0 to 1; got "${text}"`), {
      code: "REHEARSE_CONFIG",
    });
  return { enabled: switched === "true" || switched === "1", defaultMinScore: score };
}
