import type { IdentifiedMessage } from "../domain/event.js";
import type { ModelMessage } from "../domain/messages.js";
import type { IdGenerator } from "../domain/scenario.js";

/**
 * The conversation of one run, plus each agent's queue of messages it has
 * not been given yet.
 *
 * Messages are copied on the way in (the caller's object is never changed,
 * and changing it later changes nothing here). Each message gets an id the
 * first time anyone asks for it (events, snapshots) and keeps it for the
 * whole run, so unobserved runs never make ids. Queues hold the very objects
 * of the log, so a rollback removes them from every queue by identity.
 */
export class MessageLog {
  private readonly entries: ModelMessage[];
  /** `ids[i]` belongs to `entries[i]`; filled on demand. */
  private readonly ids: Array<string | undefined>;
  private readonly queues: ModelMessage[][];

  constructor(
    agentCount: number,
    private readonly idGenerator: IdGenerator,
    copyFrom?: MessageLog,
  ) {
    if (copyFrom) copyFrom.identified();
    this.entries = copyFrom ? [...copyFrom.entries] : [];
    this.ids = copyFrom ? [...copyFrom.ids] : [];
    this.queues = copyFrom ? copyFrom.queues.map((queue) => [...queue]) : Array.from({ length: agentCount }, () => []);
  }

  get length(): number {
    return this.entries.length;
  }

  /**
   * Appends a copy of `message` and queues it for every agent except
   * `exceptAgentIndex` (the one that produced it). Returns the stored copy.
   * `owned` says the message was made by the engine and nobody else holds
   * it, so it is stored as is.
   */
  add(message: ModelMessage, exceptAgentIndex?: number, owned = false): ModelMessage {
    const stored = owned ? message : ({ ...message } as ModelMessage);
    this.entries.push(stored);
    this.ids.push(undefined);
    for (let index = 0; index < this.queues.length; index++) {
      if (index !== exceptAgentIndex) this.queues[index]?.push(stored);
    }
    return stored;
  }

  /** The stable id of the message at `index` (negative counts from the end). */
  idAt(index: number): string {
    const position = index < 0 ? this.entries.length + index : index;
    let id = this.ids[position];
    if (id === undefined) {
      id = this.idGenerator.next("scenariomsg");
      this.ids[position] = id;
    }
    return id;
  }

  /** A copy of the conversation. */
  messages(): ModelMessage[] {
    return this.entries.slice();
  }

  /** The conversation with stable ids. */
  identified(): IdentifiedMessage[] {
    return this.entries.map((message, index) => ({ id: this.idAt(index), message }));
  }

  at(index: number): ModelMessage | undefined {
    return this.entries.at(index);
  }

  /** Scans from the newest message back; returns the first that matches. */
  findLast(predicate: (message: ModelMessage) => boolean): ModelMessage | undefined {
    for (let index = this.entries.length - 1; index >= 0; index--) {
      const message = this.entries[index] as ModelMessage;
      if (predicate(message)) return message;
    }
    return undefined;
  }

  some(predicate: (message: ModelMessage) => boolean): boolean {
    return this.entries.some(predicate);
  }

  /** Hands agent `agentIndex` its queued messages and empties its queue. */
  takeQueued(agentIndex: number): ModelMessage[] {
    const queue = this.queues[agentIndex] ?? [];
    this.queues[agentIndex] = [];
    return queue;
  }

  /**
   * Removes messages from `index` on (clamped to the length) and purges them
   * from every queue. Throws `RangeError` for a negative index.
   */
  rollbackTo(index: number): ModelMessage[] {
    if (!Number.isInteger(index) || index < 0) {
      throw new RangeError(`rollbackMessagesTo: index must be an integer >= 0, got ${index}`);
    }
    const start = Math.min(index, this.entries.length);
    const removed = this.entries.splice(start);
    this.ids.splice(start);
    if (removed.length === 0) return removed;
    const gone = new Set(removed);
    for (let queueIndex = 0; queueIndex < this.queues.length; queueIndex++) {
      this.queues[queueIndex] = (this.queues[queueIndex] ?? []).filter((message) => !gone.has(message));
    }
    return removed;
  }

  /** An independent copy: same messages and ids, own queues. */
  fork(): MessageLog {
    return new MessageLog(this.queues.length, this.idGenerator, this);
  }
}
