/**
 * The server's one ingest writer. Requests hand their validated events to
 * `submit`; the queue flushes them in micro-batches, one transaction at a
 * time, and answers each request with its own accepted and duplicate ids.
 * Batches form on their own: while a flush is in the database the next
 * requests wait, and the next flush takes all of them (built ahead once
 * `maxEvents` are waiting). An idle writer flushes at once (after the
 * requests read in the same turn of the event loop, or `lingerMilliseconds`
 * when set), so a lone request is not held back.
 * Row-at-a-time inserts cap near 2k events/s; statements of hundreds of rows
 * reach 11-14k/s (platform research §4.8). One writer per database also keeps
 * global ingest ids visible in order, which SSE resume relies on.
 */
import type { IngestEvent } from "@rehearse/core/events";
import type { Database } from "../store/database.js";
import { type PendingEvent, type PreparedWrite, prepareWrite, type WriteResult, writePrepared } from "../store/event-writer.js";

/** What happened to one request's events. */
export interface SubmitResult {
  accepted: number;
  duplicates: string[];
}

/** Told after each committed flush (live streams, metrics). */
export type CommitListener = (result: WriteResult) => void;

interface Submission {
  tenantId: string;
  events: IngestEvent[];
  resolve: (result: SubmitResult) => void;
  reject: (error: unknown) => void;
}

export interface IngestQueueOptions {
  /** Waiting events that make a full flush (default 500). */
  maxEvents?: number;
  /** How long an idle writer waits for more requests before a partial flush (default 0). */
  lingerMilliseconds?: number;
  onCommit?: CommitListener;
  /** Measures each flush (metrics). */
  onFlush?: (events: number, seconds: number) => void;
}

/** A flush taken from the waiting requests, its statements built. */
interface Flush {
  batch: Submission[];
  owner: Map<string, Submission>;
  prepared: PreparedWrite;
}

export class IngestQueue {
  private waiting: Submission[] = [];
  private waitingEvents = 0;
  /** Cancels the armed linger, when one is armed. */
  private disarm: (() => void) | undefined;
  /** The flush the database is writing, if any. */
  private writing: Promise<void> | undefined;
  /** A full flush built while another was writing; it starts when that one ends. */
  private next: Flush | undefined;
  private closed = false;
  private readonly maxEvents: number;
  private readonly lingerMilliseconds: number;

  constructor(
    private readonly database: Database,
    private readonly options: IngestQueueOptions = {},
  ) {
    this.maxEvents = options.maxEvents ?? 500;
    this.lingerMilliseconds = options.lingerMilliseconds ?? 0;
  }

  /** Stores `events` for `tenantId`; settles when their flush committed (rejects when it failed). */
  submit(tenantId: string, events: IngestEvent[]): Promise<SubmitResult> {
    if (this.closed) return Promise.reject(new Error("the server is shutting down"));
    return new Promise<SubmitResult>((resolve, reject) => {
      this.waiting.push({ tenantId, events, resolve, reject });
      this.waitingEvents += events.length;
      this.schedule();
    });
  }

  /** Stops taking events and waits until everything submitted is written. */
  async close(): Promise<void> {
    this.closed = true;
    this.disarm?.();
    this.disarm = undefined;
    while (this.writing || this.waiting.length > 0) {
      if (!this.writing) this.write(this.take());
      await this.writing;
    }
  }

  /**
   * Idle: a full flush starts now, a partial one after the linger. Writing: a
   * full flush is built now (CPU work that overlaps the database's), the rest
   * waits for the write to end.
   */
  private schedule(): void {
    if (this.writing) {
      if (!this.next && this.waitingEvents >= this.maxEvents) this.next = this.take();
      return;
    }
    if (this.waitingEvents >= this.maxEvents) {
      this.disarm?.();
      this.disarm = undefined;
      this.write(this.take());
      return;
    }
    if (this.disarm) return;
    const flush = () => {
      this.disarm = undefined;
      if (!this.writing && this.waiting.length > 0) this.write(this.take());
    };
    if (this.lingerMilliseconds > 0) {
      const timer = setTimeout(flush, this.lingerMilliseconds);
      this.disarm = () => clearTimeout(timer);
    } else {
      // no linger: right after the requests already read in this turn of the event loop
      const immediate = setImmediate(flush);
      this.disarm = () => clearImmediate(immediate);
    }
  }

  /** Takes every waiting request into one flush: the first occurrence of an id is written, later ones are duplicates. */
  private take(): Flush | undefined {
    const batch = this.waiting;
    this.waiting = [];
    this.waitingEvents = 0;
    const owner = new Map<string, Submission>();
    const pending: PendingEvent[] = [];
    for (const submission of batch) {
      for (const event of submission.events) {
        const key = `${submission.tenantId}\u0000${event.eventId.toLowerCase()}`;
        if (owner.has(key)) continue;
        owner.set(key, submission);
        pending.push({ tenantId: submission.tenantId, event });
      }
    }
    try {
      return { batch, owner, prepared: prepareWrite(pending) };
    } catch (error) {
      // events that passed validation but cannot be written: their requests fail (503), nothing is lost silently
      for (const submission of batch) submission.reject(error);
      return undefined;
    }
  }

  private write(flush: Flush | undefined): void {
    if (!flush) return;
    this.writing = this.commit(flush).finally(() => {
      this.writing = undefined;
      const next = this.next;
      this.next = undefined;
      // what waited during the write goes now: it has lingered long enough
      if (next) this.write(next);
      else if (this.waiting.length > 0) this.write(this.take());
    });
  }

  private async commit({ batch, owner, prepared }: Flush): Promise<void> {
    const started = performance.now();
    let result: WriteResult;
    try {
      result = await writePrepared(this.database, prepared);
    } catch (error) {
      for (const submission of batch) submission.reject(error);
      return;
    }
    this.options.onFlush?.(prepared.pending.length, (performance.now() - started) / 1000);
    const fresh = new Set(result.inserted.map((row) => `${row.tenantId}\u0000${row.eventId}`));
    for (const submission of batch) {
      const outcome: SubmitResult = { accepted: 0, duplicates: [] };
      for (const event of submission.events) {
        const key = `${submission.tenantId}\u0000${event.eventId.toLowerCase()}`;
        if (fresh.has(key) && owner.get(key) === submission) {
          outcome.accepted += 1;
          fresh.delete(key);
        } else {
          outcome.duplicates.push(event.eventId);
        }
      }
      submission.resolve(outcome);
    }
    try {
      this.options.onCommit?.(result);
    } catch {
      // a listener's failure must not turn a committed write into an error
    }
  }
}
