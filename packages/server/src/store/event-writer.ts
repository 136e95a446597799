/**
 * Writes one flush of events in one transaction, usually in one statement:
 * the events (`ON CONFLICT DO NOTHING RETURNING`, so an event already stored
 * is a duplicate and changes nothing) in the CTE `inserted`, and each
 * projection table's upsert in a data-modifying CTE over a JSONB parameter
 * (`jsonb_to_recordset`: set-based, no parameter limits), applied only when
 * every event was new. Otherwise the projection of only the new ones follows
 * in a second statement. The SQL merge rules mirror projection.ts. Epoch
 * milliseconds become timestamps by interval arithmetic (exact), not
 * `to_timestamp(ms / 1000.0)` (floating point), so keyset cursors in
 * milliseconds round-trip. Decisions 0026 and 0027.
 */
import { ATTEMPT_SEQ_SPAN, type IngestEvent } from "@rehearse/core/events";
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { type Projection, project, type StoredEvent } from "./projection.js";

/** An event to store, with its tenant. */
export interface PendingEvent {
  tenantId: string;
  event: IngestEvent;
}

/** What the flush stored: the new events with their global ingest ids, and the projection they made. */
export interface WriteResult {
  inserted: Array<{ tenantId: string; eventId: string; ingestId: number }>;
  stored: StoredEvent[];
  projection: Projection;
}

/**
 * A flush made ready for the database: its statements built (parameters
 * serialised, projection computed as if every event were new). Built off the
 * transaction, so the writer can prepare the next flush while the database
 * works on this one.
 */
