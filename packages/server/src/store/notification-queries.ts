/**
 * Notification channels, the outbox and the delivery log (schema.ts,
 * migration 0007). Channel and enqueue queries run in the caller's tenant
 * transaction; the relay's claim runs as the system role across tenants,
 * with `FOR UPDATE SKIP LOCKED`, so several servers on one PostgreSQL each
 * take different messages.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Drizzle, Executor } from "./database.js";
import { notificationChannels, notificationDeliveries, notificationOutbox } from "./schema.js";

export type ChannelRow = typeof notificationChannels.$inferSelect;
export type OutboxInsert = typeof notificationOutbox.$inferInsert;

/** The statuses of an outbox message. `sending`: claimed, `next_attempt_at` is the claim's lease. */
export type OutboxStatus = "pending" | "sending" | "delivered" | "failed" | "cancelled";

export async function insertChannel(executor: Drizzle, row: typeof notificationChannels.$inferInsert): Promise<void> {
  await executor.insert(notificationChannels).values(row);
}

/** The tenant's channels, oldest first. */
export function listChannels(executor: Drizzle, tenantId: string): Promise<ChannelRow[]> {
  return executor
    .select()
    .from(notificationChannels)
    .where(eq(notificationChannels.tenantId, tenantId))
    .orderBy(asc(notificationChannels.createdAt), asc(notificationChannels.id));
}

export async function findChannel(executor: Drizzle, tenantId: string, id: string): Promise<ChannelRow | undefined> {
  const [row] = await executor
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.tenantId, tenantId), eq(notificationChannels.id, id)));
  return row;
}

/** Deletes a channel and cancels its undelivered messages (the delivery log stays); the deleted row or `undefined`. */
export async function deleteChannel(executor: Drizzle, tenantId: string, id: string): Promise<ChannelRow | undefined> {
  const [row] = await executor
    .delete(notificationChannels)
    .where(and(eq(notificationChannels.tenantId, tenantId), eq(notificationChannels.id, id)))
    .returning();
  if (row)
    await executor
      .update(notificationOutbox)
      .set({ status: "cancelled", lastError: "the channel was deleted" })
      .where(
        and(
          eq(notificationOutbox.tenantId, tenantId),
          eq(notificationOutbox.channelId, id),
          inArray(notificationOutbox.status, ["pending", "sending"]),
        ),
      );
  return row;
}

/** Ids of the tenant's enabled channels subscribed to `trigger` (or of `kind`, for messages sent to every such channel). */
export async function channelIdsFor(
  executor: Drizzle,
  tenantId: string,
  match: { trigger: string } | { kind: string },
): Promise<string[]> {
  const condition =
    "trigger" in match
      ? sql`${notificationChannels.triggers} @> ${JSON.stringify([match.trigger])}::jsonb`
      : eq(notificationChannels.kind, match.kind);
  const rows = await executor
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.tenantId, tenantId), eq(notificationChannels.enabled, true), condition));
  return rows.map((row) => row.id);
}

/** Queues messages; a `(tenant, channel, dedupe key)` already queued is skipped. The ids queued now. */
export async function enqueueMessages(executor: Drizzle, rows: OutboxInsert[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await executor
    .insert(notificationOutbox)
    .values(rows)
    .onConflictDoNothing({ target: [notificationOutbox.tenantId, notificationOutbox.channelId, notificationOutbox.dedupeKey] })
    .returning({ id: notificationOutbox.id });
  return inserted.map((row) => row.id);
}

/** A claimed message, with its channel as stored (`kind` null: the channel is gone, or it is the environment's). */
export interface ClaimedMessage {
  tenant_id: string;
  id: string;
  channel_id: string;
  trigger: string;
  payload: Record<string, unknown>;
  /** This attempt's number (1-based). */
  attempts: number;
  kind: string | null;
  url_sealed: string | null;
  secret_sealed: string | null;
}

/**
 * Claims up to `limit` due messages of every tenant (system role): each gets
 * `sending`, one more attempt, and `next_attempt_at = leaseUntil`, so a
 * server that dies mid-delivery leaves it due again after the lease.
 */
export async function claimDueMessages(
  executor: Executor,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedMessage[]> {
  return executor.rows<ClaimedMessage>(sql`
    with due as (
      select tenant_id, id from notification_outbox
      where status in ('pending', 'sending') and next_attempt_at <= ${now}
      order by next_attempt_at, id limit ${limit}
      for update skip locked
    ), claimed as (
      update notification_outbox o set status = 'sending', attempts = o.attempts + 1, next_attempt_at = ${leaseUntil}
      from due where o.tenant_id = due.tenant_id and o.id = due.id
      returning o.tenant_id, o.id, o.channel_id, o.trigger, o.payload, o.attempts
    )
    select claimed.*, c.kind, c.url_sealed, c.secret_sealed from claimed
    left join notification_channels c on c.tenant_id = claimed.tenant_id and c.id = claimed.channel_id
    order by claimed.channel_id, claimed.id`);
}

/** One attempt in the delivery log, and the message's next state (unless it was cancelled meanwhile). */
export async function recordAttempt(
  executor: Drizzle,
  attempt: {
    tenantId: string;
    outboxId: string;
    attempt: number;
    at: Date;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  },
  next: { status: OutboxStatus; nextAttemptAt?: Date; deliveredAt?: Date },
): Promise<void> {
  await executor.insert(notificationDeliveries).values(attempt);
  await executor
    .update(notificationOutbox)
    .set({
      status: next.status,
      lastError: attempt.error,
      ...(next.nextAttemptAt ? { nextAttemptAt: next.nextAttemptAt } : {}),
      ...(next.deliveredAt ? { deliveredAt: next.deliveredAt } : {}),
    })
    .where(
      and(
        eq(notificationOutbox.tenantId, attempt.tenantId),
        eq(notificationOutbox.id, attempt.outboxId),
        eq(notificationOutbox.status, "sending"),
      ),
    );
}

/** Gives up messages without delivering them (their channel is gone or cannot be opened). */
export async function failMessage(executor: Drizzle, tenantId: string, id: string, reason: string): Promise<void> {
  await executor
    .update(notificationOutbox)
    .set({ status: "failed", lastError: reason })
    .where(and(eq(notificationOutbox.tenantId, tenantId), eq(notificationOutbox.id, id)));
}

/** A message's state, for callers waiting on a test send. */
export async function messageState(executor: Drizzle, tenantId: string, id: string) {
  const [row] = await executor
    .select({ status: notificationOutbox.status, attempts: notificationOutbox.attempts, lastError: notificationOutbox.lastError })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.tenantId, tenantId), eq(notificationOutbox.id, id)));
  return row;
}
