import type { DeadLetter, DeadLetters } from "./dead-letters.js";
import type { Outbox } from "./outbox.js";
import { eventIdOf } from "./outbox-line.js";
import { type PostOutcome, postEvents } from "./post-events.js";
import { readResponse } from "./read-response.js";
import { backoffMs, retryAfterMs, statusVerdict } from "./retry-policy.js";
import type { PendingLine } from "./segment-reader.js";

/** Where the sender posts, and how it behaves; only the first three are required. */
export interface SenderOptions {
  /** The server's base URL; events go to `<endpoint>/api/v1/events`. */
  endpoint: string;
  apiKey: string;
  deadLetters: DeadLetters;
  warn?: (message: string) => void;
  /** Per request: at most 100 events and 512 KiB. */
  maxEvents?: number;
  maxBytes?: number;
  /** 10 s. */
  requestTimeoutMs?: number;
  /** Back-off with full jitter from 500 ms up to 30 s… */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** …and after 5 failures in a row, one probe every 30 s. */
  breakerFailures?: number;
  probeIntervalMs?: number;
  /** Seams for tests: `schedule` returns a cancel function. */
  _internal?: {
    fetch?: typeof fetch;
    now?: () => number;
    random?: () => number;
    schedule?: (callback: () => void, milliseconds: number) => () => void;
    newId?: () => string;
  };
}

/** What the sender did so far. */
export interface SenderStats {
  /** Events the server stored (accepted) or already had (duplicates). */
  delivered: number;
  deadLettered: number;
  /** Failed requests in a row (0 after a success). */
  failures: number;
  /** The last failure, as a user reads it. */
  lastError?: string;
  /** Set when sending stopped for good: the key or the endpoint is wrong. */
  stopped?: string;
}

const comma = Buffer.from(",");
const closing = Buffer.from("]}");

/**
 * The one delivery loop of a process: reads the outbox oldest first, posts
 * one batch at a time (so each run's events arrive in `seq` order), and
 * acknowledges what the server answered for. Accepted and duplicate events
 * are done; refused ones are dead-lettered; a failed request is retried with
 * back-off (its `Retry-After` wins), halved on 413, and after 5 failures in a
 * row the loop only probes every 30 s. 401/403 (the key) and 404 (the
 * endpoint) stop it: the events stay on disk.
 */
export class Sender {
  readonly stats: SenderStats = { delivered: 0, deadLettered: 0, failures: 0 };
  private readonly url: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly schedule: (callback: () => void, milliseconds: number) => () => void;
  private eventLimit: number;
  private running: Promise<void> | undefined;
  private waiting: { cancel: () => void; wake: () => void } | undefined;
  private deadline: number | undefined;
  private readonly abort = new AbortController();
  private warnedBody = false;
  /** Set by `wake`: something was written after the loop's last read. */
  private dirty = false;

  constructor(
    private readonly outbox: Pick<Outbox, "read" | "acknowledge">,
    private readonly options: SenderOptions,
  ) {
    this.url = `${options.endpoint.replace(/\/+$/, "")}/api/v1/events`;
    this.fetch = options._internal?.fetch ?? fetch;
    this.now = options._internal?.now ?? Date.now;
    this.random = options._internal?.random ?? Math.random;
    this.schedule = options._internal?.schedule ?? this.systemSchedule;
    this.eventLimit = options.maxEvents ?? 100;
  }

  /**
   * Real timers: unref'd while the process runs (waiting to retry never keeps
   * it alive: the events stay on disk), kept during a drain, which its
   * deadline bounds.
   */
  private readonly systemSchedule = (callback: () => void, milliseconds: number): (() => void) => {
    const handle = setTimeout(callback, milliseconds);
    if (this.deadline === undefined) handle.unref();
    return () => clearTimeout(handle);
  };