export interface PreparedWrite {
  pending: readonly PendingEvent[];
  /**
   * One part per tenant (row-level security admits one tenant's rows per
   * statement), each one statement: the events insert and, in
   * data-modifying CTEs, the projections, applied only when every event was
   * new (the usual case; one round trip). Otherwise they are skipped and
   * rebuilt from the new events.
   */
  parts: Array<{ tenantId: string; pending: readonly PendingEvent[]; statement: SQL }>;
  projection: Projection;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** Builds the statements of a flush of `pending` (already deduplicated within the flush). No I/O. */
export function prepareWrite(pending: readonly PendingEvent[]): PreparedWrite {
  const byTenant = new Map<string, PendingEvent[]>();
  for (const entry of pending) {
    const group = byTenant.get(entry.tenantId);
    if (group) group.push(entry);
    else byTenant.set(entry.tenantId, [entry]);
  }
  if (byTenant.size <= 1) {
    const { statement, projection } = tenantStatement(pending);
    return { pending, parts: pending[0] ? [{ tenantId: pending[0].tenantId, pending, statement }] : [], projection };
  }
  const parts = [...byTenant].map(([tenantId, group]) => ({
    tenantId,
    pending: group,
    statement: tenantStatement(group).statement,
  }));
  return { pending, parts, projection: project(pending) };
}

/** The one statement that stores one tenant's events and their projection. */
function tenantStatement(pending: readonly PendingEvent[]): { statement: SQL; projection: Projection } {
  const rows = pending.map(({ tenantId, event }) => ({
    event_id: event.eventId.toLowerCase(),
    tenant_id: tenantId,
    run_id: event.scenarioRunId,
    batch_id: event.batchRunId,
    set_id: event.scenarioSetId,
    seq: event.seq,
    attempt: event.attempt ?? 1,
    type: event.type,
    ts: event.timestamp,
    payload: event,
  }));
  // one JSONB document of rows: measured faster than one array parameter per column (unnest) on both engines
  const insertEvents = sql`
    insert into events (event_id, tenant_id, run_id, batch_id, set_id, seq, attempt, type, ts, payload)
    select r.event_id, r.tenant_id, r.run_id, r.batch_id, r.set_id, r.seq, r.attempt, r.type,
           (to_timestamp(0) + r.ts * interval '1 millisecond'), r.payload
    from jsonb_to_recordset(${json(rows)}) as r(event_id text, tenant_id text, run_id text, batch_id text,
      set_id text, seq int, attempt int, type text, ts double precision, payload jsonb)
    order by r.tenant_id, r.run_id, r.seq
    on conflict (tenant_id, event_id) do nothing
    returning tenant_id, event_id, ingest_id, payload`;
  const projection = project(pending);
  const allNew = sql`(select count(*) from inserted) = ${pending.length}`;
  const statement = sql`with inserted as (${insertEvents})${projectionClauses(projection, allNew)}
    select tenant_id, event_id, ingest_id from inserted`;
  return { statement, projection };
}

/**
 * The projection of the events of `stored` that this transaction inserted,
 * in one statement: their payloads are read back from `events` (message
 * contents, descriptions and reasoning come from there, as in the usual path).
 */
function projectStoredStatement(stored: readonly StoredEvent[], projection: Projection): SQL {
  const keys = stored.map(({ tenantId, event }) => ({ tenant_id: tenantId, event_id: event.eventId.toLowerCase() }));
  return sql`with inserted as (
      select e.tenant_id, e.event_id, e.payload from events e
      join jsonb_to_recordset(${json(keys)}) as k(tenant_id text, event_id text)
        on e.tenant_id = k.tenant_id and e.event_id = k.event_id)${projectionClauses(projection, sql`true`)}
    select count(*) from inserted`;
}

/** Stores `pending` (already deduplicated within the flush) and applies the projections of the new ones. */
export async function writeEvents(database: Database, pending: readonly PendingEvent[]): Promise<WriteResult> {
  return writePrepared(database, prepareWrite(pending));
}

/**
 * Runs a prepared flush in one transaction as the app role, each tenant's
 * part with that tenant set (row-level security checks every row written).
 * When some events were already stored (a retry), the projection is rebuilt
 * from only the new ones, so a repeated event never counts twice.
 */
export async function writePrepared(database: Database, prepared: PreparedWrite): Promise<WriteResult> {
  const [first] = prepared.parts;
  if (!first) return { inserted: [], stored: [], projection: prepared.projection };
  return database.forTenant(first.tenantId, async (executor) => {
    const inserted: WriteResult["inserted"] = [];
    const stored: StoredEvent[] = [];
    let allNew = true;
    for (const part of prepared.parts) {
      if (part !== first) await executor.rows(sql`select set_config('app.tenant_id', ${part.tenantId}, true)`);
      const rows = await executor.rows<{ tenant_id: string; event_id: string; ingest_id: string | number }>(part.statement);
      for (const row of rows) inserted.push({ tenantId: row.tenant_id, eventId: row.event_id, ingestId: Number(row.ingest_id) });
      if (rows.length === part.pending.length) {
        stored.push(...(part.pending as StoredEvent[]));
        continue;
      }
      allNew = false;
      const fresh = new Set(rows.map((row) => row.event_id));
      const partStored = part.pending.filter(({ event }) => fresh.has(event.eventId.toLowerCase())) as StoredEvent[];
      if (partStored.length > 0) await executor.rows(projectStoredStatement(partStored, project(partStored)));
      stored.push(...partStored);
    }
    return { inserted, stored, projection: allNew ? prepared.projection : project(stored) };
  });
}

/**
 * One data-modifying CTE per projection table (`, projected_n as (upsert)`),
 * each guarded by `when` (an SQL condition). They read the large values —
 * message contents, descriptions, metadata, reasoning — from the payloads of
 * the CTE `inserted` (tenant_id, event_id, payload) instead of carrying them
 * a second time: about half of a flush's bytes.
 */
function projectionClauses(projection: Projection, when: SQL): SQL {
  const statements: SQL[] = [];
  statements.push(sql`
    insert into scenario_sets (tenant_id, id, first_seen_at, last_run_at)
    select r.tenant_id, r.id, (to_timestamp(0) + r.first * interval '1 millisecond'), (to_timestamp(0) + r.last * interval '1 millisecond')
    from jsonb_to_recordset(${json(projection.sets.map((set) => ({ tenant_id: set.tenantId, id: set.id, first: set.firstEventAt, last: set.lastEventAt })))})
      as r(tenant_id text, id text, first double precision, last double precision)
      where ${when}
    on conflict (tenant_id, id) do update set
      first_seen_at = least(scenario_sets.first_seen_at, excluded.first_seen_at),
      last_run_at = greatest(scenario_sets.last_run_at, excluded.last_run_at)`);
  statements.push(sql`
    insert into batches (tenant_id, id, set_id, first_event_at, last_event_at)
    select r.tenant_id, r.id, r.set_id, (to_timestamp(0) + r.first * interval '1 millisecond'), (to_timestamp(0) + r.last * interval '1 millisecond')
    from jsonb_to_recordset(${json(projection.batches.map((batch) => ({ tenant_id: batch.tenantId, id: batch.id, set_id: batch.setId, first: batch.firstEventAt, last: batch.lastEventAt })))})
      as r(tenant_id text, id text, set_id text, first double precision, last double precision)
      where ${when}
    on conflict (tenant_id, id) do update set
      first_event_at = least(batches.first_event_at, excluded.first_event_at),
      last_event_at = greatest(batches.last_event_at, excluded.last_event_at)`);
  statements.push(sql`
    insert into scenarios (tenant_id, id, set_id, name, description, last_seen_at)
    select r.tenant_id, r.id, r.set_id, r.name, s.payload->'metadata'->>'description',
      (to_timestamp(0) + r.last * interval '1 millisecond')
    from jsonb_to_recordset(${json(projection.scenarios.map((scenario) => ({ tenant_id: scenario.tenantId, id: scenario.id, set_id: scenario.setId, name: scenario.name, started_event: scenario.startedEventId, last: scenario.lastEventAt })))})
      as r(tenant_id text, id text, set_id text, name text, started_event text, last double precision)
      left join inserted s on s.tenant_id = r.tenant_id and s.event_id = r.started_event
      where ${when}
    on conflict (tenant_id, id) do update set
      name = coalesce(scenarios.name, excluded.name),
      description = coalesce(scenarios.description, excluded.description),
      last_seen_at = greatest(scenarios.last_seen_at, excluded.last_seen_at)`);
  statements.push(upsertRuns(projection, when));
  if (projection.messages.length > 0) {
    statements.push(sql`
      insert into run_messages (tenant_id, run_id, idx, message_id, role, content, seq)
      select r.tenant_id, r.run_id, r.idx, r.message_id, r.role, i.payload->'messages'->r.position, r.seq
      from jsonb_to_recordset(${json(projection.messages.map((message) => ({ tenant_id: message.tenantId, run_id: message.runId, idx: message.index, message_id: message.messageId, role: message.role, seq: message.seq, event_id: message.eventId, position: message.position })))})
        as r(tenant_id text, run_id text, idx int, message_id text, role text, seq int, event_id text, position int)
        join inserted i on i.tenant_id = r.tenant_id and i.event_id = r.event_id
        where ${when}
          -- an earlier attempt's messages (its seq range, envelope.ts) no longer change a run a later attempt took over
          and not exists (select 1 from runs x where x.tenant_id = r.tenant_id and x.id = r.run_id and r.seq < (x.attempt - 1) * ${ATTEMPT_SEQ_SPAN})
      on conflict (tenant_id, run_id, idx) do update set
        message_id = excluded.message_id, role = excluded.role, content = excluded.content, seq = excluded.seq
      where run_messages.seq <= excluded.seq`);
  }
  if (projection.criteria.length > 0) {
    statements.push(sql`
      insert into criteria_results (tenant_id, run_id, criterion, set_id, scenario_id, batch_id, verdict)
      select r.tenant_id, r.run_id, r.criterion, r.set_id, r.scenario_id, r.batch_id, r.verdict
      from jsonb_to_recordset(${json(projection.criteria.map((row) => ({ tenant_id: row.tenantId, run_id: row.runId, criterion: row.criterion, set_id: row.setId, scenario_id: row.scenarioId, batch_id: row.batchId, verdict: row.verdict })))})
        as r(tenant_id text, run_id text, criterion text, set_id text, scenario_id text, batch_id text, verdict text)
        where ${when}
      on conflict (tenant_id, run_id, criterion) do update set verdict = excluded.verdict`);
  }
  return sql.join(statements.map((statement, index) => sql`, ${sql.raw(`projected_${index}`)} as (${statement})`));
}

function upsertRuns(projection: Projection, when: SQL): SQL {
  const rows = projection.runs.map((run) => ({
    tenant_id: run.tenantId,
    id: run.id,
    batch_id: run.batchId,
    set_id: run.setId,
    scenario_id: run.scenarioId,
    name: run.name,
    started_event: run.startedEventId,
    seed: run.seed,
    thread_id: run.threadId,
    attempt: run.attempt,
    state: run.state,
    status: run.status,
    wire_status: run.wireStatus,
    verdict: run.verdict,
    finished_event: run.finishedEventId,
    error: run.error,
    error_code: run.errorCode,
    started: run.startedAt,
    finished: run.finishedAt,
    last_event: run.lastEventAt,
    last_seq: run.lastSeq,
    event_count: run.eventCount,
    duration_ms: run.durationMs,
    agent_ms: run.agentMs,
    turns: run.turns,
    message_count: run.messageCount,
    input_tokens: run.inputTokens,
    output_tokens: run.outputTokens,
    cost_usd: run.costUsd,
    met_count: run.metCount,
    unmet_count: run.unmetCount,
    injections: run.injections,
    policy_violations: run.policyViolations,
    pii_leaks: run.piiLeaks,
    prompt_leaks: run.promptLeaks,
    tool_errors: run.toolErrors,
    labels: run.labels,
    sdk: run.sdk,
  }));
  return sql`
    insert into runs (tenant_id, id, batch_id, set_id, scenario_id, name, description, metadata, seed, thread_id,
      attempt, state, status, wire_status, verdict, reasoning, error, error_code, started_at, finished_at,
      last_event_at, last_seq, event_count, duration_ms, agent_ms, turns, message_count, input_tokens,
      output_tokens, cost_usd, met_count, unmet_count, injections, policy_violations, pii_leaks, prompt_leaks,
      tool_errors, labels, sdk)
    select r.tenant_id, r.id, r.batch_id, r.set_id, r.scenario_id, r.name, s.payload->'metadata'->>'description',
      s.payload->'metadata', r.seed, r.thread_id, r.attempt, r.state, r.status, r.wire_status, r.verdict,
      f.payload->'results'->>'reasoning', r.error, r.error_code,
      (to_timestamp(0) + r.started * interval '1 millisecond'), (to_timestamp(0) + r.finished * interval '1 millisecond'), (to_timestamp(0) + r.last_event * interval '1 millisecond'),
      r.last_seq, r.event_count, r.duration_ms, r.agent_ms, r.turns, r.message_count, r.input_tokens,
      r.output_tokens, r.cost_usd, r.met_count, r.unmet_count, r.injections, r.policy_violations, r.pii_leaks,
      r.prompt_leaks, r.tool_errors, coalesce(r.labels, '[]'::jsonb), r.sdk
    from jsonb_to_recordset(${json(rows)}) as r(tenant_id text, id text, batch_id text, set_id text,
      scenario_id text, name text, started_event text, seed bigint, thread_id text, attempt int,
      state text, status text, wire_status text, verdict text, finished_event text, error text, error_code text,
      started double precision, finished double precision, last_event double precision, last_seq int,
      event_count int, duration_ms int, agent_ms int, turns int, message_count int, input_tokens bigint,
      output_tokens bigint, cost_usd numeric, met_count int, unmet_count int, injections int,
      policy_violations int, pii_leaks int, prompt_leaks int, tool_errors int, labels jsonb, sdk text)
    left join inserted s on s.tenant_id = r.tenant_id and s.event_id = r.started_event
    left join inserted f on f.tenant_id = r.tenant_id and f.event_id = r.finished_event
    where ${when}
    on conflict (tenant_id, id) do update set
      name = coalesce(runs.name, excluded.name),
      description = coalesce(runs.description, excluded.description),
      metadata = coalesce(runs.metadata, excluded.metadata),
      seed = coalesce(runs.seed, excluded.seed),
      thread_id = coalesce(runs.thread_id, excluded.thread_id),
      attempt = greatest(runs.attempt, excluded.attempt),
      state = case
        when excluded.state <> 'running' and runs.control = 'stopped' and excluded.status = 'error' then 'cancelled'
        when excluded.state <> 'running' then excluded.state
        when runs.state in ('queued', 'interrupted') then 'running'
        else runs.state end,
      status = coalesce(excluded.status, runs.status),
      wire_status = coalesce(excluded.wire_status, runs.wire_status),
      verdict = coalesce(excluded.verdict, runs.verdict),
      reasoning = coalesce(excluded.reasoning, runs.reasoning),
      error = coalesce(excluded.error, runs.error),
      error_code = case
        when runs.control = 'stopped' and excluded.status = 'error' then 'cancelled'
        else coalesce(excluded.error_code, runs.error_code) end,
      started_at = least(runs.started_at, excluded.started_at),
      finished_at = coalesce(excluded.finished_at, runs.finished_at),
      last_event_at = greatest(runs.last_event_at, excluded.last_event_at),
      last_seq = greatest(runs.last_seq, excluded.last_seq),
      event_count = runs.event_count + excluded.event_count,
      duration_ms = coalesce(excluded.duration_ms, runs.duration_ms),
      agent_ms = coalesce(excluded.agent_ms, runs.agent_ms),
      turns = greatest(runs.turns, excluded.turns),
      message_count = greatest(runs.message_count, excluded.message_count),
      input_tokens = coalesce(excluded.input_tokens, runs.input_tokens),
      output_tokens = coalesce(excluded.output_tokens, runs.output_tokens),
      cost_usd = coalesce(excluded.cost_usd, runs.cost_usd),
      met_count = coalesce(excluded.met_count, runs.met_count),
      unmet_count = coalesce(excluded.unmet_count, runs.unmet_count),
      injections = runs.injections + excluded.injections,
      policy_violations = runs.policy_violations + excluded.policy_violations,
      pii_leaks = runs.pii_leaks + excluded.pii_leaks,
      prompt_leaks = runs.prompt_leaks + excluded.prompt_leaks,
      tool_errors = runs.tool_errors + excluded.tool_errors,
      labels = case when excluded.labels = '[]'::jsonb then runs.labels else excluded.labels end,
      sdk = coalesce(runs.sdk, excluded.sdk)
    where runs.attempt <= excluded.attempt`;
}
