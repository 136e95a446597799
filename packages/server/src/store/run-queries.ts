/**
 * Reads of runs for one tenant: summary rows (never transcripts) with
 * filters and keyset pagination on `(started_at desc, id desc)`, one run's
 * row and criteria, its transcript and events by position. Every query
 * starts with the tenant, so every index used starts with it too.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./database.js";

/** Runs with no event for this long are `stalled` (derived at read time, never stored). */
export const STALLED_AFTER_MILLISECONDS = 120_000;

/** The run columns summaries are built from. */
export interface RunRow {
  id: string;
  batch_id: string;
  set_id: string;
  scenario_id: string;
  name: string | null;
  description: string | null;
  metadata: Record<string, unknown> | null;
  seed: number | null;
  thread_id: string | null;
  attempt: number;
  state: string;
  status: string | null;
  wire_status: string | null;
  verdict: string | null;
  reasoning: string | null;
  error: string | null;
  error_code: string | null;
  started_at: Date;
  finished_at: Date | null;
  last_event_at: Date;
  last_seq: number;
  event_count: number;
  duration_ms: number | null;
  agent_ms: number | null;
  turns: number | null;
  message_count: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: string | null;
  met_count: number | null;
  unmet_count: number | null;
  injections: number;
  policy_violations: number;
  pii_leaks: number;
  prompt_leaks: number;
  tool_errors: number;
  labels: string[];
  sdk: string | null;
  /** Launched runs (select * only): control state, the run it reruns, the trial. */
  control?: string | null;
  replay_of?: string | null;
  trial_index?: number | null;
  /** The scalar metadata entries summaries show (`metadataColumns`), `null` when there are none. */
  metadata_columns: Record<string, unknown> | null;
}

/** Filters of the runs list. */
export interface RunFilter {
  setId?: string;
  batchId?: string;
  scenarioId?: string;
  status?: string;
  state?: string;
  label?: string;
  from?: Date;
  to?: Date;
  text?: string;
}

/** A keyset position: the last row of the previous page. */
export interface RunCursor {
  startedAt: Date;
  id: string;
}

/**
 * The metadata a summary may show, bounded before it leaves the database: at
 * most 20 entries (by key) with a scalar value, keys up to 64 characters and
 * other than `name` and `description` (columns of their own), strings cut at
 * 2 000 characters (so read-time redaction still sees whole secrets before
 * services/run-metadata.ts cuts them to 200).
 */
const metadataColumns = sql`(select jsonb_object_agg(key, case when jsonb_typeof(value) = 'string'
    then to_jsonb(left(value #>> '{}', 2000)) else value end)
  from (select key, value from jsonb_each(case when jsonb_typeof(metadata) = 'object' then metadata end)
    where jsonb_typeof(value) in ('string', 'number', 'boolean') and key not in ('name', 'description')
      and length(key) <= 64
    order by key limit 20) entries) as metadata_columns`;

const summaryColumns = sql`id, batch_id, set_id, scenario_id, name, seed, attempt, state, status, verdict, error_code,
  started_at, finished_at, last_event_at, last_seq, event_count, duration_ms, turns, message_count, input_tokens,
  output_tokens, cost_usd::text as cost_usd, met_count, unmet_count, injections, policy_violations, pii_leaks,
  prompt_leaks, tool_errors, labels, ${metadataColumns}`;

/** `state` as stored, or `stalled` for a running run that went quiet (the same rule as `derivedState`). */
function stateCondition(state: string, now: Date): SQL {
  const quietSince = new Date(now.getTime() - STALLED_AFTER_MILLISECONDS);
  if (state === "stalled") return sql`state = 'running' and last_event_at < ${quietSince}`;
  if (state === "running") return sql`state = 'running' and last_event_at >= ${quietSince}`;
  return sql`state = ${state}`;
}

