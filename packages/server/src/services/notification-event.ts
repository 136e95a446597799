/**
 * What the server notifies about (platform.md §3.9). Producers (batch
 * completion, the release guard, the stall sweep, anomaly detection) hand a
 * `NotificationEvent` to a `Notify` function; the notifications service writes
 * one outbox row per subscribed channel, deduplicated by `dedupeKey`, so a
 * batch sends one summary, never one message per run.
 */

/** The triggers a channel can subscribe to. */
export const notificationTriggers = ["batch.finished", "guard.failed", "run.stalled", "anomaly.detected"] as const;

export type NotificationTrigger = (typeof notificationTriggers)[number];

/** One thing worth telling people about. */
export interface NotificationEvent {
  tenantId: string;
  trigger: NotificationTrigger;
  /** The same key twice (per channel) is delivered once, e.g. `batch.finished:<batchId>`. */
  dedupeKey: string;
  /** A one-line summary for chat messages. */
  title: string;
  /** Dashboard path of the thing, e.g. `/batches/<id>` (made absolute with the server's public URL). */
  path?: string;
  /** Structured details; the generic webhook sends them as they are. No transcripts, no secrets. */
  details: Record<string, unknown>;
}

/** Queues a notification for every channel of the tenant subscribed to its trigger. Never throws for delivery problems. */
export type Notify = (event: NotificationEvent) => Promise<void>;
