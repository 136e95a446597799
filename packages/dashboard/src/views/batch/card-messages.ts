/**
 * The last messages of each card of the live grid. A card's messages are
 * fetched (`GET /api/v1/runs/{id}/messages?from=…`) only while it is on
 * screen, a few at a time, and at most once: after that the live stream
 * keeps them current, and a run that had finished when it was fetched is
 * never fetched again. `refresh()` (after a `resync`, or a poll while the
 * stream is down) forgets what may have been missed for runs still going.
 * Each card subscribes to its own run, so a frame re-renders one card.
 */
import { CARD_MESSAGE_COUNT, type CardMessage, mergeMessages, tailComplete } from "./batch-live";

export interface CardEntry {
  messages: readonly CardMessage[];
  /** The messages are the run's last ones (fetched, or complete from the stream). */
  loaded: boolean;
  /** Fetched after the run had finished: never fetched again. */
  final: boolean;
  /** The last fetch failed (tried again the next time the card comes on screen). */
  failed: boolean;
}

/** What the store needs to know of a run. */
export interface CardRun {
  messageCount: number;
  /** Finished or cancelled: its transcript will not change. */
  settled: boolean;
}

export interface CardMessageOptions {
  fetch: (runId: string, from: number, limit: number) => Promise<CardMessage[]>;
  describe: (runId: string) => CardRun | undefined;
  /** Fetches at once; default 4. */
  concurrency?: number;
}

const EMPTY: CardEntry = { messages: [], loaded: false, final: false, failed: false };

export class CardMessageStore {
  private readonly entries = new Map<string, CardEntry>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly visible = new Set<string>();
  private readonly queue: string[] = [];
  private readonly inFlight = new Set<string>();
  /** Cards to fetch even if their messages look complete (a resync may have skipped some). */
  private readonly stale = new Set<string>();
  private generation = 0;

  constructor(private readonly options: CardMessageOptions) {}

  /** The card's messages now (the same object until they change). */
  entry(runId: string): CardEntry {
    return this.entries.get(runId) ?? EMPTY;
  }

  subscribe(runId: string, listener: () => void): () => void {
    let set = this.listeners.get(runId);
    if (!set) {
      set = new Set();
      this.listeners.set(runId, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The card came on screen: fetch its messages unless known. */
  show(runId: string): void {
    this.visible.add(runId);
    this.consider(runId);
  }

  /** The card left the screen: a fetch not yet started is dropped. */
  hide(runId: string): void {
    this.visible.delete(runId);
  }

  /** New messages from the stream. */
  live(runId: string, messages: readonly CardMessage[]): void {
    const entry = this.entry(runId);
    this.put(runId, { ...entry, messages: mergeMessages(entry.messages, messages) });
    if (!entry.loaded && this.visible.has(runId)) this.consider(runId);
  }

  /**
   * Forgets every card's messages that may have changed unseen (runs not finished when fetched) and
   * refetches those on screen; call it once the rows are reloaded, so fetches start from the new counts.
   */
  refresh(): void {
    this.generation += 1;
    for (const [runId, entry] of this.entries) {
      if (entry.final) continue;
      this.stale.add(runId);
      if (entry.loaded) this.put(runId, { ...entry, loaded: false });
    }
    for (const runId of this.visible) this.consider(runId);
  }

  /** Drops what waits and forgets what is on screen (the grid unmounted); fetches in flight still land. */
  clear(): void {
    this.queue.length = 0;
    this.visible.clear();
  }

  /** Runs being fetched or waiting (for tests). */
  pending(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight.size, queued: this.queue.length };
  }

  private consider(runId: string): void {
    const entry = this.entry(runId);
    if (entry.loaded || this.inFlight.has(runId) || this.queue.includes(runId)) return;
    const run = this.options.describe(runId);
    if (!run) return;
    if (!this.stale.has(runId) && tailComplete(entry.messages, run.messageCount)) {
      this.put(runId, { ...entry, loaded: true, final: run.settled, failed: false });
      return;
    }
    this.queue.push(runId);
    this.pump();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 4;
    while (this.inFlight.size < limit && this.queue.length > 0) {
      const runId = this.queue.shift()!;
      if (this.visible.has(runId)) void this.load(runId);
    }
  }

  private async load(runId: string): Promise<void> {
    const run = this.options.describe(runId);
    if (!run) return;
    const generation = this.generation;
    const from = Math.max(0, run.messageCount - CARD_MESSAGE_COUNT);
    this.inFlight.add(runId);
    try {
      const fetched = await this.options.fetch(runId, from, CARD_MESSAGE_COUNT);
      const entry = this.entry(runId);
      // messages that arrived live during the fetch are as new or newer: they win
      const messages = mergeMessages(fetched, entry.messages);
      const current = generation === this.generation;
      if (current) this.stale.delete(runId);
      this.put(runId, { messages, loaded: current, final: current && run.settled, failed: false });
    } catch {
      this.put(runId, { ...this.entry(runId), failed: true });
    } finally {
      this.inFlight.delete(runId);
    }
    if (generation !== this.generation && this.visible.has(runId)) this.consider(runId);
    this.pump();
  }

  private put(runId: string, entry: CardEntry): void {
    this.entries.set(runId, entry);
    for (const listener of this.listeners.get(runId) ?? []) listener();
  }
}