/** One page of summary rows (one more than `limit` tells the caller there is a next page). */
export async function listRuns(
  database: Executor,
  tenantId: string,
  filter: RunFilter,
  limit: number,
  after: RunCursor | undefined,
  now: Date,
): Promise<RunRow[]> {
  const conditions: SQL[] = [sql`tenant_id = ${tenantId}`];
  if (filter.setId) conditions.push(sql`set_id = ${filter.setId}`);
  if (filter.batchId) conditions.push(sql`batch_id = ${filter.batchId}`);
  if (filter.scenarioId) conditions.push(sql`scenario_id = ${filter.scenarioId}`);
  if (filter.status) conditions.push(sql`status = ${filter.status}`);
  if (filter.state) conditions.push(stateCondition(filter.state, now));
  if (filter.label) conditions.push(sql`labels @> ${JSON.stringify([filter.label])}::jsonb`);
  if (filter.from) conditions.push(sql`started_at >= ${filter.from}`);
  if (filter.to) conditions.push(sql`started_at < ${filter.to}`);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(sql`(name ilike ${pattern} or scenario_id ilike ${pattern} or id = ${filter.text})`);
  }
  if (after) conditions.push(sql`(started_at, id) < (${after.startedAt}, ${after.id})`);
  return database.rows<RunRow>(sql`select ${summaryColumns} from runs where ${sql.join(conditions, sql` and `)}
    order by started_at desc, id desc limit ${limit + 1}`);
}

/** One run's full row, or `undefined`. */
export async function findRun(database: Executor, tenantId: string, runId: string): Promise<RunRow | undefined> {
  const [row] = await database.rows<RunRow>(
    sql`select *, cost_usd::text as cost_usd, ${metadataColumns} from runs where tenant_id = ${tenantId} and id = ${runId}`,
  );
  return row;
}

/** Criteria verdicts of a run, in the order they were stored. */
export async function runCriteria(
  database: Executor,
  tenantId: string,
  runId: string,
): Promise<Array<{ criterion: string; verdict: string }>> {
  return database.rows(sql`select criterion, verdict from criteria_results where tenant_id = ${tenantId} and run_id = ${runId}
    order by verdict desc, criterion`);
}

/** Transcript slots from index `from`. */
export async function runMessages(database: Executor, tenantId: string, runId: string, from: number, limit: number) {
  return database.rows<{ idx: number; message_id: string; role: string; content: Record<string, unknown> }>(
    sql`select idx, message_id, role, content from run_messages where tenant_id = ${tenantId} and run_id = ${runId}
      and idx >= ${from} order by idx limit ${limit + 1}`,
  );
}

/** Stored events of a run after `afterSeq`, optionally of some types. */
export async function runEvents(
  database: Executor,
  tenantId: string,
  runId: string,
  afterSeq: number,
  types: string[],
  limit: number,
) {
  const typeCondition =
    types.length > 0
      ? sql` and type in (${sql.join(
          types.map((type) => sql`${type}`),
          sql`, `,
        )})`
      : sql``;
  return database.rows<{
    event_id: string;
    seq: number;
    type: string;
    ts: Date;
    ingest_id: string;
    payload: Record<string, unknown>;
  }>(
    sql`select event_id, seq, type, ts, ingest_id, payload from events where tenant_id = ${tenantId} and run_id = ${runId}
      and seq > ${afterSeq}${typeCondition} order by seq, ingest_id limit ${limit + 1}`,
  );
}

/** Runs not finished across all tenants, split by whether they went quiet (the `rehearse_runs_active` gauge). */
export async function countActiveRuns(database: Executor, now: Date): Promise<{ running: number; stalled: number }> {
  const quietSince = new Date(now.getTime() - STALLED_AFTER_MILLISECONDS);
  const [row] = await database.rows<{ running: number; stalled: number }>(sql`select
    count(*) filter (where last_event_at >= ${quietSince})::int as running,
    count(*) filter (where last_event_at < ${quietSince})::int as stalled
    from runs where state = 'running'`);
  return row ?? { running: 0, stalled: 0 };
}
