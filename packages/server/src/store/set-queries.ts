/**
 * Set summaries for one tenant, in one statement: each set's latest batch
 * (its counts decide the failure-first order), then, for the page only, the
 * outcomes of its last 20 batches (the trend) and its flaky scenarios: in
 * its last 10 batches, a scenario whose trials in one batch disagreed, or
 * whose outcome changed at least twice from one batch to the next (pass →
 * fail → pass). One change is a regression or a fix, not flakiness. Every
 * read walks an index that starts with the tenant: `batches_set` for a set's
 * batches, `runs_batch` for a batch's runs.
 */
import { type SQL, sql } from "drizzle-orm";
import { countColumns, type RunCounts } from "./batch-queries.js";
import type { Executor } from "./database.js";

/** Batches in a set's trend. */
export const TREND_BATCHES = 20;
/** Batches whose runs decide whether a scenario is flaky. */
export const FLAKY_WINDOW_BATCHES = 10;

/** One batch of a set's trend: outcome counts of its runs; `startedAt` in epoch milliseconds. */
export interface TrendPoint {
  batchId: string;
  startedAt: number;
  pass: number;
  fail: number;
  error: number;
}

/** A set with its latest batch's counts, its trend (oldest first) and its flaky scenarios. */
export type SetSummaryRow = RunCounts & {
  id: string;
  first_seen_at: Date;
  last_run_at: Date;
  last_batch_id: string | null;
  batches_total: number;
  /** The latest batch has a failed or errored run. */
  failing: boolean;
  trend: TrendPoint[];
  flaky_count: number;
};

/** Where a page of sets starts: after this set in the failure-first order. */
export interface SetPosition {
  failing: boolean;
  lastRunAt: Date;
  id: string;
}

/** What to list: one set, or sets whose id contains `text` (case-insensitive), `limit` of them after `after`. */
export interface SetQuery {
  setId?: string;
  text?: string;
  limit: number;
  after?: SetPosition;
}

/**
 * Sets failure-first (the latest batch has a fail or an error), then by the
 * latest run, newest first, then id; one more than `limit` tells the caller
 * there is a next page.
 */
export async function listSetSummaries(database: Executor, tenantId: string, query: SetQuery, now: Date) {
  const conditions: SQL[] = [sql`s.tenant_id = ${tenantId}`];
  if (query.setId) conditions.push(sql`s.id = ${query.setId}`);
  if (query.text) conditions.push(sql`s.id ilike ${`%${query.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`}`);
  const after = query.after
    ? sql`where failing < ${query.after.failing} or (failing = ${query.after.failing} and (last_run_at < ${query.after.lastRunAt}
        or (last_run_at = ${query.after.lastRunAt} and id > ${query.after.id})))`
    : sql``;
  return database.rows<SetSummaryRow>(sql`
    with candidates as (
      select s.id, s.first_seen_at, s.last_run_at, lb.id as last_batch_id, totals.batches_total, c.*,
        (c.fail + c.error) > 0 as failing
      from scenario_sets s
      left join lateral (select b.id from batches b where b.tenant_id = s.tenant_id and b.set_id = s.id
        order by b.first_event_at desc, b.id desc limit 1) lb on true
      cross join lateral (select ${countColumns(now)} from runs r where r.tenant_id = s.tenant_id and r.batch_id = lb.id) c
      cross join lateral (select count(*)::int as batches_total from batches b where b.tenant_id = s.tenant_id and b.set_id = s.id) totals
      where ${sql.join(conditions, sql` and `)}
    ),
    page as (select * from candidates ${after} order by failing desc, last_run_at desc, id limit ${query.limit + 1}),
    recent as (
      select p.id as set_id, b.id as batch_id, b.first_event_at, b.position
      from page p cross join lateral (
        select b.id, b.first_event_at, row_number() over (order by b.first_event_at desc, b.id desc) as position
        from batches b where b.tenant_id = ${tenantId} and b.set_id = p.id
        order by b.first_event_at desc, b.id desc limit ${TREND_BATCHES}) b
    ),
    outcomes as (
      select rb.set_id, rb.batch_id, rb.position, o.*
      from recent rb cross join lateral (
        select r.scenario_id,
          count(*) filter (where r.status = 'pass')::int as pass,
          count(*) filter (where r.status = 'fail')::int as fail,
          count(*) filter (where r.status = 'error')::int as error,
          min(r.started_at) as started_at
        from runs r where r.tenant_id = ${tenantId} and r.batch_id = rb.batch_id
        group by r.scenario_id) o
    ),
    trend as (
      select rb.set_id, jsonb_agg(jsonb_build_object(
          'batchId', rb.batch_id,
          'startedAt', (extract(epoch from coalesce(o.started_at, rb.first_event_at)) * 1000)::float8,
          'pass', coalesce(o.pass, 0), 'fail', coalesce(o.fail, 0), 'error', coalesce(o.error, 0))
        order by rb.position desc) as trend
      from recent rb
      left join (select batch_id, sum(pass)::int as pass, sum(fail)::int as fail, sum(error)::int as error,
        min(started_at) as started_at from outcomes group by batch_id) o on o.batch_id = rb.batch_id
      group by rb.set_id
    ),
    flaky as (
      select set_id, count(*)::int as flaky_count from (
        select set_id, scenario_id from (
          select set_id, scenario_id, pass > 0 and fail + error > 0 as mixed,
            lag(position) over scenario is not null
              and (fail + error = 0) is distinct from lag(fail + error = 0) over scenario as changed
          from outcomes where position <= ${FLAKY_WINDOW_BATCHES} and pass + fail + error > 0
          window scenario as (partition by set_id, scenario_id order by position desc)
        ) settled
        group by set_id, scenario_id having bool_or(mixed) or count(*) filter (where changed) >= 2) flaky_scenarios
      group by set_id
    )
    select p.*, coalesce(t.trend, '[]'::jsonb) as trend, coalesce(f.flaky_count, 0) as flaky_count
    from page p left join trend t on t.set_id = p.id left join flaky f on f.set_id = p.id
    order by p.failing desc, p.last_run_at desc, p.id`);
}
