/**
 * The notifications service of a server (platform research §3.9, §5.5;
 * decision 0038): channels, the `Notify` producers call, the outbox relay
 * and the two sweeps this service owns (`batch.finished` for SDK-reported
 * batches, `run.stalled`). `start()` runs the relay and the sweeps on
 * timers; `stop()` ends them, aborting attempts in flight (they are retried
 * later, by this server or another). Tests drive `deliverDue()` and the
 * sweeps directly on a clock of their own.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Database, Drizzle } from "../store/database.js";
import { type DeliveryRow, listDeliveries } from "../store/notification-log-queries.js";
import { channelIdsFor, enqueueMessages } from "../store/notification-queries.js";
import { BatchAnnouncements } from "./batch-announcements.js";
import { ChannelSealer } from "./channel-sealer.js";
import { ENVIRONMENT_CHANNEL_ID, NotificationChannels } from "./notification-channels.js";
import type { NotificationEvent, Notify } from "./notification-event.js";
import { createNotify, enqueueEvent, type OutboxOptions, outboxRows } from "./notification-outbox.js";
import { type AttemptOutcome, NotificationRelay } from "./notification-relay.js";
import { defaultRetryPolicy, type RetryPolicy } from "./notification-retry.js";
import type { Resolve } from "./outbound-address.js";
import type { ServerMetrics } from "./server-metrics.js";
import { sweepStalledRuns } from "./stall-sweep.js";
import { systemTimers, Ticker, type Timers } from "./ticker.js";

export interface NotificationsOptions {
  database: Database;
  /** The API-key pepper: channel URLs and secrets are sealed under a key derived from it. */
  pepper: Buffer;
  logger: Logger;
  metrics?: ServerMetrics;
  /** The dashboard's base URL for links in messages (`REHEARSE_PUBLIC_URL`, else the server's address). */
  publicUrl: () => string;
  /** `SLACK_WEBHOOK_URL`: an implicit Slack channel, for every trigger, of `environmentTenant`. */
  slackWebhookUrl?: string;
  /** The tenant the implicit channel serves; default `default`. */
  environmentTenant?: string;
  /** Send to loopback and private addresses (`REHEARSE_ALLOW_PRIVATE_WEBHOOKS=1`; tests, private networks). */
  allowPrivateAddresses?: boolean;
  /** Host resolution for the address checks (default: the system resolver). */
  resolve?: Resolve;
  retry?: Partial<RetryPolicy>;
  /** One attempt's deadline; default 15 s. */
  timeoutMs?: number;
  /** Quiet period before an SDK batch whose runs all settled is announced; default 30 s. */
  batchQuietMs?: number;
  /** How often the relay looks for due messages; default 2 s (new messages wake it at once). */
  pollMs?: number;
  /** How often the batch sweep runs; default 10 s. The stall sweep: `stallSweepMs`, default 60 s. */
  batchSweepMs?: number;
  stallSweepMs?: number;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
}

const HOUR = 3_600_000;

export class Notifications {
  readonly channels: NotificationChannels;
  readonly relay: NotificationRelay;
  readonly batches: BatchAnnouncements;
  /** Queues an event for every subscribed channel (`NotificationEvent`'s contract). */
  readonly notify: Notify;
  private readonly outbox: OutboxOptions;
  private readonly tickers: Ticker[];

  constructor(private readonly options: NotificationsOptions) {
    const now = options.now ?? Date.now;
    const { database, logger } = options;
    const policy = {
      allowPrivate: options.allowPrivateAddresses === true,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    };
    const environmentTenant = options.slackWebhookUrl ? (options.environmentTenant ?? "default") : null;
    this.channels = new NotificationChannels(database, new ChannelSealer(options.pepper), {
      policy,
      ...(options.slackWebhookUrl && environmentTenant
        ? { environmentSlack: { tenantId: environmentTenant, url: options.slackWebhookUrl } }
        : {}),
      now,
    });
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.relay = new NotificationRelay({
      database,
      channels: this.channels,
      policy,
      retry: { ...defaultRetryPolicy, ...options.retry },
      publicUrl: options.publicUrl,
      logger,
      ...(options.metrics ? { metrics: options.metrics } : {}),
      now,
      random: options.random ?? Math.random,
      timeoutMs,
      batchSize: 20,
    });
    const timers = options.timers ?? systemTimers;
    const failed = (what: string) => (error: unknown) => logger.error({ err: error }, `${what} failed`);
    const relayTicker = new Ticker(
      async () => (await this.relay.deliverDue()) === 20,
      options.pollMs ?? 2_000,
      timers,
      failed("notification relay"),
    );
    this.outbox = { environmentTenant, now, onQueued: () => relayTicker.wake() };
    this.notify = createNotify(database, this.outbox);
    this.batches = new BatchAnnouncements({
      database,
      notify: this.notify,
      logger,
      now,
      quietMs: options.batchQuietMs ?? 30_000,
      lookbackMs: HOUR,
      environmentTenant,
    });
    this.tickers = [
      relayTicker,
      new Ticker(async () => (await this.batches.sweep()) === 50, options.batchSweepMs ?? 10_000, timers, failed("batch sweep")),
      new Ticker(
        async () => (await this.sweepStalledRuns()) === 100,
        options.stallSweepMs ?? 60_000,
        timers,
        failed("stall sweep"),
      ),
    ];
  }

