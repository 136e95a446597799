/**
 * The release guard's records as the API shows them: named policies (read;
 * saved with an audit entry holding the policy before and after), past
 * decisions and promotions, newest first in keyset pages.
 */
import { type GuardPolicy, guardPolicySchema } from "@rehearse/core/guard";
import type { Database } from "../store/database.js";
import {
  type EvaluationFilter,
  type EvaluationRow,
  findEvaluation,
  findPolicy,
  listEvaluations,
  listPolicies,
  listPromotions,
  type PolicyRow,
  type PromotionRow,
  promotionKey,
  savePolicy,
} from "../store/guard-record-queries.js";
import type { AuditLog } from "./audit-log.js";
import type { GuardCheck, GuardDecision } from "./guard-evaluation.js";
import { cursors } from "./history.js";
import type { GuardActor, GuardEvaluation } from "./release-guard.js";
import type { TenantScope } from "./tenant-scope.js";

/** A stored policy. */
export interface StoredPolicy {
  name: string;
  policy: GuardPolicy;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** A batch promoted to an environment. */
export interface Promotion {
  environment: string;
  batchId: string;
  setId: string;
  guardEvaluationId: string;
  promotedAt: string;
  promotedBy: string | null;
}

/** A page of a list and the cursor of the next one (`null` at the end). */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

const iso = (date: Date) => new Date(date).toISOString();

function policyView(row: PolicyRow): StoredPolicy {
  // validated when saved; parsed again so a row from an older format cannot reach an evaluation unchecked
  return {
    name: row.name,
    policy: guardPolicySchema.parse(row.spec),
    version: row.version,
    updatedAt: iso(row.updatedAt),
    updatedBy: row.updatedBy,
  };
}

/** A stored decision as the API shows it. */
export function evaluationView(row: EvaluationRow): GuardEvaluation {
  return {
    id: row.id,
    decision: row.decision as GuardDecision,
    policyName: row.policyName,
    policy: row.policy as GuardPolicy,
    environment: row.environment,
    target: row.target as unknown as GuardEvaluation["target"],
    checks: row.checks as unknown as GuardCheck[],
    evidence: row.evidence as GuardEvaluation["evidence"],
    evaluatedAt: iso(row.evaluatedAt),
    evaluatedBy: row.evaluatedBy,
  };
}

/** A promotion row as the API shows it. */
export function promotionView(row: PromotionRow): Promotion {
  return {
    environment: row.environment,
    batchId: row.batchId,
    setId: row.setId,
    guardEvaluationId: row.guardEvaluationId,
    promotedAt: iso(row.promotedAt),
    promotedBy: row.promotedBy,
  };
}

/** Reads and writes of the guard's records, each in one tenant transaction. */
export class GuardRecords {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** The tenant's policy `name`, or `undefined`. */
  async policy(scope: TenantScope, name: string): Promise<StoredPolicy | undefined> {
    const row = await this.database.forTenant(scope.tenantId, ({ drizzle }) => findPolicy(drizzle, scope.tenantId, name));
    return row && policyView(row);
  }

  /** The tenant's policies by name (at most `limit`). */
  async policies(scope: TenantScope, limit: number): Promise<StoredPolicy[]> {
    const rows = await this.database.forTenant(scope.tenantId, ({ drizzle }) => listPolicies(drizzle, scope.tenantId, limit));
    return rows.map(policyView);
  }

  /** The tenant's decision `id`, or `undefined`. */
  async evaluation(scope: TenantScope, id: string): Promise<GuardEvaluation | undefined> {
    const row = await this.database.forTenant(scope.tenantId, ({ drizzle }) => findEvaluation(drizzle, scope.tenantId, id));
    return row && evaluationView(row);
  }

  /** Saves `policy` as `name` (a new version when it exists), audited with the policy before and after. */
  async savePolicy(scope: TenantScope, name: string, policy: GuardPolicy, actor: GuardActor): Promise<StoredPolicy> {
    return this.database.forTenant(scope.tenantId, async ({ drizzle }) => {
      const before = await findPolicy(drizzle, scope.tenantId, name);
      const saved = await savePolicy(drizzle, {
        tenantId: scope.tenantId,
        name,
        spec: policy as Record<string, unknown>,
        updatedAt: new Date(this.now()),
        updatedBy: actor.by,
      });
      await this.audit.append(
        scope.tenantId,
        {
          actorType: actor.actorType,
          actorId: actor.actorId,
          ...(actor.requestId ? { requestId: actor.requestId } : {}),
          action: "guard.policy.saved",
          targetType: "guard_policy",
          targetId: name,
          details: { version: saved.version, before: before?.spec ?? null, after: saved.spec },
        },
        drizzle,
      );
      return policyView(saved);
    });
  }

  /** A page of decisions, newest first; `cursor` from the previous page (`"invalid"` when it cannot be read). */
  async evaluations(
    scope: TenantScope,
    filter: EvaluationFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<GuardEvaluation> | "invalid"> {
    const after = cursors.decode(cursor);
    if (after === "invalid") return "invalid";
    const rows = await this.database.forTenant(scope.tenantId, ({ drizzle }) =>
      listEvaluations(drizzle, scope.tenantId, filter, limit, after),
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(evaluationView),
      nextCursor: rows.length > limit && last ? cursors.encode({ at: last.evaluatedAt, id: last.id }) : null,
    };
  }

  /** A page of promotions, newest first, optionally of one environment or set. */
  async promotions(
    scope: TenantScope,
    filter: { environment?: string; setId?: string },
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<Promotion> | "invalid"> {
    const after = cursors.decode(cursor);
    if (after === "invalid") return "invalid";
    const rows = await this.database.forTenant(scope.tenantId, ({ drizzle }) =>
      listPromotions(drizzle, scope.tenantId, filter, limit, after),
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(promotionView),
      nextCursor: rows.length > limit && last ? cursors.encode({ at: last.promotedAt, id: promotionKey(last) }) : null,
    };
  }
}
