import { ATTR_CONVERSATION_ID, ATTR_THREAD_ID, INVOKE_AGENT } from "./attributes.js";
import { type FinishedSpan, parentIdOf, type StartedSpan, type TraceSpanProcessor } from "./span-types.js";

const INVOKE_AGENT_PREFIX = `${INVOKE_AGENT} `;

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
  private readonly threadOfSpan = new Map<string, string>();
  private readonly spansOfThread = new Map<string, FinishedSpan[]>();
  private readonly startedOfThread = new Map<string, string[]>();
  private unowned: FinishedSpan[] = [];
  /** Spans arrive from outside the process (a trace receiver): judges wait for them to settle. */
  private remote: { quietMs: number; maxMs: number; lastAt: number } | undefined;
  private lastAgentCallEndedAt = 0;

  onStart(span: StartedSpan): void {
    const thread = this.ownerOf(span.attributes, parentIdOf(span));
    if (thread === undefined) return;
    const { spanId } = span.spanContext();
    this.threadOfSpan.set(spanId, thread);
    const started = this.startedOfThread.get(thread);
    if (started) started.push(spanId);
    else this.startedOfThread.set(thread, [spanId]);
  }

  onEnd(span: FinishedSpan): void {
    if (this.remote && span.name.startsWith(INVOKE_AGENT_PREFIX)) this.lastAgentCallEndedAt = Date.now();
    const { spanId } = span.spanContext();
    let thread = this.threadOfSpan.get(spanId);
    if (thread === undefined) {
      thread = this.ownerOf(span.attributes, parentIdOf(span));
      if (thread !== undefined) this.threadOfSpan.set(spanId, thread);
    }
    if (thread === undefined) {
      this.unowned.push(span);
      if (this.unowned.length > UNOWNED_LIMIT) this.unowned = this.unowned.slice(-UNOWNED_LIMIT / 2);
      return;
    }
    const spans = this.spansOfThread.get(thread);
    if (spans) spans.push(span);
    else this.spansOfThread.set(thread, [span]);
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
    this.spansOfThread.clear();
    this.startedOfThread.clear();
    this.unowned = [];
    return Promise.resolve();
  }

  /**
   * The finished spans of `threadId`, in the order they ended. Spans kept
   * without a thread whose parent turned out to belong to it are adopted now.
   */
  getSpansForThread(threadId: string): FinishedSpan[] {
    if (this.unowned.length > 0) this.adoptUnowned();
    return [...(this.spansOfThread.get(threadId) ?? [])];
  }

  /** Forgets every span of `threadId` (the runner calls it when the run ends). */
  clearSpansForThread(threadId: string): void {
    for (const span of this.spansOfThread.get(threadId) ?? []) this.threadOfSpan.delete(span.spanContext().spanId);
    for (const spanId of this.startedOfThread.get(threadId) ?? []) this.threadOfSpan.delete(spanId);
    this.spansOfThread.delete(threadId);
    this.startedOfThread.delete(threadId);
  }

  /** How many spans are held (threads and unowned): what the memory benchmark watches. */
  get size(): number {
    let count = this.unowned.length;
    for (const spans of this.spansOfThread.values()) count += spans.length;
    return count;
  }

  private ownerOf(attributes: Readonly<Record<string, unknown>> | undefined, parentId: string | undefined): string | undefined {
    const own = attributes?.[ATTR_THREAD_ID] ?? attributes?.[ATTR_CONVERSATION_ID];
    if (typeof own === "string" && own !== "") return own;
    return parentId === undefined ? undefined : this.threadOfSpan.get(parentId);
  }

  /** Unowned spans whose ancestors are now known (children that ended and arrived before their parent). */
  private adoptUnowned(): void {
    let adopted = true;
    while (adopted) {
      adopted = false;
      const waiting: FinishedSpan[] = [];
      for (const span of this.unowned) {
        const thread = this.ownerOf(span.attributes, parentIdOf(span));
        if (thread === undefined) {
          waiting.push(span);
          continue;
        }
        adopted = true;
        this.threadOfSpan.set(span.spanContext().spanId, thread);
        const spans = this.spansOfThread.get(thread);
        if (spans) spans.push(span);
        else this.spansOfThread.set(thread, [span]);
      }
      this.unowned = waiting;
    }
  }
}

/**
 * The collector `setupTracing` always installs and judges read by default
 * (the reference's singleton of the same name).
 */
export const judgeSpanCollector = new JudgeSpanCollector();
