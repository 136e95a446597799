/**
 * Queries of judge calibration (decision 0050): people's labels of judged
 * criteria (`run_labels`), the review queue of runs a labeller has not
 * finished, and the label/judge pairs agreement is computed from. Every
 * query runs inside the caller's tenant (row-level security) and names it too.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { runLabels } from "./schema.js";

/** A person's verdict on a criterion. */
export type LabelVerdict = "met" | "unmet" | "unsure";

/** A run waiting in a labeller's queue. */
export interface QueueRunRow {
  id: string;
  name: string | null;
  description: string | null;
  scenario_id: string;
  started_at: string | Date;
}

const unlabelled = (tenantId: string, labeller: string) => sql`exists (select 1 from criteria_results c
    where c.tenant_id = ${tenantId} and c.run_id = r.id and not exists (select 1 from run_labels l
      where l.tenant_id = c.tenant_id and l.run_id = c.run_id and l.criterion = c.criterion and l.labeller = ${labeller}))`;

/** Runs with a judged criterion `labeller` has not labelled, newest first. */
export async function queueRuns(executor: Executor, tenantId: string, labeller: string, limit: number): Promise<QueueRunRow[]> {
  return executor.rows<QueueRunRow>(sql`select r.id, r.name, r.description, r.scenario_id, r.started_at from runs r
    where r.tenant_id = ${tenantId} and ${unlabelled(tenantId, labeller)}
    order by r.started_at desc, r.id desc limit ${limit}`);
}

/** How many runs are in `labeller`'s queue. */
export async function queueSize(executor: Executor, tenantId: string, labeller: string): Promise<number> {
  const [row] = await executor.rows<{ count: number }>(sql`select count(*)::int as count from runs r
    where r.tenant_id = ${tenantId} and ${unlabelled(tenantId, labeller)}`);
  return row?.count ?? 0;
}

/** `labeller`'s labels of one run. */
export async function labelsOf(executor: Executor, tenantId: string, runId: string, labeller: string) {
  return executor.rows<{ criterion: string; verdict: LabelVerdict; note: string | null }>(sql`select criterion, verdict, note
    from run_labels where tenant_id = ${tenantId} and run_id = ${runId} and labeller = ${labeller}`);
}

/** Stores `labeller`'s labels of a run; a criterion labelled before is replaced. */
export async function saveLabels(
  executor: Executor,
  tenantId: string,
  runId: string,
  labeller: string,
  labels: ReadonlyArray<{ criterion: string; verdict: LabelVerdict; note: string | null }>,
  at: Date,
): Promise<void> {
  if (labels.length === 0) return;
  await executor.drizzle
    .insert(runLabels)
    .values(labels.map((label) => ({ tenantId, runId, labeller, labelledAt: at, ...label })))
    .onConflictDoUpdate({
      target: [runLabels.tenantId, runLabels.runId, runLabels.criterion, runLabels.labeller],
      set: { verdict: sql`excluded.verdict`, note: sql`excluded.note`, labelledAt: sql`excluded.labelled_at` },
    });
}

/** One person's label beside the judge's verdict on the same run and criterion, and which judge gave it. */
export interface LabelPairRow {
  run_id: string;
  criterion: string;
  human: LabelVerdict;
  judge: string;
  judge_version: string | null;
}

/** Label/judge pairs of the tenant, optionally of one criterion and of runs started since `since`; newest runs first. */
export async function labelPairs(
  executor: Executor,
  tenantId: string,
  filter: { criterion?: string | undefined; since?: Date | undefined; limit: number },
): Promise<LabelPairRow[]> {
  return executor.rows<LabelPairRow>(sql`select l.run_id, l.criterion, l.verdict as human, c.verdict as judge,
      (select e.payload->>'judgeVersion' from events e where e.tenant_id = l.tenant_id and e.run_id = l.run_id
        and e.type = 'judgment' and e.payload ? 'judgeVersion' order by e.seq desc limit 1) as judge_version
    from run_labels l
    join criteria_results c on c.tenant_id = l.tenant_id and c.run_id = l.run_id and c.criterion = l.criterion
    join runs r on r.tenant_id = l.tenant_id and r.id = l.run_id
    where l.tenant_id = ${tenantId}
      ${filter.criterion === undefined ? sql`` : sql`and l.criterion = ${filter.criterion}`}
      ${filter.since === undefined ? sql`` : sql`and r.started_at >= ${filter.since}`}
    order by r.started_at desc, l.run_id, l.criterion limit ${filter.limit}`);
}
