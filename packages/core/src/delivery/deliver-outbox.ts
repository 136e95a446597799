import { DeadLetters } from "./dead-letters.js";
import { Outbox, type OutboxOptions } from "./outbox.js";
import { Sender, type SenderOptions } from "./sender.js";

/** What `deliverOutbox` is to send, where, and for how long. */
export interface DeliverOutboxOptions {
  directory: string;
  endpoint: string;
  apiKey: string;
  /** Give up after this long; what is left stays on disk (default 60 000). */
  timeoutMs?: number;
  /** How long one POST may take before it counts as failed (default 10 000 ms). */
  requestTimeoutMs?: number;
  /** Also take segments of this process's other outboxes (vitest's global teardown, after its worker threads ended). */
  claimOwnProcess?: boolean;
  warn?: (message: string) => void;
  /** Seams for tests. */
  _internal?: { outbox?: Partial<OutboxOptions>; sender?: Partial<SenderOptions> };
}

/** What a delivery of the outbox achieved. */
export interface OutboxDelivery {
  delivered: number;
  deadLettered: number;
  /** Events still in the segments it held (others may be held by running processes: see `outboxStatus`). */
  pending: number;
  /** Why something is left: sending stopped (the key, the endpoint), the last failure, or the time ran out. */
  reason?: string;
}

/**
 * Sends what an outbox directory holds and nobody else is sending: adopts
 * every free segment (its writer ended or died), posts it all within
 * `timeoutMs`, and gives the segments up again. `rehearse outbox flush` and
 * vitest's global teardown use it; nothing is appended.
 *
 * @example
 * const delivery = await deliverOutbox({ directory: ".rehearse/outbox", endpoint, apiKey, timeoutMs: 10_000 });
 * if (delivery.pending > 0) console.error(`${delivery.pending} events left: ${delivery.reason}`);
 */
export async function deliverOutbox(options: DeliverOutboxOptions): Promise<OutboxDelivery> {
  const warn = options.warn ?? (() => {});
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const outbox = new Outbox({
    directory: options.directory,
    warn,
    ...(options.claimOwnProcess ? { claimOwnProcess: true } : {}),
    ...options._internal?.outbox,
  });
  const sender = new Sender(outbox, {
    endpoint: options.endpoint,
    apiKey: options.apiKey,
    deadLetters: new DeadLetters(options.directory, outbox.owner, warn),
    warn,
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...options._internal?.sender,
  });
  try {
    await outbox.adopt();
    await sender.drain(deadline);
    const pending = await outbox.pendingEvents();
    const stats = sender.stats;
    const reason = stats.stopped ?? stats.lastError ?? (pending > 0 ? `the ${timeoutMs} ms budget ran out` : undefined);
    return {
      delivered: stats.delivered,
      deadLettered: stats.deadLettered,
      pending,
      ...(pending > 0 && reason ? { reason } : {}),
    };
  } finally {
    await outbox.close();
  }
}
