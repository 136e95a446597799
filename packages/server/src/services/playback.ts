/**
 * Playback: a run's stored events re-emitted on its `run:<id>` topic with the
 * original spacing (from the events' timestamps) divided by `speed`, or all
 * at once for speed 0. Each message keeps its live kind and data, adds
 * `replay: true` and the playback id, and gets a playback SSE id
 * (live-protocol.ts) so it can never be taken for a live one. Pure read:
 * nothing is stored. The hub's close cancels a playback in progress.
 */
import type { IngestEvent } from "@rehearse/core/events";
import type { StoredRow } from "../store/live-queries.js";
import { type LiveHub, type LiveMessage, liveMessageOf, topic } from "./live-hub.js";

/** The fastest playback. */
export const MAX_PLAYBACK_SPEED = 100;

/** When each event plays, in milliseconds from the start: timestamp gaps ÷ speed (0: all at once). */
export function playbackOffsets(timestamps: readonly number[], speed: number): number[] {
  const first = timestamps[0] ?? 0;
  // a timestamp earlier than the previous one (clock skew between processes) plays right after it
  let previous = 0;
  return timestamps.map((timestamp) => {
    const offset = speed === 0 ? 0 : Math.max(previous, (timestamp - first) / speed);
    previous = offset;
    return Math.round(offset);
  });
}

/** The playback messages of a run's stored events, in seq order. */
export function playbackMessages(tenantId: string, runId: string, rows: readonly StoredRow[], playbackId: string): LiveMessage[] {
  return rows.map((row, index) => {
    const message = liveMessageOf(tenantId, row.payload as unknown as IngestEvent, Number(row.ingest_id));
    return {
      ...message,
      topics: [topic.run(runId)],
      data: { ...message.data, replay: true, playbackId },
      playback: { id: playbackId, index },
    };
  });
}

/** Publishes `messages` at `offsets` (same length); returns the function that stops early. */
export function startPlayback(
  hub: LiveHub,
  messages: readonly LiveMessage[],
  offsets: readonly number[],
  clock: { now: () => number } = { now: () => performance.now() },
): () => void {
  const started = clock.now();
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    forget();
  };
  const forget = hub.onClose(stop);
  const tick = () => {
    timer = undefined;
    if (stopped) return;
    // every message that is due goes now; one timer at a time, re-armed for the next
    const elapsed = clock.now() - started;
    while (next < messages.length && (offsets[next] ?? 0) <= elapsed) hub.publish(messages[next++] as LiveMessage);
    if (next >= messages.length) return stop();
    timer = setTimeout(tick, Math.max(0, (offsets[next] ?? 0) - (clock.now() - started)));
  };
  timer = setTimeout(tick, 0);
  return stop;
}
