/**
 * The anomaly store's statements, one tenant at a time: the histories a
 * flush's finished runs are scored against (one statement for all of them:
 * a lateral read of each run's scenario on the `runs_scenario` index), the
 * insert of what was flagged (unique per run and metric), the stored
 * anomalies a read lists, and the recent durations of a set's scenarios.
 * Only settled runs (finished pass, fail, error) make a history: a skipped
 * or cancelled run's duration is not one of a run.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./database.js";

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** The condition on `alias` of runs that count in a history. */
const settled = (alias: string): SQL => sql.raw(`${alias}.state = 'finished' and ${alias}.status in ('pass', 'fail', 'error')`);

/** A finished run with the durations and costs of its scenario's settled runs before it (by start, then id). */
export interface RunHistoryRow {
  run_id: string;
  set_id: string;
  batch_id: string;
  scenario_id: string;
  name: string | null;
  duration_ms: number | null;
  cost_usd: number | null;
  /** The last `window` settled runs' measured durations (those that reported one), newest first. */
  durations: number[];
  costs: number[];
}

/**
 * Of `runIds`, the settled ones with their histories: the scenario's last
 * `window` settled runs that started before each (at most `window` rows read
 * per run, newest first on the scenario index).
 */
export async function runHistories(database: Executor, tenantId: string, runIds: readonly string[], window: number) {
  if (runIds.length === 0) return [];
  // the finished runs first (materialized): the lateral history read then runs once per run asked about,
  // whatever the planner thinks of a table it has no statistics for yet
  return database.rows<RunHistoryRow>(sql`
    with targets as materialized (
      select t.id, t.set_id, t.batch_id, t.scenario_id, t.name, t.started_at, t.duration_ms, t.cost_usd
      from jsonb_array_elements_text(${json(runIds)}) as asked(id)
      join runs t on t.tenant_id = ${tenantId} and t.id = asked.id
      where ${settled("t")}
    )
    select t.id as run_id, t.set_id, t.batch_id, t.scenario_id, coalesce(t.name, sc.name) as name,
      t.duration_ms, t.cost_usd::float8 as cost_usd,
      coalesce(h.durations, '[]'::jsonb) as durations, coalesce(h.costs, '[]'::jsonb) as costs
    from targets t
    left join scenarios sc on sc.tenant_id = ${tenantId} and sc.id = t.scenario_id
    cross join lateral (
      select jsonb_agg(p.duration_ms order by p.started_at desc, p.id desc) filter (where p.duration_ms is not null) as durations,
        jsonb_agg(p.cost_usd::float8 order by p.started_at desc, p.id desc) filter (where p.cost_usd is not null) as costs
      from (
        select p.duration_ms, p.cost_usd, p.started_at, p.id from runs p
        where p.tenant_id = ${tenantId} and p.scenario_id = t.scenario_id and ${settled("p")}
          and (p.started_at, p.id) < (t.started_at, t.id)
        order by p.started_at desc, p.id desc limit ${window}
      ) p
    ) h`);
}

/** A flagged value to store. */
export interface AnomalyInsert {
  id: string;
  setId: string;
  scenarioId: string;
  batchId: string;
  runId: string;
  metric: string;
  observed: number;
  median: number;
  mad: number;
  score: number;
  detectedAt: number;
}

/** Stores `anomalies`; one already stored for the run and metric stays. Returns the new ones' run id and metric. */
export async function insertAnomalies(database: Executor, tenantId: string, anomalies: readonly AnomalyInsert[]) {
  if (anomalies.length === 0) return [];
  const rows = anomalies.map((anomaly) => ({ ...anomaly, tenantId }));
  return database.rows<{ run_id: string; metric: string }>(sql`
    insert into anomalies (tenant_id, id, set_id, scenario_id, batch_id, run_id, metric, observed, median, mad, score, detected_at)
    select a."tenantId", a.id, a."setId", a."scenarioId", a."batchId", a."runId", a.metric, a.observed, a.median, a.mad, a.score,
      to_timestamp(0) + a."detectedAt" * interval '1 millisecond'
    from jsonb_to_recordset(${json(rows)}) as a("tenantId" text, id text, "setId" text, "scenarioId" text, "batchId" text,
      "runId" text, metric text, observed numeric, median numeric, mad numeric, score numeric, "detectedAt" double precision)
    on conflict (tenant_id, run_id, metric) do nothing
    returning run_id, metric`);
}

