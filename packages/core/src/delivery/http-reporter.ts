import type { Reporter, ScenarioEvent } from "../domain/event.js";
import type { ScenarioResult } from "../domain/result.js";
import type { RedactionOptions } from "../redaction/redaction-rules.js";
import { DeadLetters } from "./dead-letters.js";
import { EventEnvelopes } from "./envelope.js";
import { type FsyncMode, Outbox, type OutboxOptions } from "./outbox.js";
import { redactLines } from "./redact-line.js";
import { sdkVersion } from "./sdk-version.js";
import { Sender, type SenderOptions } from "./sender.js";
import { createUuidV7 } from "./uuid-v7.js";

/** Where an HTTP reporter sends, and where it keeps what it has not sent yet. */
export interface HttpReporterOptions {
  /** The Rehearse server's base URL: events go to `<endpoint>/api/v1/events`. */
  endpoint: string;
  apiKey: string;
  /** The outbox directory (the runner's default: `.rehearse/outbox` under the working directory). */
  outboxDir: string;
  /** When appended events reach the disk (default `batch`: every 50 ms or 100 events). */
  fsync?: FsyncMode;
  /** How long one POST may take before it counts as failed (default 10 000 ms). */
  requestTimeoutMs?: number;
  /**
   * Secrets and personal data are replaced by placeholders (`[EMAIL_1]`,
   * `[OPENAI_KEY_1]`, `[SECRET_1]`) before an event is written to the outbox,
   * so neither the disk nor the server sees them (`createIngestRedactor`).
   * On by default; options narrow it; `false` sends events as they are (a
   * team on its own host that wants the raw transcripts).
   */
  redact?: boolean | RedactionOptions;
  /** Warnings (delivery failures, refused events, dropped segments); never payload bytes. */
  warn?: (message: string) => void;
  /** A worker's job attempt of a run (see `EventEnvelopes`); runs it does not know are attempt 1. */
  attemptOf?: (runId: string) => number | undefined;
  /** Seams for tests: outbox and sender settings. */
  _internal?: {
    outbox?: Partial<OutboxOptions>;
    sender?: Partial<SenderOptions>;
    now?: () => number;
    /** No adoption scan at start and every minute. */
    noAdoption?: boolean;
  };
}

/** What `close()` left behind. */
export interface DeliveryReport {
  /** Events the server took (stored or already had) during this reporter's life. */
  delivered: number;
  deadLettered: number;
  /** Events still in the outbox when `close()` returned (they are sent by the next process or `rehearse outbox flush`). */
  pending: number;
  /** Why sending stopped or last failed, when something is pending. */
  reason?: string;
  outboxDir: string;
}

/**
 * The reporter that sends every event of every run to a Rehearse server
 * through the durable outbox (docs/decisions/0025). One per context: all its
 * runs share one outbox and one sender. Taking an event costs its
 * serialization and an in-memory append; nothing on the run's path waits for
 * the disk or the network, and a failure is a warning, never a failed run.
 * Redaction (`redact`, on by default) runs with the outbox's next write, off
 * the run's path, and before anything reaches the disk.
 * `close()` sends what it can within its budget; the rest stays on disk.
 *
 * @example
 * ```ts
 * const reporter = new HttpReporter({ endpoint: "http://127.0.0.1:4318", apiKey, outboxDir: ".rehearse/outbox" });
 * await run(scenario, { reporters: [reporter] });
 * await reporter.close({ timeoutMs: 5_000 });
 * ```
 */
export class HttpReporter implements Reporter {
  readonly name = "rehearse-server";
  private readonly outbox: Outbox;
  private readonly sender: Sender;
  private readonly envelopes: EventEnvelopes;
  private readonly warn: (message: string) => void;
  private readonly adoption: ReturnType<typeof setInterval> | undefined;
  private closing: Promise<DeliveryReport> | undefined;
  /** The adoption scan in progress, which close() waits for. */
  private adopting: Promise<unknown> = Promise.resolve();
  private failures = 0;

