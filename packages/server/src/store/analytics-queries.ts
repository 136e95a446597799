/**
 * Set analytics over a set's last N batches (its window): the criteria
 * matrix, flakiness and per-batch series. Every statement starts from the
 * window (`batches_set`, newest first, at most N rows) and reaches runs
 * through `runs_batch` and verdicts through `criteria_set`, so the work
 * grows with the window, never with the tenant's history. Aggregation
 * happens in the database; only per-row or per-batch results come back.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./database.js";

/** The set's last `size` batches, newest first (`id`, `first_event_at`). */
const windowOf = (tenantId: string, setId: string, size: number): SQL =>
  sql`select id, first_event_at from batches where tenant_id = ${tenantId} and set_id = ${setId}
    order by first_event_at desc, id desc limit ${size}`;

/** Whether the set exists in the tenant. */
export async function setExists(database: Executor, tenantId: string, setId: string): Promise<boolean> {
  const rows = await database.rows(sql`select 1 from scenario_sets where tenant_id = ${tenantId} and id = ${setId}`);
  return rows.length > 0;
}

/** The window's batches, oldest first; a batch starts with its first run (else its first event). */
export async function batchWindow(database: Executor, tenantId: string, setId: string, size: number) {
  return database.rows<{ id: string; started_at: Date }>(sql`
    select w.id, coalesce((select min(r.started_at) from runs r where r.tenant_id = ${tenantId} and r.batch_id = w.id),
      w.first_event_at) as started_at
    from (${windowOf(tenantId, setId, size)}) w order by w.first_event_at, w.id`);
}

/** One cell of the criteria matrix with its row's fields; `total` is the number of rows before the cap. */
export interface CriteriaCellRow {
  scenario_id: string;
  name: string | null;
  criterion: string;
  batch_id: string;
  met: number;
  unmet: number;
  total: number;
}

/** `ids` as a list of parameters (`in (…)`). */
const idList = (ids: readonly string[]): SQL =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/**
 * Verdict counts per (scenario, criterion, batch) over the window's batches
 * (`batchIds`), for at most `rowLimit` rows (scenario × criterion): rows with
 * an unmet verdict in the window first, then by scenario id and criterion.
 */
export async function criteriaCells(
  database: Executor,
  tenantId: string,
  setId: string,
  batchIds: readonly string[],
  rowLimit: number,
) {
  return database.rows<CriteriaCellRow>(sql`
    with cells as (
      select c.scenario_id, c.criterion, c.batch_id,
        count(*) filter (where c.verdict = 'met')::int as met,
        count(*) filter (where c.verdict = 'unmet')::int as unmet
      from criteria_results c
      where c.tenant_id = ${tenantId} and c.set_id = ${setId} and c.batch_id in (${idList(batchIds)})
      group by c.scenario_id, c.criterion, c.batch_id
    ),
    matrix_rows as (
      select scenario_id, criterion, bool_or(unmet > 0) as failing, count(*) over ()::int as total
      from cells group by scenario_id, criterion
      order by failing desc, scenario_id, criterion limit ${rowLimit}
    ),
    named_rows as materialized (
      select r.*, sc.name from matrix_rows r left join scenarios sc on sc.tenant_id = ${tenantId} and sc.id = r.scenario_id
    )
    select r.scenario_id, r.name, r.criterion, c.batch_id, c.met, c.unmet, r.total
    from named_rows r join cells c on c.scenario_id = r.scenario_id and c.criterion = r.criterion
    order by r.failing desc, r.scenario_id, r.criterion`);
}

/** The settled runs (pass, fail, error) of `from`, a window with `id` and an ordering `position`. */
const settledRuns = (tenantId: string, from: SQL): SQL => sql`
  select r.scenario_id, r.batch_id, w.position, r.status = 'pass' as passed, r.started_at, r.id
  from (${from}) w
  join runs r on r.tenant_id = ${tenantId} and r.batch_id = w.id
  where r.status in ('pass', 'fail', 'error')`;

/**
 * Per batch of the window, oldest first: scenarios with a settled trial, how
 * many passed every one, how many had both, and the most trials of one.
 */