  /** There may be something new to send: starts the loop unless it runs or waits to retry. */
  wake(): void {
    this.dirty = true;
    if (this.stats.stopped || this.abort.signal.aborted) return;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /**
   * Sends until nothing is pending or `deadline` (epoch ms) passes; a request
   * still in flight then is aborted and a wait that would end later is not
   * started. Resolves when the loop has stopped; what is left stays on disk.
   */
  async drain(deadline: number): Promise<void> {
    this.deadline = deadline;
    this.waiting?.wake();
    this.wake();
    const cancel = this.schedule(() => this.abort.abort(), Math.max(0, deadline - this.now()));
    try {
      await this.running;
    } finally {
      cancel();
      this.abort.abort();
    }
  }

  private async loop(): Promise<void> {
    while (!this.stats.stopped && !this.abort.signal.aborted) {
      this.dirty = false;
      const lines = await this.outbox.read({ maxEvents: this.eventLimit, maxBytes: this.options.maxBytes ?? 512 * 1024 });
      if (lines.length === 0) {
        if (this.dirty) continue;
        return;
      }
      const events = lines.filter((line) => line.json !== undefined);
      if (events.length > 0) {
        const outcome = await this.post(events);
        if (outcome.kind === "aborted") return;
        const done = await this.settle(outcome, events);
        if (!done) {
          if (outcome.kind === "answer" && statusVerdict(outcome.status) === "split") continue;
          if (this.stats.stopped || !(await this.pause(outcome))) return;
          continue;
        }
      }
      await this.outbox.acknowledge(lines);
    }
  }

  private post(events: readonly PendingLine[]): Promise<PostOutcome> {
    const batchId = this.options._internal?.newId?.() ?? crypto.randomUUID();
    // the lines' own bytes, joined: nothing is parsed or encoded again
    const parts: Buffer[] = [Buffer.from(`{"batchId":"${batchId}","sentAt":${this.now()},"events":[`, "latin1")];
    for (const event of events) {
      if (parts.length > 1) parts.push(comma);
      parts.push(event.json!);
    }
    parts.push(closing);
    const body = Buffer.concat(parts);
    return postEvents(this.fetch, {
      url: this.url,
      apiKey: this.options.apiKey,
      body,
      timeoutMs: this.options.requestTimeoutMs ?? 10_000,
      signal: this.abort.signal,
      schedule: this.schedule,
    });
  }

  /** Handles one outcome; true when the events are done with (delivered, duplicates or dead-lettered). */
  private async settle(outcome: PostOutcome, events: readonly PendingLine[]): Promise<boolean> {
    if (outcome.kind !== "answer") {
      this.failed(
        outcome.kind === "timeout"
          ? "the request timed out"
          : `network error (${outcome.kind === "network" ? outcome.message : "aborted"})`,
      );
      return false;
    }
    const verdict = statusVerdict(outcome.status);
    switch (verdict) {
      case "ok":
        await this.accepted(outcome.body, events);
        return true;
      case "split":
        if (events.length > 1) {
          this.eventLimit = Math.ceil(events.length / 2);
          return false;
        }
        await this.deadLetter(events, "too_large", `the server refused a ${events[0]!.json!.length}-byte event (413)`);
        return true;
      case "stop":
        this.stats.stopped =
          outcome.status === 404
            ? `the server has no ${this.url} (404): check the endpoint`
            : `the server refused the API key (${outcome.status}): check REHEARSE_API_KEY or report.apiKey`;
        this.warn(`outbox: sending stopped: ${this.stats.stopped}; the events stay in the outbox`);
        return false;
      case "refuse":
        await this.deadLetter(
          events,
          `http_${outcome.status}`,
          `the server refused the request (${outcome.status}): ${outcome.body.slice(0, 200)}`,
        );
        return true;
      case "retry":
        this.failed(`the server answered ${outcome.status}`);
        return false;
      default:
        return verdict satisfies never;
    }
  }

  private async accepted(body: string, events: readonly PendingLine[]): Promise<void> {
    this.stats.failures = 0;
    this.eventLimit = this.options.maxEvents ?? 100;
    const response = readResponse(body);
    if (!response) {
      // not re-posted: the server took the request, and posting it again could only duplicate
      if (!this.warnedBody) this.warn("outbox: the server's answer was not the ingest JSON; the events count as delivered");
      this.warnedBody = true;
      this.stats.delivered += events.length;
      return;
    }
    const refused = new Map(response.rejected.map((rejection) => [rejection.eventId ?? `#${rejection.index}`, rejection]));
    const letters =
      refused.size === 0
        ? []
        : events.flatMap((event, index) => {
            const rejection = refused.get(eventIdOf(event.json!)) ?? refused.get(`#${index}`);
            return rejection ? [{ json: event.json!, code: rejection.code, message: rejection.message }] : [];
          });
    this.stats.delivered += events.length - letters.length;
    if (letters.length > 0) await this.deadLetterAll(letters);
  }

  private async deadLetter(events: readonly PendingLine[], code: string, message: string): Promise<void> {
    await this.deadLetterAll(events.map((event) => ({ json: event.json!, code, message })));
  }

  private async deadLetterAll(letters: DeadLetter[]): Promise<void> {
    this.stats.deadLettered += letters.length;
    await this.options.deadLetters.add(letters);
  }

  private failed(reason: string): void {
    this.stats.failures++;
    this.stats.lastError = reason;
    const breaker = this.options.breakerFailures ?? 5;
    if (this.stats.failures === 1) this.warn(`outbox: delivery to ${this.url} failed (${reason}); retrying, the events are kept`);
    if (this.stats.failures === breaker) {
      const every = Math.round((this.options.probeIntervalMs ?? 30_000) / 1000);
      this.warn(`outbox: ${breaker} failures in a row (${reason}); trying again every ${every} s`);
    }
  }

  /** Waits before the next attempt; false when the drain's deadline comes first (or the wait was cut short by close). */
  private pause(outcome: PostOutcome): Promise<boolean> {
    const told = outcome.kind === "answer" ? retryAfterMs(outcome.retryAfter, this.now()) : undefined;
    const breakerOpen = this.stats.failures >= (this.options.breakerFailures ?? 5);
    const delay =
      told ??
      (breakerOpen
        ? (this.options.probeIntervalMs ?? 30_000)
        : backoffMs(this.stats.failures - 1, this.random, this.options.baseDelayMs ?? 500, this.options.maxDelayMs ?? 30_000));
    if (this.deadline !== undefined && this.now() + delay >= this.deadline) return Promise.resolve(false);
    return new Promise((resolve) => {
      const cancel = this.schedule(() => {
        this.waiting = undefined;
        resolve(true);
      }, delay);
      this.waiting = {
        cancel,
        // close() cuts the wait short: the loop re-checks against its deadline
        wake: () => {
          cancel();
          this.waiting = undefined;
          resolve(this.deadline === undefined || this.now() + delay < this.deadline);
        },
      };
    });
  }

  private warn(message: string): void {
    this.options.warn?.(message);
  }
}
