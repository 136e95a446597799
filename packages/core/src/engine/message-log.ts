import type { IdentifiedMessage } from "../domain/event.js";
import type { ModelMessage } from "../domain/messages.js";
import type { IdGenerator } from "../domain/scenario.js";

/**
 * The conversation of one run, plus what each agent has not been given yet.
 *
 * Messages are copied on the way in (the caller's object is never changed,
 * and changing it later changes nothing here). Each message gets an id the
 * first time anyone asks for it (events, snapshots) and keeps it for the
 * whole run, so unobserved runs never make ids. An agent's queue is the
 * messages after the last it was handed, less its own replies: a position
 * per agent and the sender of each message, not a list per agent, so a run
 * in flight holds two small arrays instead of one growing list per agent.
 */
export class MessageLog {
  private readonly entries: ModelMessage[];
  /** `senders[i]`: the agent whose reply `entries[i]` is (never queued for it), or -1. */
  private readonly senders: number[];
  /** `ids[i]` belongs to `entries[i]`; made, and filled, on demand. */
  private ids: Array<string | undefined> | undefined;
  /** Agent `a` has been handed the messages before `delivered[a]`. */
  private readonly delivered: number[];
  /**
   * How many of agent `a`'s own messages may lie after `delivered[a]` (an upper bound). An agent's
   * reply usually lands right at its position, which then simply moves past it; only a reply
   * after messages the agent has not seen yet is counted, and filtered out at its next take.
   */
  private readonly ownAhead: number[];

  constructor(
    agentCount: number,
    private readonly idGenerator: IdGenerator,
    copyFrom?: MessageLog,
  ) {
    if (copyFrom) copyFrom.identified();
    this.entries = copyFrom ? [...copyFrom.entries] : [];
    this.senders = copyFrom ? [...copyFrom.senders] : [];
    this.ids = copyFrom?.ids ? [...copyFrom.ids] : undefined;
    // sized once (a push from empty reserves 17 slots: 152 bytes a list, held by every run in flight)
    this.delivered = copyFrom ? [...copyFrom.delivered] : new Array<number>(agentCount).fill(0);
    this.ownAhead = copyFrom ? [...copyFrom.ownAhead] : new Array<number>(agentCount).fill(0);
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
    const position = this.entries.length;
    this.entries.push(stored);
    this.senders.push(exceptAgentIndex ?? -1);
    if (exceptAgentIndex !== undefined && exceptAgentIndex < this.delivered.length) {
      if (this.delivered[exceptAgentIndex] === position) this.delivered[exceptAgentIndex] = position + 1;
      else (this.ownAhead[exceptAgentIndex] as number)++;
    }
    return stored;
  }

  /** The stable id of the message at `index` (negative counts from the end). */
  idAt(index: number): string {
    const position = index < 0 ? this.entries.length + index : index;
    this.ids ??= [];
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
    const from = this.delivered[agentIndex];
    if (from === undefined) return [];
    const { entries, senders } = this;
    this.delivered[agentIndex] = entries.length;
    // the common case is a plain copy: no scan whose compare runs only in later turns
    if (this.ownAhead[agentIndex] === 0) return entries.slice(from);
    this.ownAhead[agentIndex] = 0;
    const queued: ModelMessage[] = [];
    for (let index = from; index < entries.length; index++) {
      if (senders[index] !== agentIndex) queued.push(entries[index] as ModelMessage);
    }
    return queued;
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
    this.senders.length = start;
    if (this.ids && this.ids.length > start) this.ids.length = start;
    // what was not handed out before `start` stays queued; what was removed is no longer anyone's
    for (let agent = 0; agent < this.delivered.length; agent++) {
      if ((this.delivered[agent] as number) > start) this.delivered[agent] = start;
    }
    return removed;
  }

  /** An independent copy: same messages and ids, own queues. */
  fork(): MessageLog {
    return new MessageLog(this.delivered.length, this.idGenerator, this);
  }
}
