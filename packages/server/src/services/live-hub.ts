/**
 * Live notifications inside one server: after each committed ingest write,
 * subscribers of the topics it touched (tenant, set, batch, run) get a
 * delta. Ids are the global ingest ids of the events, so a client that
 * reconnects with `Last-Event-ID` resumes from the `events` table. The hub
 * also carries playback (stored events re-emitted on `run:<id>`) and ends
 * every stream when the server closes.
 */
import type { IngestEvent } from "@rehearse/core/events";
import type { WriteResult } from "../store/event-writer.js";

/** The kinds of live messages (the SSE `event:` field). */
export type LiveEventKind = "run.event" | "run.state" | "run.messages" | "batch.counts";

/** One live message. */
export interface LiveMessage {
  /** The event's global ingest id (the SSE id of a live frame). */
  id: number;
  tenantId: string;
  /** `tenant`, `set:<id>`, `batch:<id>`, `run:<id>`. */
  topics: string[];
  event: LiveEventKind;
  /** The delta: the new event, or a snapshot's new messages; never a whole transcript. */
  data: Record<string, unknown>;
  /** Set on playback messages: their frames get playback ids (live-protocol.ts) and are never deduplicated. */
  playback?: { id: string; index: number };
}

export type LiveListener = (message: LiveMessage) => void;

/** Live-stream policy; tests shorten the times and lower the caps. */
export interface LiveHubOptions {
  /** A comment line this often keeps proxies from closing idle streams; default 15 s. */
  heartbeatMilliseconds?: number;
  /** A resume that would replay more events than this answers `resync`; default 5 000. */
  resumeMaxEvents?: number;
  /** …or whose oldest missed event is older than this; default 10 minutes. */
  resumeMaxAgeMilliseconds?: number;
  /** A connection this far behind (a client that stopped reading) is dropped; default 10 000 frames. */
  maxQueuedFrames?: number;
}

/** Topic names. */
export const topic = {
  tenant: () => "tenant",
  set: (id: string) => `set:${id}`,
  batch: (id: string) => `batch:${id}`,
  run: (id: string) => `run:${id}`,
};

/** The SSE event kind of a stored event's type. */
export function liveKind(type: string): LiveEventKind {
  if (type === "SCENARIO_MESSAGE_SNAPSHOT") return "run.messages";
  return type.startsWith("SCENARIO_RUN_") ? "run.state" : "run.event";
}

/**
 * The live message of one stored event. A snapshot sends only the messages
 * it carried and where they start (`offset`): the reporter's snapshots are
 * deltas, so these are the new ones; every other event is sent whole.
 */
export function liveMessageOf(tenantId: string, event: IngestEvent, ingestId: number): LiveMessage {
  const kind = liveKind(event.type);
  const base = {
    runId: event.scenarioRunId,
    batchId: event.batchRunId,
    setId: event.scenarioSetId,
    seq: event.seq,
    type: event.type,
  };
  const data =
    event.type === "SCENARIO_MESSAGE_SNAPSHOT"
      ? { ...base, offset: event.messagesOffset ?? 0, messages: event.messages }
      : { ...base, event };
  return {
    id: ingestId,
    tenantId,
    topics: [topic.tenant(), topic.set(event.scenarioSetId), topic.batch(event.batchRunId), topic.run(event.scenarioRunId)],
    event: kind,
    data,
  };
}

export class LiveHub {
  private readonly listeners = new Set<LiveListener>();
  private readonly closers = new Set<() => void>();
  private closed = false;
  private last = 0;
  readonly settings: Required<LiveHubOptions>;

  constructor(options: LiveHubOptions = {}) {
    this.settings = {
      heartbeatMilliseconds: options.heartbeatMilliseconds ?? 15_000,
      resumeMaxEvents: options.resumeMaxEvents ?? 5_000,
      resumeMaxAgeMilliseconds: options.resumeMaxAgeMilliseconds ?? 600_000,
      maxQueuedFrames: options.maxQueuedFrames ?? 10_000,
    };
  }

  /**
   * Adds a listener and, optionally, what to do when the hub closes; returns
   * the function that removes both. After `close()` the listener is not
   * added and `onClose` runs at once.
   */
  subscribe(listener: LiveListener, onClose?: () => void): () => void {
    if (this.closed) {
      onClose?.();
      return () => undefined;
    }
    this.listeners.add(listener);
    const removeCloser = onClose ? this.onClose(onClose) : () => undefined;
    return () => {
      this.listeners.delete(listener);
      removeCloser();
    };
  }

  /** Runs `callback` when the hub closes (a playback's timer, a stream's end); returns the function that forgets it. */
  onClose(callback: () => void): () => void {
    if (this.closed) {
      callback();
      return () => undefined;
    }
    this.closers.add(callback);
    return () => this.closers.delete(callback);
  }

  get size(): number {
    return this.listeners.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The newest ingest id published (or stored before this server started:
   * the server seeds it with `advance`). Every message published later has
   * a higher id, so a new connection starts from here without a query.
   */
  get lastId(): number {
    return this.last;
  }

  /** Moves `lastId` forward (never back). */
  advance(id: number): void {
    if (id > this.last) this.last = id;
  }

  /** Sends a message to every listener (each decides whether the tenant and topics are its own). */
  publish(message: LiveMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // one broken connection must not stop the others
      }
    }
  }

  /** The messages of one committed write: each new event on its run's topics. */
  committed(result: WriteResult): void {
    for (const row of result.inserted) this.advance(row.ingestId);
    if (this.listeners.size === 0) return;
    const ingestIds = new Map(result.inserted.map((row) => [`${row.tenantId}\u0000${row.eventId}`, row.ingestId]));
    const messages: LiveMessage[] = [];
    for (const { tenantId, event } of result.stored) {
      const id = ingestIds.get(`${tenantId}\u0000${event.eventId.toLowerCase()}`);
      if (id !== undefined) messages.push(liveMessageOf(tenantId, event, id));
    }
    // in id order: a connection skips ids it has already sent, so a lower id after a higher one would be lost
    messages.sort((left, right) => left.id - right.id);
    for (const message of messages) this.publish(message);
  }

  /** Ends every stream and playback; later subscribers end at once. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    const closers = [...this.closers];
    this.closers.clear();
    for (const callback of closers) {
      try {
        callback();
      } catch {
        // closing one stream must not keep the others open
      }
    }
  }
}