export async function flakinessByBatch(database: Executor, tenantId: string, setId: string, size: number) {
  return database.rows<{
    batch_id: string;
    started_at: Date;
    scenarios: number;
    all_passed: number;
    flaky: number;
    trials: number;
  }>(sql`
    with settled as (${settledRuns(tenantId, sql`select id, first_event_at as position from (${windowOf(tenantId, setId, size)}) latest`)}),
    per_scenario as (
      select batch_id, scenario_id, count(*)::int as trials, count(*) filter (where passed)::int as passes
      from settled group by batch_id, scenario_id
    )
    select w.id as batch_id, coalesce((select min(r.started_at) from runs r where r.tenant_id = ${tenantId} and r.batch_id = w.id),
        w.first_event_at) as started_at,
      count(s.scenario_id)::int as scenarios,
      count(*) filter (where s.passes = s.trials)::int as all_passed,
      count(*) filter (where s.passes > 0 and s.passes < s.trials)::int as flaky,
      coalesce(max(s.trials), 0)::int as trials
    from (${windowOf(tenantId, setId, size)}) w left join per_scenario s on s.batch_id = w.id
    group by w.id, w.first_event_at
    order by w.first_event_at, w.id`);
}

/** Per scenario over the window: settled runs, passes, flips, the oldest batch with a fail or error. */
export interface ScenarioFlakinessRow {
  scenario_id: string;
  name: string | null;
  runs: number;
  passes: number;
  flips: number;
  first_failing_batch_id: string | null;
  total: number;
}

/**
 * Scenarios of the window's batches (`batchIds`, oldest first) by flips (a
 * settled run whose pass/not-pass differs from the scenario's previous
 * settled run, by start time), most first, then by failures, then id; at most
 * `limit` (`total`: how many before the cap).
 */
export async function flakinessByScenario(database: Executor, tenantId: string, batchIds: readonly string[], limit: number) {
  const window = sql`select id, position from unnest(array[${idList(batchIds)}]::text[]) with ordinality as w(id, position)`;
  return database.rows<ScenarioFlakinessRow>(sql`
    with settled as (${settledRuns(tenantId, window)}),
    ordered as (
      select scenario_id, batch_id, position, passed,
        lag(passed) over (partition by scenario_id order by started_at, id) as previous
      from settled
    )
    select o.scenario_id, min(sc.name) as name, count(*)::int as runs, count(*) filter (where o.passed)::int as passes,
      count(*) filter (where o.previous is not null and o.previous <> o.passed)::int as flips,
      (array_agg(o.batch_id order by o.position) filter (where not o.passed))[1] as first_failing_batch_id,
      count(*) over ()::int as total
    from ordered o left join scenarios sc on sc.tenant_id = ${tenantId} and sc.id = o.scenario_id
    group by o.scenario_id
    order by flips desc, count(*) - count(*) filter (where o.passed) desc, o.scenario_id
    limit ${limit}`);
}

/** One batch of the series, its percentiles computed by the database (`percentile_cont`) from measured durations. */
export interface SeriesRow {
  batch_id: string;
  started_at: Date;
  runs: number;
  pass: number;
  fail: number;
  error: number;
  duration_p50_ms: number | null;
  duration_p95_ms: number | null;
  cost_usd: string | null;
  avg_turns: number | null;
}

/**
 * Per batch of the window, oldest first: runs, outcomes, run-duration
 * percentiles and mean turns over the settled runs that reported them,
 * total cost (`null` when no run reported one).
 */
export async function seriesByBatch(database: Executor, tenantId: string, setId: string, size: number) {
  return database.rows<SeriesRow>(sql`
    select w.id as batch_id, coalesce(c.started_at, w.first_event_at) as started_at, c.runs, c.pass, c.fail, c.error,
      c.duration_p50_ms, c.duration_p95_ms, c.cost_usd, c.avg_turns
    from (${windowOf(tenantId, setId, size)}) w
    cross join lateral (
      select count(*)::int as runs,
        count(*) filter (where r.status = 'pass')::int as pass,
        count(*) filter (where r.status = 'fail')::int as fail,
        count(*) filter (where r.status = 'error')::int as error,
        min(r.started_at) as started_at,
        percentile_cont(0.5) within group (order by r.duration_ms) filter (where r.status in ('pass', 'fail', 'error'))
          as duration_p50_ms,
        percentile_cont(0.95) within group (order by r.duration_ms) filter (where r.status in ('pass', 'fail', 'error'))
          as duration_p95_ms,
        sum(r.cost_usd)::text as cost_usd,
        avg(r.turns) filter (where r.status in ('pass', 'fail', 'error'))::float8 as avg_turns
      from runs r where r.tenant_id = ${tenantId} and r.batch_id = w.id
    ) c
    order by w.first_event_at, w.id`);
}
