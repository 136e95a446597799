/**
 * Deleting runs: a run's row with its events, messages, criteria, anomalies,
 * attempts, cassette and trace spans, in one statement, then the batches,
 * sets and scenarios no run refers to any more. Used by retention (runs
 * whose last event is older than a cutoff, in chunks so a transaction stays
 * short) and by deleting one run.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./database.js";

/** How many rows one deletion removed, per table. */
export interface Deleted {
  runs: number;
  events: number;
  messages: number;
  criteria: number;
}

/** Which runs: one by id, or up to `limit` whose last event is before `before`. */
export type Doomed = { runId: string } | { before: Date; limit: number };

/** Deletes the runs `doomed` picks and everything of theirs; counts per table. */
export async function deleteRuns(executor: Executor, tenantId: string, doomed: Doomed): Promise<Deleted> {
  const picked: SQL =
    "runId" in doomed
      ? sql`select id from runs where tenant_id = ${tenantId} and id = ${doomed.runId}`
      : sql`select id from runs where tenant_id = ${tenantId} and last_event_at < ${doomed.before}
            order by last_event_at limit ${doomed.limit}`;
  const [row] = await executor.rows<Deleted>(sql`with
      doomed as (delete from runs where tenant_id = ${tenantId} and id in (${picked}) returning id),
      events_gone as (delete from events e using doomed d where e.tenant_id = ${tenantId} and e.run_id = d.id returning 1),
      messages_gone as (delete from run_messages m using doomed d where m.tenant_id = ${tenantId} and m.run_id = d.id returning 1),
      criteria_gone as (delete from criteria_results c using doomed d where c.tenant_id = ${tenantId} and c.run_id = d.id returning 1),
      -- a data-modifying CTE runs whether or not it is read: the run's anomalies go with it
      anomalies_gone as (delete from anomalies a using doomed d where a.tenant_id = ${tenantId} and a.run_id = d.id returning 1),
      attempts_gone as (delete from run_attempts a using doomed d where a.tenant_id = ${tenantId} and a.run_id = d.id returning 1),
      cassettes_gone as (delete from run_cassettes c using doomed d where c.tenant_id = ${tenantId} and c.run_id = d.id returning 1),
      labels_gone as (delete from run_labels l using doomed d where l.tenant_id = ${tenantId} and l.run_id = d.id returning 1),
      -- the run's traces: every span of a trace that holds a span of the run (the agent's own spans carry no run id)
      spans_gone as (delete from trace_spans s where s.tenant_id = ${tenantId} and s.trace_id in
        (select t.trace_id from trace_spans t join doomed d on t.run_id = d.id where t.tenant_id = ${tenantId}) returning 1)
    select (select count(*) from doomed)::int as runs, (select count(*) from events_gone)::int as events,
           (select count(*) from messages_gone)::int as messages, (select count(*) from criteria_gone)::int as criteria`);
  return row ?? { runs: 0, events: 0, messages: 0, criteria: 0 };
}

/** Deletes the tenant's batches, scenarios and sets that no run refers to; how many rows went. */
export async function deleteOrphans(executor: Executor, tenantId: string): Promise<number> {
  const [row] = await executor.rows<{ removed: number }>(sql`with
      batches_gone as (delete from batches b where b.tenant_id = ${tenantId}
        and not exists (select 1 from runs r where r.tenant_id = b.tenant_id and r.batch_id = b.id) returning 1),
      scenarios_gone as (delete from scenarios s where s.tenant_id = ${tenantId}
        and not exists (select 1 from runs r where r.tenant_id = s.tenant_id and r.scenario_id = s.id) returning 1),
      sets_gone as (delete from scenario_sets s where s.tenant_id = ${tenantId}
        and not exists (select 1 from runs r where r.tenant_id = s.tenant_id and r.set_id = s.id) returning 1)
    select ((select count(*) from batches_gone) + (select count(*) from scenarios_gone) + (select count(*) from sets_gone))::int
      as removed`);
  return row?.removed ?? 0;
}
