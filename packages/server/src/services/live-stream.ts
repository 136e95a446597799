/**
 * One live-stream connection, from the first frame to its end. The order of
 * the steps is what makes resume exact: subscribe to the hub first and
 * buffer, then replay what the client missed from the `events` table, then
 * send the buffered messages newer than the last one replayed, then go live.
 * A connection never sends a live id twice, nor one lower than it sent (ids
 * only grow: one ingest writer), so nothing is duplicated and, as every
 * message after the subscription is buffered, nothing is skipped.
 */
import type { Database } from "../store/database.js";
import { eventsAfter, missedSummary, type StoredRow } from "../store/live-queries.js";
import type { LiveHub, LiveMessage } from "./live-hub.js";
import { liveMessageOf } from "./live-hub.js";
import { HEARTBEAT_FRAME, playbackEventId, RETRY_FRAME, sseFrame, type TopicSet, topicIds } from "./live-protocol.js";
import type { RunView } from "./read-redaction.js";
import type { ServerMetrics } from "./server-metrics.js";

/** Where frames go: Hono's SSE stream fits. */
export interface LiveSink {
  write(chunk: Uint8Array | string): Promise<unknown>;
  onAbort(listener: () => void): void;
}

export interface LiveStreamRequest {
  hub: LiveHub;
  database: Database;
  metrics: ServerMetrics;
  tenantId: string;
  topics: TopicSet;
  /** From `Last-Event-ID`: replay the events after this id first. */
  resumeFrom: number | undefined;
  now: () => number;
  /** Drops the connection of a client that stopped reading (closes its socket). */
  disconnect?: () => void;
  /** How this caller sees run data (read-time redaction); absent: as stored. */
  view?: RunView;
}

/** Rows per resume query. */
const RESUME_PAGE = 500;

const encoder = new TextEncoder();
/** A live frame is the same bytes for every connection: encoded once per message. */
const encodedFrames = new WeakMap<LiveMessage, Uint8Array>();

function liveFrame(message: LiveMessage): Uint8Array {
  let bytes = encodedFrames.get(message);
  if (!bytes) {
    bytes = encoder.encode(sseFrame({ id: message.id, event: message.event, data: JSON.stringify(message.data) }));
    encodedFrames.set(message, bytes);
  }
  return bytes;
}

type Chunk = Uint8Array | string;

/** Frames as one chunk. */
function joined(chunks: readonly Chunk[]): Uint8Array {
  return Buffer.concat(chunks.map((chunk) => (typeof chunk === "string" ? encoder.encode(chunk) : chunk)));
}

/** Serves one connection; settles when it ended (client gone, hub closed, or the client fell too far behind). */
export async function serveLiveStream(sink: LiveSink, request: LiveStreamRequest): Promise<void> {
  const { hub, database, metrics, tenantId, topics } = request;
  const settings = hub.settings;
  let ended = false;
  let endedSignal: () => void = () => undefined;
  const endedPromise = new Promise<void>((resolve) => {
    endedSignal = resolve;
  });
  // the last live id sent (or known to be seen): lower or equal ids are never sent
  let cursor = hub.lastId;
  let buffering = true;
  const buffered: LiveMessage[] = [];
  const queue: Chunk[] = [];
  let pumping = false;

  // frames queued in the same turn (one commit's events) or while a write was in flight go as one chunk:
  // each write costs several promise hops through web streams, so a busy server writes less often
  const pump = async () => {
    while (queue.length > 0 && !ended) await sink.write(queue.length === 1 ? (queue.pop() as Chunk) : joined(queue.splice(0)));
    pumping = false;
  };
  const enqueue = (chunk: Chunk) => {
    if (ended) return;
    if (queue.length >= settings.maxQueuedFrames) {
      // the client stopped reading; it reconnects with Last-Event-ID and resumes from the table
      queue.length = 0;
      end();
      request.disconnect?.();
      return;
    }
    queue.push(chunk);
    if (pumping) return;
    pumping = true;
    setImmediate(pump);
  };
  const view = request.view?.redacted ? request.view : undefined;
  // a redacted view's frames are this connection's own; others share the bytes every connection sends
  const shown = (message: LiveMessage) => (view ? view.show(String(message.data.runId ?? ""), message.data) : message.data);
  const deliver = (message: LiveMessage) => {
    if (message.playback) {
      enqueue(
        sseFrame({
          id: playbackEventId(cursor, message.playback.id, message.playback.index),
          event: message.event,
          data: JSON.stringify(shown(message)),
        }),
      );
    } else {
      if (message.id <= cursor) return;
      cursor = message.id;
      enqueue(
        view ? sseFrame({ id: message.id, event: message.event, data: JSON.stringify(shown(message)) }) : liveFrame(message),
      );
    }
    metrics.sseEventsSent.inc();
  };

  // declared before subscribing: a hub that is already closed ends the stream inside `subscribe`
  let unsubscribe = () => undefined as unknown;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  function end() {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearInterval(heartbeat);
    endedSignal();
  }
  unsubscribe = hub.subscribe((message) => {
    if (message.tenantId !== tenantId || !message.topics.some((name) => topics.has(name))) return;
    if (buffering) buffered.push(message);
    else deliver(message);
  }, end);
  if (!ended) {
    heartbeat = setInterval(() => enqueue(HEARTBEAT_FRAME), settings.heartbeatMilliseconds);
    heartbeat.unref?.();
  }
  sink.onAbort(end);
  metrics.sseConnections.inc();
  try {
    enqueue(RETRY_FRAME);
    cursor = request.resumeFrom === undefined ? hub.lastId : await catchUp(request.resumeFrom);
    if (!ended) {
      buffering = false;
      for (const message of buffered.splice(0)) deliver(message);
    }
    await endedPromise;
  } catch {
    // the database went away (the server is closing): end the stream, the client reconnects
  } finally {
    end();
    metrics.sseConnections.dec();
  }

  /** Replays what was missed after `from`, or sends `resync`; returns the new cursor. */
  async function catchUp(from: number): Promise<number> {
    const filter = topicIds(topics);
    const reason = await resyncReason(from);
    if (reason) {
      // live resumes from the newest id published; everything up to it the client refetches
      const latest = hub.lastId;
      enqueue(sseFrame({ id: latest, event: "resync", data: JSON.stringify({ reason, lastEventId: latest }) }));
      metrics.sseEventsSent.inc();
      return latest;
    }
    cursor = from;
    for (;;) {
      const rows: StoredRow[] = await database.forTenant(tenantId, (executor) =>
        eventsAfter(executor, tenantId, filter, cursor, RESUME_PAGE),
      );
      for (const row of rows) deliver(liveMessageOf(tenantId, row.payload as never, Number(row.ingest_id)));
      if (rows.length < RESUME_PAGE || ended) return cursor;
    }
  }

  /** Why a resume from `from` cannot replay: too many missed, too old, or an id this database never gave. */
  async function resyncReason(from: number): Promise<string | undefined> {
    if (from > hub.lastId) return "unknown_id";
    const missed = await database.forTenant(tenantId, (executor) =>
      missedSummary(executor, tenantId, topicIds(topics), from, settings.resumeMaxEvents),
    );
    if (missed.count > settings.resumeMaxEvents) return "too_many_missed";
    if (missed.oldest !== null && request.now() - missed.oldest.getTime() > settings.resumeMaxAgeMilliseconds) return "too_old";
    return undefined;
  }
}
