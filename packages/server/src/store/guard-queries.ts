/**
 * What the release guard measures of a batch, in a few statements that each
 * read only the batch's runs (`runs_batch`) and, for red-team reports, those
 * runs' events (`events_run`): outcome counts, the p95 duration, the mean
 * cost, critical runs, red-team outcomes, per-scenario flakiness, the runs
 * that are evidence, and the batch last promoted to an environment.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { STALLED_AFTER_MILLISECONDS } from "./run-queries.js";

/** A batch the guard evaluates: its id and set. */
export interface GuardTarget {
  batchId: string;
  setId: string;
}

/** The batch `batchId`, or `undefined` when the tenant has none by that id. */
export async function batchTarget(executor: Executor, tenantId: string, batchId: string): Promise<GuardTarget | undefined> {
  const [row] = await executor.rows<{ id: string; set_id: string }>(
    sql`select id, set_id from batches where tenant_id = ${tenantId} and id = ${batchId}`,
  );
  return row && { batchId: row.id, setId: row.set_id };
}

/** The latest batch of set `setId` (by first event, as batch lists order them), or `undefined`. */
export async function latestBatchOfSet(executor: Executor, tenantId: string, setId: string): Promise<GuardTarget | undefined> {
  const [row] = await executor.rows<{ id: string; set_id: string }>(sql`
    select id, set_id from batches where tenant_id = ${tenantId} and set_id = ${setId}
    order by first_event_at desc, id desc limit 1`);
  return row && { batchId: row.id, setId: row.set_id };
}

/** Outcome counts and measured figures of one batch's runs. */
export interface BatchFigures {
  pass: number;
  fail: number;
  error: number;
  skipped: number;
  stalled: number;
  unsettled: number;
  duration_p95_ms: number | null;
  durations: number;
  cost_mean_usd: number | null;
  costs: number;
  critical_runs: number;
  critical_not_passed: number;
}

/** `status` and stall conditions, relative to `now`, for a `from runs` query. */
const conditions = (now: Date) => {
  const quietSince = new Date(now.getTime() - STALLED_AFTER_MILLISECONDS);
  const stalled = sql`(status is null and state = 'running' and last_event_at < ${quietSince})`;
  return { stalled, settled: sql`status in ('pass', 'fail', 'error')` };
};

/** The batch's figures; `criticalLabel` is the label whose runs must all pass. */
export async function batchFigures(
  executor: Executor,
  tenantId: string,
  batchId: string,
  now: Date,
  criticalLabel: string,
): Promise<BatchFigures> {
  const { stalled, settled } = conditions(now);
  const critical = sql`labels @> ${JSON.stringify([criticalLabel])}::jsonb`;
  const [row] = await executor.rows<BatchFigures>(sql`
    select count(*) filter (where status = 'pass')::int as pass,
      count(*) filter (where status = 'fail')::int as fail,
      count(*) filter (where status = 'error')::int as error,
      count(*) filter (where status = 'skipped')::int as skipped,
      count(*) filter (where ${stalled})::int as stalled,
      count(*) filter (where status is null and not ${stalled})::int as unsettled,
      (percentile_cont(0.95) within group (order by duration_ms) filter (where ${settled}))::float8 as duration_p95_ms,
      count(duration_ms) filter (where ${settled})::int as durations,
      (avg(cost_usd) filter (where ${settled}))::float8 as cost_mean_usd,
      count(cost_usd) filter (where ${settled})::int as costs,
      count(*) filter (where ${critical} and (${settled} or ${stalled}))::int as critical_runs,
      count(*) filter (where ${critical} and (status in ('fail', 'error') or ${stalled}))::int as critical_not_passed
    from runs where tenant_id = ${tenantId} and batch_id = ${batchId}`);
  if (!row) throw new Error("an aggregate query returned no row");
  return row;
}

/**
 * Red-team outcomes of the batch's runs, one per run that sent a
 * `red_team_report` event: `broke` when any of its reports broke, else
 * `held` when any held, else ungraded (errored or skipped attacks).
 */
export async function redTeamOutcomes(executor: Executor, tenantId: string, batchId: string) {
  const [row] = await executor.rows<{ graded: number; broke: number; ungraded: number }>(sql`
    with per_run as (
      select e.run_id, bool_or(e.payload->'report'->>'outcome' = 'broke') as broke,
        bool_or(e.payload->'report'->>'outcome' in ('held', 'broke')) as graded
      from events e
      where e.tenant_id = ${tenantId} and e.type = 'red_team_report'
        and e.run_id in (select id from runs where tenant_id = ${tenantId} and batch_id = ${batchId})
      group by e.run_id
    )
    select count(*) filter (where graded)::int as graded, count(*) filter (where broke)::int as broke,
      count(*) filter (where not graded)::int as ungraded
    from per_run`);
  return row ?? { graded: 0, broke: 0, ungraded: 0 };
}

/**
 * Flakiness as the set analytics define it (analytics-queries.ts
 * `flakinessByBatch`): a scenario is flaky in a batch when some but not all
 * of its settled trials passed. Only scenarios with two or more settled
 * trials can show it, so they are the denominator.
 */
export async function batchFlakiness(executor: Executor, tenantId: string, batchId: string) {
  const [row] = await executor.rows<{ scenarios: number; flaky: number }>(sql`
    select count(*) filter (where trials >= 2)::int as scenarios,
      count(*) filter (where trials >= 2 and passes > 0 and passes < trials)::int as flaky
    from (
      select scenario_id, count(*) as trials, count(*) filter (where status = 'pass') as passes
      from runs where tenant_id = ${tenantId} and batch_id = ${batchId} and status in ('pass', 'fail', 'error')
      group by scenario_id
    ) per_scenario`);
  return row ?? { scenarios: 0, flaky: 0 };
}

/**
 * Up to `limit` run ids of the batch, those that count against a policy
 * first (critical runs not passed, errors, failures, stalled runs), then the
 * rest by start; one more than `limit` says the list was cut.
 */
export async function evidenceRuns(
  executor: Executor,
  tenantId: string,
  batchId: string,
  now: Date,
  criticalLabel: string,
  limit: number,
): Promise<{ runIds: string[]; truncated: boolean }> {
  const { stalled } = conditions(now);
  const critical = sql`labels @> ${JSON.stringify([criticalLabel])}::jsonb`;
  const rows = await executor.rows<{ id: string }>(sql`
    select id from runs where tenant_id = ${tenantId} and batch_id = ${batchId}
    order by case
        when ${critical} and (status in ('fail', 'error') or ${stalled}) then 0
        when status = 'error' or ${stalled} then 1
        when status = 'fail' then 2
        when status is null then 3
        else 4 end,
      started_at, id
    limit ${limit + 1}`);
  return { runIds: rows.slice(0, limit).map((row) => row.id), truncated: rows.length > limit };
}

/** The batch of set `setId` last promoted to `environment`, or `undefined`. */
export async function lastPromotion(executor: Executor, tenantId: string, setId: string, environment: string) {
  const [row] = await executor.rows<{ batch_id: string; promoted_at: Date }>(sql`
    select batch_id, promoted_at from promotions
    where tenant_id = ${tenantId} and set_id = ${setId} and environment = ${environment}
    order by promoted_at desc, batch_id desc limit 1`);
  return row && { batchId: row.batch_id, promotedAt: new Date(row.promoted_at) };
}
