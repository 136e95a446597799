/**
 * What the view holds of a run's transcript and events, and how pages and
 * live frames merge into it: messages are placed by index and events by seq,
 * so a message or event seen twice (a page and a frame, a resumed stream) is
 * one entry. Pure: the hook in use-run-transcript.ts keeps it in a reducer.
 */
import { type FrameDelta, RUN_FINISHED, type RunEvent, SNAPSHOT, stringField, type WireMessage } from "./run-data";

export interface Transcript {
  /** By index, ascending, each index once. */
  messages: readonly WireMessage[];
  /** By seq, ascending, each key once. */
  events: readonly RunEvent[];
  /** The server has messages after the last contiguous one (its last page said so). */
  moreMessages: boolean;
  /** The server has events after `eventsThrough`. */
  moreEvents: boolean;
  /** The last seq of the event pages read so far (-1 before the first). */
  eventsThrough: number;
}

/** Nothing loaded; `more` says whether the server is to be asked (false for a playback, which starts empty). */
export function emptyTranscript(more = true): Transcript {
  return { messages: [], events: [], moreMessages: more, moreEvents: more, eventsThrough: -1 };
}

/** Messages with these replacing any at the same index. */
export function withMessages(messages: readonly WireMessage[], added: readonly WireMessage[]): readonly WireMessage[] {
  if (added.length === 0) return messages;
  const byIndex = new Map(messages.map((message) => [message.index, message]));
  for (const message of added) byIndex.set(message.index, message);
  return [...byIndex.values()].sort((left, right) => left.index - right.index);
}

/** Events with these replacing any of the same key. */
export function withEvents(events: readonly RunEvent[], added: readonly RunEvent[]): readonly RunEvent[] {
  if (added.length === 0) return events;
  const byKey = new Map(events.map((event) => [event.key, event]));
  for (const event of added) {
    const known = byKey.get(event.key);
    // a live snapshot frame has no timestamp; the stored one has
    byKey.set(event.key, known && event.timestamp === null ? { ...event, timestamp: known.timestamp } : event);
  }
  return [...byKey.values()].sort((left, right) => left.seq - right.seq);
}

/** The index after the last message of the run of indexes starting at 0 (where the next page starts). */
export function contiguousEnd(messages: readonly WireMessage[]): number {
  let next = 0;
  for (const message of messages) {
    if (message.index > next) break;
    if (message.index === next) next += 1;
  }
  return next;
}

/** The messages from index 0 without a gap: what the conversation shows. */
export function shownMessages(transcript: Transcript): readonly WireMessage[] {
  const end = contiguousEnd(transcript.messages);
  return end === transcript.messages.length ? transcript.messages : transcript.messages.filter((message) => message.index < end);
}

/** True when more messages can be read: the server said so, or live frames left a gap. */
export function canLoadMoreMessages(transcript: Transcript): boolean {
  return transcript.moreMessages || contiguousEnd(transcript.messages) < transcript.messages.length;
}

/** A page of messages read from `from`. */
export function addMessagePage(transcript: Transcript, page: readonly WireMessage[], nextFrom: number | null): Transcript {
  return { ...transcript, messages: withMessages(transcript.messages, page), moreMessages: nextFrom !== null };
}

/** A page of events read after `eventsThrough`. */
export function addEventPage(transcript: Transcript, page: readonly RunEvent[], nextAfterSeq: number | null): Transcript {
  const last = page.at(-1)?.seq ?? transcript.eventsThrough;
  return {
    ...transcript,
    events: withEvents(transcript.events, page),
    moreEvents: nextAfterSeq !== null,
    eventsThrough: Math.max(transcript.eventsThrough, last),
  };
}

/** A live or playback frame's delta; a duplicate changes nothing. */
export function addFrame(transcript: Transcript, delta: FrameDelta): Transcript {
  if (delta.messages.length === 0 && !delta.event) return transcript;
  return {
    ...transcript,
    messages: withMessages(transcript.messages, delta.messages),
    events: delta.event ? withEvents(transcript.events, [delta.event]) : transcript.events,
  };
}

/**
 * True while the events read so far stop before the last message shown, so
 * the conversation cannot yet place what happened around it (injections,
 * tool results, detector flags): another page of events is wanted.
 */
export function needsMoreEvents(transcript: Transcript): boolean {
  if (!transcript.moreEvents) return false;
  const shown = shownMessages(transcript);
  const last = shown.at(-1);
  if (!last) return transcript.eventsThrough < 0;
  const indexOf = new Map(shown.map((message) => [message.id, message.index]));
  for (const event of transcript.events) {
    if (event.seq > transcript.eventsThrough) break;
    if (event.type === RUN_FINISHED) return false;
    if (reaches(event, last.index, indexOf)) return false;
  }
  return true;
}

function reaches(event: RunEvent, lastIndex: number, indexOf: ReadonlyMap<string, number>): boolean {
  if (event.type === SNAPSHOT) {
    const offset = typeof event.event.messagesOffset === "number" ? event.event.messagesOffset : 0;
    const count = Array.isArray(event.event.messages) ? event.event.messages.length : 0;
    return count > 0 && offset + count - 1 >= lastIndex;
  }
  const messageId = stringField(event.event, "messageId");
  if (!messageId) return false;
  const index = indexOf.get(messageId);
  // an id not among the shown messages belongs to a later one
  return index === undefined || index >= lastIndex;
}