/** One stored anomaly with its scenario's name and its run's start. */
export interface StoredAnomalyRow {
  id: string;
  set_id: string;
  scenario_id: string;
  name: string | null;
  batch_id: string;
  run_id: string;
  metric: string;
  observed: number;
  median: number;
  mad: number;
  score: number;
  detected_at: Date;
  acknowledged_at: Date | null;
  started_at: Date | null;
  total: number;
}

/** Filters of the stored anomalies. */
export interface AnomalyFilter {
  setId?: string;
  scenarioId?: string;
  metric: string;
  /** Only |score| above this. */
  threshold: number;
  limit: number;
}

/** Stored anomalies, newest first (at most `limit`; `total` counts them all). */
export async function storedAnomalies(database: Executor, tenantId: string, filter: AnomalyFilter) {
  const conditions = [sql`a.tenant_id = ${tenantId}`, sql`a.metric = ${filter.metric}`, sql`abs(a.score) > ${filter.threshold}`];
  if (filter.setId !== undefined) conditions.push(sql`a.set_id = ${filter.setId}`);
  if (filter.scenarioId !== undefined) conditions.push(sql`a.scenario_id = ${filter.scenarioId}`);
  return database.rows<StoredAnomalyRow>(sql`
    with listed as (
      select a.*, count(*) over ()::int as total from anomalies a where ${sql.join(conditions, sql` and `)}
      order by a.detected_at desc, a.id desc limit ${filter.limit}
    )
    select l.id, l.set_id, l.scenario_id, coalesce(r.name, sc.name) as name, l.batch_id, l.run_id, l.metric,
      l.observed::float8 as observed, l.median::float8 as median, l.mad::float8 as mad, l.score::float8 as score,
      l.detected_at, l.acknowledged_at, r.started_at, l.total
    from listed l
    left join runs r on r.tenant_id = ${tenantId} and r.id = l.run_id
    left join scenarios sc on sc.tenant_id = ${tenantId} and sc.id = l.scenario_id
    order by l.detected_at desc, l.id desc`);
}

/** A scenario's recent settled runs: ids and measured durations, newest first. */
export interface ScenarioWindowRow {
  scenario_id: string;
  name: string | null;
  run_ids: string[];
  durations: Array<number | null>;
  total: number;
}

/**
 * The last `window` settled runs of each chosen scenario (`scenarioId`, or
 * the set's, or the tenant's), most recently seen scenarios first, at most
 * `limit` scenarios (`total`: how many matched).
 */
export async function scenarioWindows(
  database: Executor,
  tenantId: string,
  choose: { setId?: string; scenarioId?: string },
  window: number,
  limit: number,
) {
  const conditions = [sql`s.tenant_id = ${tenantId}`];
  if (choose.setId !== undefined) conditions.push(sql`s.set_id = ${choose.setId}`);
  if (choose.scenarioId !== undefined) conditions.push(sql`s.id = ${choose.scenarioId}`);
  return database.rows<ScenarioWindowRow>(sql`
    with chosen as (
      select s.id, s.name, s.last_seen_at, count(*) over ()::int as total from scenarios s
      where ${sql.join(conditions, sql` and `)} order by s.last_seen_at desc, s.id limit ${limit}
    )
    select c.id as scenario_id, c.name, c.total,
      coalesce(w.run_ids, '[]'::jsonb) as run_ids, coalesce(w.durations, '[]'::jsonb) as durations
    from chosen c
    cross join lateral (
      select jsonb_agg(p.id order by p.started_at desc, p.id desc) as run_ids,
        jsonb_agg(p.duration_ms order by p.started_at desc, p.id desc) as durations
      from (
        select p.id, p.duration_ms, p.started_at from runs p
        where p.tenant_id = ${tenantId} and p.scenario_id = c.id and ${settled("p")}
        order by p.started_at desc, p.id desc limit ${window}
      ) p
    ) w
    order by c.last_seen_at desc, c.id`);
}