  constructor(private readonly options: HttpReporterOptions) {
    const now = options._internal?.now ?? Date.now;
    this.warn = options.warn ?? (() => {});
    this.outbox = new Outbox({
      directory: options.outboxDir,
      ...(options.fsync ? { fsync: options.fsync } : {}),
      warn: this.warn,
      onWritten: () => this.sender.wake(),
      ...(options.redact === false
        ? {}
        : { prepare: redactLines(typeof options.redact === "object" ? options.redact : {}, this.warn) }),
      ...options._internal?.outbox,
    });
    this.sender = new Sender(this.outbox, {
      endpoint: options.endpoint,
      apiKey: options.apiKey,
      deadLetters: new DeadLetters(options.outboxDir, this.outbox.owner, this.warn, now),
      warn: this.warn,
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...options._internal?.sender,
    });
    this.envelopes = new EventEnvelopes(createUuidV7(now), { name: "@rehearse/core", version: sdkVersion() }, options.attemptOf);
    if (!options._internal?.noAdoption) {
      this.adopt();
      this.adoption = setInterval(() => this.adopt(), 60_000);
      this.adoption.unref();
    }
  }

  /**
   * The same as the two hooks below as one synchronous event-bus listener
   * (`EventBusOptions.listeners`), which is how the runner attaches it: no
   * promise per event. `result` accompanies `SCENARIO_RUN_FINISHED`.
   */
  readonly observe = (event: ScenarioEvent, result?: ScenarioResult): void => {
    this.publish(event, result);
  };

  onEvent(event: ScenarioEvent): void {
    // the finished event comes with its result through onRunFinished
    if (event.type !== "SCENARIO_RUN_FINISHED") this.publish(event, undefined);
  }

  onRunFinished(event: ScenarioEvent, result: ScenarioResult): void {
    this.publish(event, result);
  }

  /**
   * Stops taking events, writes and syncs what is buffered, sends what it can
   * until `timeoutMs` (default 5 000) has passed, and returns; the rest stays
   * in the outbox. Later calls return the same report.
   */
  close(options: { timeoutMs?: number } = {}): Promise<DeliveryReport> {
    this.closing ??= this.shutDown(options.timeoutMs ?? 5_000);
    return this.closing;
  }

  private async shutDown(timeoutMs: number): Promise<DeliveryReport> {
    const deadline = Date.now() + timeoutMs;
    clearInterval(this.adoption);
    await this.adopting;
    await this.outbox.flush();
    await this.sender.drain(deadline);
    const pending = await this.outbox.pendingEvents();
    await this.outbox.close();
    const stats = this.sender.stats;
    const reason =
      stats.stopped ??
      stats.lastError ??
      (pending > 0 && Date.now() >= deadline ? `the ${timeoutMs} ms budget ran out` : undefined);
    return {
      delivered: stats.delivered,
      deadLettered: stats.deadLettered,
      pending,
      ...(pending > 0 && reason ? { reason } : {}),
      outboxDir: this.options.outboxDir,
    };
  }

  private publish(event: ScenarioEvent, result: ScenarioResult | undefined): void {
    try {
      if (!this.outbox.append(this.envelopes.serialize(event, result))) this.dropped(event, "the reporter is closed");
    } catch (error) {
      this.dropped(event, (error as Error).message);
    }
  }

  private dropped(event: ScenarioEvent, why: string): void {
    this.failures++;
    // once, then every 100th: a broken event type must not flood the log
    if (this.failures === 1 || this.failures % 100 === 0) {
      this.warn(`rehearse-server reporter: ${event.type} not recorded (${why}); ${this.failures} so far`);
    }
  }

  private adopt(): void {
    this.adopting = this.outbox
      .adopt()
      .catch((error: unknown) => this.warn(`outbox: adopting segments failed: ${(error as Error).message}`));
  }
}
