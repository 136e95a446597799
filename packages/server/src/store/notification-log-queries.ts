/**
 * Reads for notifications: the delivery log of a tenant (newest attempt
 * first, keyset on the attempt's id), and the sweeps' candidates across
 * tenants (system role): SDK batches that finished and went quiet, and
 * batches with stalled runs, each only where someone listens (an enabled
 * channel subscribed to the trigger, or the environment's Slack channel's
 * tenant) and not announced yet (no outbox row with its dedupe key).
 */
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./database.js";

/** One attempt as the delivery log shows it. */
export interface DeliveryRow {
  id: number;
  outbox_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  channel_id: string;
  trigger: string;
  message_status: string;
  attempts: number;
}

/** Up to `limit + 1` attempts of the tenant (of one channel when given), newest first, before attempt id `before`. */
export function listDeliveries(
  executor: Executor,
  tenantId: string,
  filter: { channelId?: string; before?: number },
  limit: number,
): Promise<DeliveryRow[]> {
  const conditions: SQL[] = [sql`d.tenant_id = ${tenantId}`];
  if (filter.channelId) conditions.push(sql`o.channel_id = ${filter.channelId}`);
  if (filter.before !== undefined) conditions.push(sql`d.id < ${filter.before}`);
  return executor.rows<DeliveryRow>(sql`
    select d.id, d.outbox_id, d.attempt, d.at, d.status_code, d.error, d.duration_ms,
      o.channel_id, o.trigger, o.status as message_status, o.attempts
    from notification_deliveries d
    join notification_outbox o on o.tenant_id = d.tenant_id and o.id = d.outbox_id
    where ${sql.join(conditions, sql` and `)}
    order by d.id desc limit ${limit + 1}`);
}

/** Tenants someone listens to for `trigger`: an enabled channel made no later than `at`, or `environmentTenant`. */
const listening = (
  tenant: SQL,
  trigger: string,
  at: SQL,
  environmentTenant: string | null,
) => sql`(${tenant} = ${environmentTenant}
  or exists (select 1 from notification_channels c where c.tenant_id = ${tenant} and c.enabled
    and c.triggers @> ${JSON.stringify([trigger])}::jsonb and c.created_at <= ${at}))`;

const notAnnounced = (tenant: SQL, key: SQL) =>
  sql`not exists (select 1 from notification_outbox o where o.tenant_id = ${tenant} and o.dedupe_key = ${key})`;

/**
 * SDK-reported batches (no `launch`) whose runs are all finished or
 * cancelled, last heard of in `[since, quietBefore)`, not announced yet.
 */
export function finishedBatchCandidates(
  executor: Executor,
  window: { since: Date; quietBefore: Date },
  environmentTenant: string | null,
  limit: number,
): Promise<Array<{ tenant_id: string; id: string }>> {
  return executor.rows(sql`
    select b.tenant_id, b.id from batches b
    where b.launch is null and b.last_event_at < ${window.quietBefore} and b.last_event_at >= ${window.since}
      and ${listening(sql`b.tenant_id`, "batch.finished", sql`b.last_event_at`, environmentTenant)}
      and not exists (select 1 from runs r where r.tenant_id = b.tenant_id and r.batch_id = b.id
        and r.state not in ('finished', 'cancelled'))
      and ${notAnnounced(sql`b.tenant_id`, sql`'batch.finished:' || b.id`)}
    order by b.last_event_at, b.id limit ${limit}`);
}

/** A batch with runs that went quiet while running. */
export interface StalledBatchRow {
  tenant_id: string;
  batch_id: string;
  set_id: string;
  stalled: number;
  quiet_since: Date;
  run_ids: string[];
}

/**
 * Batches with runs still `running` whose last event is in
 * `[since, stalledBefore)` (paused runs are quiet on purpose: left out),
 * not announced yet; the first five run ids by last event.
 */
export function stalledBatchCandidates(
  executor: Executor,
  window: { since: Date; stalledBefore: Date },
  environmentTenant: string | null,
  limit: number,
): Promise<StalledBatchRow[]> {
  return executor.rows<StalledBatchRow>(sql`
    select r.tenant_id, r.batch_id, min(r.set_id) as set_id, count(*)::int as stalled,
      min(r.last_event_at) as quiet_since, (array_agg(r.id order by r.last_event_at, r.id))[1:5] as run_ids
    from runs r
    where r.state = 'running' and r.last_event_at < ${window.stalledBefore} and r.last_event_at >= ${window.since}
      and (r.control is null or r.control <> 'paused')
      and ${listening(sql`r.tenant_id`, "run.stalled", sql`r.last_event_at`, environmentTenant)}
      and ${notAnnounced(sql`r.tenant_id`, sql`'run.stalled:' || r.batch_id`)}
    group by r.tenant_id, r.batch_id
    order by min(r.last_event_at) limit ${limit}`);
}

/** The batch of the same set that started last before `batchId`, or `undefined` (tenant transaction). */
export async function previousBatchId(
  executor: Executor,
  tenantId: string,
  batch: { id: string; set_id: string; first_event_at: Date },
): Promise<string | undefined> {
  const [row] = await executor.rows<{ id: string }>(sql`select id from batches
    where tenant_id = ${tenantId} and set_id = ${batch.set_id} and (first_event_at, id) < (${batch.first_event_at}, ${batch.id})
    order by first_event_at desc, id desc limit 1`);
  return row?.id;
}
