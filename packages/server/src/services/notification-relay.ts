/**
 * The outbox relay (platform research §5.5): claims due messages of every
 * tenant (`FOR UPDATE SKIP LOCKED` under a lease, so replicas share the
 * work and a crashed one's messages come due again), delivers each to its
 * channel, records every attempt in the delivery log and schedules the
 * next one (notification-retry.ts). Messages of one channel go one after
 * the other (Slack allows about one a second per channel); channels in
 * parallel. Nothing here throws to its caller: failures end in the log.
 */
import type { Logger } from "pino";
import { type Database, withTenant } from "../store/database.js";
import { type ClaimedMessage, claimDueMessages, failMessage, recordAttempt } from "../store/notification-queries.js";
import type { NotificationChannels } from "./notification-channels.js";
import { absoluteLink, type OutboxPayload, slackMessage, webhookBody } from "./notification-messages.js";
import { nextStep, type RetryPolicy } from "./notification-retry.js";
import type { OutboundPolicy } from "./outbound-address.js";
import { type PostResult, postJson } from "./outbound-post.js";
import type { ServerMetrics } from "./server-metrics.js";
import { webhookHeaders } from "./standard-webhooks.js";

export interface RelayOptions {
  database: Database;
  channels: NotificationChannels;
  policy: OutboundPolicy;
  retry: RetryPolicy;
  publicUrl: () => string;
  logger: Logger;
  metrics?: ServerMetrics;
  now: () => number;
  random: () => number;
  /** One attempt's deadline. */
  timeoutMs: number;
  /** Messages claimed at once. */
  batchSize: number;
}

/** What one attempt came to, for whoever waits on it (a test send). */
export interface AttemptOutcome {
  outboxId: string;
  attempt: number;
  status: "delivered" | "retry" | "failed";
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export class NotificationRelay {
  private readonly stopping = new AbortController();
  private readonly waiting = new Map<string, Set<(outcome: AttemptOutcome) => void>>();

  constructor(private readonly options: RelayOptions) {}

  /** Claims the messages due now and delivers them; how many were claimed. */
  async deliverDue(): Promise<number> {
    const { database, now, batchSize, timeoutMs } = this.options;
    const at = now();
    const claimed = await database.asSystem((executor) =>
      claimDueMessages(executor, new Date(at), new Date(at + timeoutMs + 30_000), batchSize),
    );
    const byChannel = new Map<string, ClaimedMessage[]>();
    for (const message of claimed) {
      const key = `${message.tenant_id}\u0000${message.channel_id}`;
      byChannel.set(key, [...(byChannel.get(key) ?? []), message]);
    }
    await Promise.all(
      [...byChannel.values()].map(async (messages) => {
        for (const message of messages) await this.deliver(message);
      }),
    );
    return claimed.length;
  }

  /** Resolves with the next attempt on `outboxId` made by this server, or `undefined` after `timeoutMs`. */
  nextAttempt(outboxId: string, timeoutMs: number): Promise<AttemptOutcome | undefined> {
    return new Promise((resolve) => {
      const listeners = this.waiting.get(outboxId) ?? new Set();
      const done = (outcome: AttemptOutcome | undefined) => {
        clearTimeout(timer);
        listeners.delete(done);
        if (listeners.size === 0) this.waiting.delete(outboxId);
        resolve(outcome);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      listeners.add(done);
      this.waiting.set(outboxId, listeners);
    });
  }

  /** Aborts attempts in flight (each is logged as aborted and retried later). */
  abort(): void {
    this.stopping.abort();
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    const { channels, retry, now, logger, metrics } = this.options;
    const target = channels.target(message.tenant_id, message.channel_id, message);
    const kind = "error" in target ? (message.kind ?? "unknown") : target.kind;
    if ("error" in target || message.attempts > retry.maxAttempts) {
      const reason = "error" in target ? target.error : `gave up after ${retry.maxAttempts} attempts`;
      await this.options.database.forTenant(message.tenant_id, ({ drizzle }) =>
        failMessage(drizzle, message.tenant_id, message.id, reason),
      );
      metrics?.notification(kind, "failed");
      logger.warn({ tenantId: message.tenant_id, outboxId: message.id, reason }, "notification not delivered");
      return;
    }
    const payload = message.payload as unknown as OutboxPayload;
    const link = absoluteLink(this.options.publicUrl(), payload.path);
    const started = now();
    const body = target.kind === "slack" ? slackMessage(payload, link) : webhookBody(message.trigger, payload, link);
    const headers =
      target.kind === "webhook" && target.secret
        ? webhookHeaders(target.secret, message.id, Math.floor(started / 1000), body)
        : {};
    const result = await postJson(new URL(target.url), body, headers, {
      policy: target.trusted ? { ...this.options.policy, allowPrivate: true } : this.options.policy,
      timeoutMs: this.options.timeoutMs,
      signal: this.stopping.signal,
    });
    const step = nextStep(result, message.attempts, retry, now(), this.options.random);
    await this.record(message, started, result, step);
    metrics?.notification(kind, step.kind);
    const context = { tenantId: message.tenant_id, outboxId: message.id, attempt: message.attempts, error: result.error };
    if (step.kind === "failed") logger.warn(context, "notification delivery failed; giving up");
    else if (step.kind === "retry") logger.info({ ...context, retryAt: new Date(step.at).toISOString() }, "notification retry");
    const outcome: AttemptOutcome = {
      outboxId: message.id,
      attempt: message.attempts,
      status: step.kind,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
    };
    for (const listener of [...(this.waiting.get(message.id) ?? [])]) listener(outcome);
  }

  private record(message: ClaimedMessage, started: number, result: PostResult, step: ReturnType<typeof nextStep>) {
    const attempt = {
      tenantId: message.tenant_id,
      outboxId: message.id,
      attempt: message.attempts,
      at: new Date(started),
      statusCode: result.statusCode,
      error: result.error?.slice(0, 1000) ?? null,
      durationMs: result.durationMs,
    };
    const next =
      step.kind === "delivered"
        ? { status: "delivered" as const, deliveredAt: new Date(this.options.now()) }
        : step.kind === "retry"
          ? { status: "pending" as const, nextAttemptAt: new Date(step.at) }
          : { status: "failed" as const };
    return withTenant(this.options.database, message.tenant_id, undefined, (executor) => recordAttempt(executor, attempt, next));
  }
}
