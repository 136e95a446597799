/**
 * Writing to the notification outbox (platform research §5.5): one row per
 * enabled channel of the tenant subscribed to the event's trigger (and the
 * environment's Slack channel when it serves the tenant), skipped when that
 * channel already has the event's dedupe key. `enqueueEvent` runs in the
 * caller's transaction, so a producer that records a decision and its
 * notification commits both or neither; `createNotify` opens its own.
 */
import { randomBytes } from "node:crypto";
import type { Database, Drizzle } from "../store/database.js";
import { channelIdsFor, enqueueMessages, type OutboxInsert } from "../store/notification-queries.js";
import { ENVIRONMENT_CHANNEL_ID } from "./notification-channels.js";
import type { NotificationEvent, Notify } from "./notification-event.js";
import type { OutboxPayload } from "./notification-messages.js";

export interface OutboxOptions {
  /** The tenant `SLACK_WEBHOOK_URL`'s implicit channel serves (every trigger), or `null`. */
  environmentTenant: string | null;
  now: () => number;
  /** Called after messages were queued (the relay wakes up). */
  onQueued?: () => void;
}

/** A new outbox message id: also the `webhook-id` receivers deduplicate on (no full stop, per Standard Webhooks). */
export function newMessageId(): string {
  return `msg_${randomBytes(12).toString("hex")}`;
}

/** The outbox rows of one message to `channelIds`. */
export function outboxRows(
  tenantId: string,
  channelIds: readonly string[],
  message: { trigger: string; dedupeKey: string; payload: OutboxPayload },
  now: number,
): OutboxInsert[] {
  return channelIds.map((channelId) => ({
    tenantId,
    id: newMessageId(),
    channelId,
    trigger: message.trigger,
    dedupeKey: message.dedupeKey.slice(0, 500),
    payload: message.payload as unknown as Record<string, unknown>,
    status: "pending",
    attempts: 0,
    nextAttemptAt: new Date(now),
    createdAt: new Date(now),
  }));
}

/** The stored payload of an event. */
export function eventPayload(event: NotificationEvent, now: number): OutboxPayload {
  return {
    title: event.title.slice(0, 500),
    path: event.path ?? null,
    details: event.details,
    order: Object.keys(event.details),
    occurredAt: new Date(now).toISOString(),
  };
}

/** Queues `event` in `executor`'s transaction (tenant scope); the ids queued now (none: nobody listens, or a repeat). */
export async function enqueueEvent(executor: Drizzle, event: NotificationEvent, options: OutboxOptions): Promise<string[]> {
  const subscribed = await channelIdsFor(executor, event.tenantId, { trigger: event.trigger });
  const channelIds = options.environmentTenant === event.tenantId ? [ENVIRONMENT_CHANNEL_ID, ...subscribed] : subscribed;
  const now = options.now();
  return enqueueMessages(executor, outboxRows(event.tenantId, channelIds, { ...event, payload: eventPayload(event, now) }, now));
}

/**
 * The `Notify` producers call: queues the event in a transaction of its own
 * and wakes the relay. Throws only when the database does; delivery problems
 * end in the delivery log.
 */
export function createNotify(database: Database, options: OutboxOptions): Notify {
  return async (event) => {
    const queued = await database.forTenant(event.tenantId, ({ drizzle }) => enqueueEvent(drizzle, event, options));
    if (queued.length > 0) options.onQueued?.();
  };
}
