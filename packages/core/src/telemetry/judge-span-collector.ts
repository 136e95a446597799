import { ATTR_CONVERSATION_ID, ATTR_THREAD_ID, isAgentCallSpan } from "./attributes.js";
import { type FinishedSpan, parentIdOf, type StartedSpan, type TraceSpanProcessor } from "./span-types.js";

/** How many finished spans of no known thread are kept (server noise, late arrivals); the oldest go first. */
const UNOWNED_LIMIT = 2_000;

/**
 * A span processor that keeps the finished spans of each conversation, so a
 * judge can read what the agent really did (its tool and model calls) in the
 * run it is judging: `getSpansForThread(threadId)`.
 *
 * A span belongs to a thread when it, or an ancestor, carries the thread id
 * (`langwatch.thread.id` or `gen_ai.conversation.id`; Rehearse's run, turn
 * and agent-call spans carry both). Ownership is decided when a span starts
 * (its parent has started before it) and, for spans that arrive finished from
 * elsewhere (an HTTP agent's own export), from their parent when they end.
 * The runner clears a thread's spans when its run ends, so memory does not
 * grow with the number of runs; spans of no known thread are kept up to a
 * bound, oldest dropped first.
 *
 * @example
 * ```ts
 * import { judgeSpanCollector } from "@rehearse/core";
 * const spans = judgeSpanCollector.getSpansForThread(input.threadId);
 * ```
 */
export class JudgeSpanCollector implements TraceSpanProcessor {
  /** Each known span's thread (spans that started here, and finished ones whose thread was found). */
  private readonly threadOfSpan = new Map<string, ThreadRecord>();
  private readonly threads = new Map<string, ThreadRecord>();
  private unowned: FinishedSpan[] = [];
  /** Spans arrive from outside the process (a trace receiver): judges wait for them to settle. */
  private remote: { quietMs: number; maxMs: number; lastAt: number } | undefined;
  private lastAgentCallEndedAt = 0;
  private openReceivers = 0;

  onStart(span: StartedSpan): void {
    // the parent first: most spans have one, and a map lookup is cheaper than reading attributes
    const parentId = span.parentSpanContext?.spanId ?? span.parentSpanId;
    const record = (parentId === undefined ? undefined : this.threadOfSpan.get(parentId)) ?? this.ownRecord(span.attributes);
    if (record === undefined) return;
    const { spanId } = span.spanContext();
    this.threadOfSpan.set(spanId, record);
    record.started.push(spanId);
  }

  onEnd(span: FinishedSpan): void {
    if (this.remote && isAgentCallSpan(span.name)) this.lastAgentCallEndedAt = Date.now();
    const { spanId } = span.spanContext();
    let record = this.threadOfSpan.get(spanId);
    if (record === undefined) {
      record = this.recordOf(span);
      if (record !== undefined) {
        this.threadOfSpan.set(spanId, record);
        record.started.push(spanId);
      }
    }
    if (record === undefined) {
      this.unowned.push(span);
      if (this.unowned.length > UNOWNED_LIMIT) this.unowned = this.unowned.slice(-UNOWNED_LIMIT / 2);
      return;
    }
    record.finished.push(span);
  }

  /**
   * Takes spans that finished elsewhere (an HTTP agent's own OTLP export,
   * through a trace receiver). From then on `settled()` waits for such spans
   * after each agent call: until none arrived for `quietMs` (at most `maxMs`).
   */
  receive(spans: readonly FinishedSpan[], settle: { quietMs: number; maxMs: number }): void {
    this.remote = { ...settle, lastAt: Date.now() };
    for (const span of spans) this.onEnd(span);
  }

  /** A trace receiver stopped: once none is left, judges stop waiting for spans from outside. */
  receiverClosed(): void {
    this.openReceivers = Math.max(0, this.openReceivers - 1);
    if (this.openReceivers === 0) this.remote = undefined;
  }

  /** A trace receiver started (judges wait for its spans from now on, see `receive`). */
  receiverOpened(settle: { quietMs: number; maxMs: number }): void {
    this.openReceivers += 1;
    this.receive([], settle);
  }

  /**
   * Resolves when spans from outside have stopped arriving (at once when none
   * ever arrive in this process): what a judge awaits before reading spans.
   */
  async settled(): Promise<void> {
    const remote = this.remote;
    if (!remote) return;
    const started = Date.now();
    for (;;) {
      const quietSince = Math.max(remote.lastAt, this.lastAgentCallEndedAt);
      const now = Date.now();
      if (now - quietSince >= remote.quietMs || now - started >= remote.maxMs) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(remote.quietMs - (now - quietSince), 25)));
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.threadOfSpan.clear();
    this.threads.clear();
    this.unowned = [];
    return Promise.resolve();
  }

  /**
   * The finished spans of `threadId`, in the order they ended. Spans kept
   * without a thread whose parent turned out to belong to it are adopted now.
   */
  getSpansForThread(threadId: string): FinishedSpan[] {
    if (this.unowned.length > 0) this.adoptUnowned();
    return [...(this.threads.get(threadId)?.finished ?? [])];
  }

  /** Forgets every span of `threadId` (the runner calls it when the run ends). */
  clearSpansForThread(threadId: string): void {
    const record = this.threads.get(threadId);
    if (!record) return;
    for (const spanId of record.started) this.threadOfSpan.delete(spanId);
    this.threads.delete(threadId);
  }

  /** How many spans are held (threads and unowned): what the memory benchmark watches. */
  get size(): number {
    let count = this.unowned.length;
    for (const record of this.threads.values()) count += record.finished.length;
    return count;
  }

  /** The record of the thread a span names itself (`langwatch.thread.id` or `gen_ai.conversation.id`). */
  private ownRecord(attributes: Readonly<Record<string, unknown>> | undefined): ThreadRecord | undefined {
    const own = attributes?.[ATTR_THREAD_ID] ?? attributes?.[ATTR_CONVERSATION_ID];
    if (typeof own !== "string" || own === "") return undefined;
    let record = this.threads.get(own);
    if (record === undefined) {
      record = { started: [], finished: [] };
      this.threads.set(own, record);
    }
    return record;
  }

  /** A finished span's thread: its parent's, or its own attribute's. */
  private recordOf(span: FinishedSpan): ThreadRecord | undefined {
    const parentId = parentIdOf(span);
    return (parentId === undefined ? undefined : this.threadOfSpan.get(parentId)) ?? this.ownRecord(span.attributes);
  }

  /** Unowned spans whose ancestors are now known (children that ended and arrived before their parent). */
  private adoptUnowned(): void {
    let adopted = true;
    while (adopted) {
      adopted = false;
      const waiting: FinishedSpan[] = [];
      for (const span of this.unowned) {
        const record = this.recordOf(span);
        if (record === undefined) {
          waiting.push(span);
          continue;
        }
        adopted = true;
        const { spanId } = span.spanContext();
        this.threadOfSpan.set(spanId, record);
        record.started.push(spanId);
        record.finished.push(span);
      }
      this.unowned = waiting;
    }
  }
}

/** One conversation's spans: ids of those seen (to forget them) and the finished ones. */
interface ThreadRecord {
  started: string[];
  finished: FinishedSpan[];
}

/**
 * The collector `setupTracing` always installs and judges read by default
 * (the reference's singleton of the same name).
 */
export const judgeSpanCollector = new JudgeSpanCollector();
