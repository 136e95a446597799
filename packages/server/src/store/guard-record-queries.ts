/**
 * The release guard's rows: named policies (`guard_policies`, versioned on
 * every change), decisions (`guard_evaluations`, newest first by
 * `(evaluated_at, id)`) and promotions (`promotions`, one row per environment
 * and batch; promoting a batch again moves it to the top).
 */
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Drizzle } from "./database.js";
import { guardEvaluations, guardPolicies, promotions } from "./schema.js";

/** A `guard_policies` row. */
export type PolicyRow = typeof guardPolicies.$inferSelect;
/** A `guard_evaluations` row. */
export type EvaluationRow = typeof guardEvaluations.$inferSelect;
/** A `promotions` row. */
export type PromotionRow = typeof promotions.$inferSelect;

/** The tenant's policy `name`, or `undefined`. */
export async function findPolicy(executor: Drizzle, tenantId: string, name: string): Promise<PolicyRow | undefined> {
  const [row] = await executor
    .select()
    .from(guardPolicies)
    .where(and(eq(guardPolicies.tenantId, tenantId), eq(guardPolicies.name, name)));
  return row;
}

/** Stores `spec` as policy `name` (version 1, or the next version), returning the row as stored. */
export async function savePolicy(
  executor: Drizzle,
  row: { tenantId: string; name: string; spec: Record<string, unknown>; updatedAt: Date; updatedBy: string },
): Promise<PolicyRow> {
  const [saved] = await executor
    .insert(guardPolicies)
    .values({ ...row, version: 1 })
    .onConflictDoUpdate({
      target: [guardPolicies.tenantId, guardPolicies.name],
      set: { spec: row.spec, updatedAt: row.updatedAt, updatedBy: row.updatedBy, version: sql`${guardPolicies.version} + 1` },
    })
    .returning();
  if (!saved) throw new Error("the policy upsert returned no row");
  return saved;
}

/** Stores one decision. */
export async function insertEvaluation(executor: Drizzle, row: typeof guardEvaluations.$inferInsert): Promise<void> {
  await executor.insert(guardEvaluations).values(row);
}

/** The tenant's decision `id`, or `undefined`. */
export async function findEvaluation(executor: Drizzle, tenantId: string, id: string): Promise<EvaluationRow | undefined> {
  const [row] = await executor
    .select()
    .from(guardEvaluations)
    .where(and(eq(guardEvaluations.tenantId, tenantId), eq(guardEvaluations.id, id)));
  return row;
}

/** The tenant's policies by name, at most `limit`. */
export async function listPolicies(executor: Drizzle, tenantId: string, limit: number): Promise<PolicyRow[]> {
  return executor
    .select()
    .from(guardPolicies)
    .where(eq(guardPolicies.tenantId, tenantId))
    .orderBy(guardPolicies.name)
    .limit(limit);
}

/** Filters of the decisions list. */
export interface EvaluationFilter {
  batchId?: string;
  setId?: string;
  environment?: string;
  decision?: string;
  policyName?: string;
}

/** Up to `limit + 1` decisions, newest first, after the keyset position `after`. */
export async function listEvaluations(
  executor: Drizzle,
  tenantId: string,
  filter: EvaluationFilter,
  limit: number,
  after: { at: Date; id: string } | undefined,
): Promise<EvaluationRow[]> {
  const table = guardEvaluations;
  const conditions = [eq(table.tenantId, tenantId)];
  if (filter.batchId) conditions.push(sql`${table.target}->>'batchId' = ${filter.batchId}`);
  if (filter.setId) conditions.push(sql`${table.target}->>'setId' = ${filter.setId}`);
  if (filter.environment) conditions.push(eq(table.environment, filter.environment));
  if (filter.decision) conditions.push(eq(table.decision, filter.decision));
  if (filter.policyName) conditions.push(eq(table.policyName, filter.policyName));
  if (after) {
    const older = or(lt(table.evaluatedAt, after.at), and(eq(table.evaluatedAt, after.at), lt(table.id, after.id)));
    if (older) conditions.push(older);
  }
  return executor
    .select()
    .from(table)
    .where(and(...conditions))
    .orderBy(desc(table.evaluatedAt), desc(table.id))
    .limit(limit + 1);
}

/** Records `row` as promoted; a batch promoted to the environment before is promoted again (its time and decision move). */
export async function upsertPromotion(executor: Drizzle, row: typeof promotions.$inferInsert): Promise<PromotionRow> {
  const [saved] = await executor
    .insert(promotions)
    .values(row)
    .onConflictDoUpdate({
      target: [promotions.tenantId, promotions.environment, promotions.batchId],
      set: { promotedAt: row.promotedAt, promotedBy: row.promotedBy, guardEvaluationId: row.guardEvaluationId },
    })
    .returning();
  if (!saved) throw new Error("the promotion upsert returned no row");
  return saved;
}

/** The keyset position of a promotion: its time, then environment and batch. */
export const promotionKey = (row: Pick<PromotionRow, "environment" | "batchId">) => `${row.environment}\n${row.batchId}`;

/** Up to `limit + 1` promotions, newest first, optionally of one environment or set, after `after`. */
export async function listPromotions(
  executor: Drizzle,
  tenantId: string,
  filter: { environment?: string; setId?: string },
  limit: number,
  after: { at: Date; id: string } | undefined,
): Promise<PromotionRow[]> {
  const table = promotions;
  const conditions = [eq(table.tenantId, tenantId)];
  if (filter.environment) conditions.push(eq(table.environment, filter.environment));
  if (filter.setId) conditions.push(eq(table.setId, filter.setId));
  const key = sql`(${table.environment} || chr(10) || ${table.batchId})`;
  if (after) conditions.push(sql`(${table.promotedAt}, ${key}) < (${after.at}, ${after.id})`);
  return executor
    .select()
    .from(table)
    .where(and(...conditions))
    .orderBy(desc(table.promotedAt), desc(key))
    .limit(limit + 1);
}