  /** Queues `event` in the caller's transaction (tenant scope), so it commits with what caused it. The ids queued. */
  enqueue(executor: Drizzle, event: NotificationEvent): Promise<string[]> {
    return enqueueEvent(executor, event, this.outbox);
  }

  /** Announces a batch's summary (`batch.finished`, once per batch); false when the tenant has no such batch. */
  announceBatchFinished(tenantId: string, batchId: string): Promise<boolean> {
    return this.batches.announce(tenantId, batchId);
  }

  /** One `run.stalled` message per batch with runs that went quiet; how many batches. */
  sweepStalledRuns(): Promise<number> {
    const { database, logger } = this.options;
    return sweepStalledRuns({
      database,
      logger,
      notify: this.notify,
      now: this.outbox.now,
      lookbackMs: 24 * HOUR,
      environmentTenant: this.outbox.environmentTenant,
    });
  }

  /** Claims and delivers the messages due now; how many were claimed. */
  deliverDue(): Promise<number> {
    return this.relay.deliverDue();
  }

  /**
   * Queues a message outside the triggers (a channel test, a `/collab/slack/notify` text) to
   * `channelIds`, and waits up to `waitMs` for this server's first attempt. The queued ids, and the
   * first attempt's outcome when it came in time.
   */
  async send(
    tenantId: string,
    channelIds: readonly string[],
    message: { trigger: "test" | "message"; title: string; text?: string; path?: string; details?: Record<string, unknown> },
    waitMs = 0,
  ): Promise<{ outboxIds: string[]; attempts: AttemptOutcome[] }> {
    const now = this.outbox.now();
    const payload = {
      title: message.title,
      path: message.path ?? null,
      details: message.details ?? {},
      order: Object.keys(message.details ?? {}),
      ...(message.text === undefined ? {} : { text: message.text }),
      occurredAt: new Date(now).toISOString(),
    };
    // never deduplicated: each send is its own message
    const dedupeKey = `${message.trigger}:${randomUUID()}`;
    const rows = outboxRows(tenantId, channelIds, { trigger: message.trigger, dedupeKey, payload }, now);
    const waits = waitMs > 0 ? rows.map((row) => this.relay.nextAttempt(row.id as string, waitMs)) : [];
    const outboxIds = await this.options.database.forTenant(tenantId, ({ drizzle }) => enqueueMessages(drizzle, rows));
    this.outbox.onQueued?.();
    const attempts = (await Promise.all(waits)).filter((outcome): outcome is AttemptOutcome => outcome !== undefined);
    return { outboxIds, attempts };
  }

  /** The ids of the tenant's Slack channels (the environment's first): where `/collab/slack/notify` sends. */
  async slackChannelIds(tenantId: string): Promise<string[]> {
    const stored = await this.options.database.forTenant(tenantId, ({ drizzle }) =>
      channelIdsFor(drizzle, tenantId, { kind: "slack" }),
    );
    return this.outbox.environmentTenant === tenantId ? [ENVIRONMENT_CHANNEL_ID, ...stored] : stored;
  }

  /** Up to `limit + 1` delivery attempts, newest first. */
  deliveries(tenantId: string, filter: { channelId?: string; before?: number }, limit: number): Promise<DeliveryRow[]> {
    return this.options.database.forTenant(tenantId, (executor) => listDeliveries(executor, tenantId, filter, limit));
  }

  /** Starts the relay and the sweeps. */
  start(): void {
    for (const ticker of this.tickers) ticker.start();
  }

  /** Stops them: attempts in flight are aborted (and retried later), runs in progress awaited. */
  async stop(): Promise<void> {
    this.relay.abort();
    await Promise.all(this.tickers.map((ticker) => ticker.stop()));
  }
}
