/** Merging pages and live frames into the transcript: by index and seq, no duplicates, gaps left for "load more". */
import { describe, expect, it } from "vitest";
import type { LiveFrame } from "../../live/live-connection";
import { deltaOfFrame } from "./run-data";
import { fixtureEvents, fixtureMessages } from "./run-fixture";
import {
  addEventPage,
  addFrame,
  addMessagePage,
  canLoadMoreMessages,
  contiguousEnd,
  emptyTranscript,
  needsMoreEvents,
  shownMessages,
} from "./transcript-state";

const RUN = "run-1";

function messagesFrame(offset: number, messages: Array<Record<string, unknown>>, seq: number): LiveFrame {
  return {
    kind: "run.messages",
    id: String(100 + seq),
    data: { runId: RUN, seq, type: "SCENARIO_MESSAGE_SNAPSHOT", offset, messages },
  };
}

function eventFrame(seq: number, type: string, event: Record<string, unknown>): LiveFrame {
  return {
    kind: "run.event",
    id: String(100 + seq),
    data: { runId: RUN, seq, type, event: { type, seq, timestamp: 1_000 + seq, ...event } },
  };
}

const wire = (index: number) => {
  const { index: _index, ...message } = fixtureMessages[index] as (typeof fixtureMessages)[number];
  return message as Record<string, unknown>;
};

describe("live frames", () => {
  it("places messages by index: a frame seen twice (resumed stream, page and frame) adds nothing", () => {
    let transcript = addMessagePage(emptyTranscript(), fixtureMessages.slice(0, 2), null);
    const frame = messagesFrame(2, [wire(2), wire(3)], 10);
    transcript = addFrame(transcript, deltaOfFrame(frame, RUN));
    const again = addFrame(transcript, deltaOfFrame(frame, RUN));
    expect(again.messages.map((message) => message.index)).toEqual([0, 1, 2, 3]);
    expect(again.events.map((event) => event.seq)).toEqual([10]);
  });

  it("takes a whole snapshot (offset 0, LangWatch style) without duplicating what is there", () => {
    let transcript = addMessagePage(emptyTranscript(), fixtureMessages.slice(0, 3), null);
    transcript = addFrame(transcript, deltaOfFrame(messagesFrame(0, [0, 1, 2, 3, 4].map(wire), 4), RUN));
    expect(transcript.messages.map((message) => message.id)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
  });

  it("keeps events in seq order whatever order they arrive in, once each", () => {
    let transcript = emptyTranscript();
    for (const frame of [eventFrame(5, "injection", {}), eventFrame(3, "user_input", {}), eventFrame(5, "injection", {})])
      transcript = addFrame(transcript, deltaOfFrame(frame, RUN));
    expect(transcript.events.map((event) => `${event.seq} ${event.type}`)).toEqual(["3 user_input", "5 injection"]);
  });

  it("ignores frames of another run", () => {
    const other: LiveFrame = {
      ...eventFrame(1, "user_input", {}),
      data: { ...eventFrame(1, "user_input", {}).data, runId: "other" },
    };
    const transcript = emptyTranscript();
    expect(addFrame(transcript, deltaOfFrame(other, RUN))).toBe(transcript);
  });

  it("shows only messages without a gap; the gap is what 'load more' reads", () => {
    let transcript = addMessagePage(emptyTranscript(), fixtureMessages.slice(0, 2), 2);
    transcript = addFrame(transcript, deltaOfFrame(messagesFrame(6, [wire(6), wire(7)], 19), RUN));
    expect(shownMessages(transcript).map((message) => message.index)).toEqual([0, 1]);
    expect(contiguousEnd(transcript.messages)).toBe(2);
    expect(canLoadMoreMessages(transcript)).toBe(true);
    transcript = addMessagePage(transcript, fixtureMessages.slice(2, 6), null);
    expect(shownMessages(transcript)).toHaveLength(8);
    expect(canLoadMoreMessages(transcript)).toBe(false);
  });

  it("keeps the stored time of an event a snapshot frame repeats without one", () => {
    let transcript = addEventPage(emptyTranscript(), fixtureEvents.slice(0, 4), null);
    transcript = addFrame(transcript, deltaOfFrame(messagesFrame(0, [wire(0)], 3), RUN));
    expect(transcript.events[3]?.timestamp).toBe(fixtureEvents[3]?.timestamp);
  });
});

describe("needsMoreEvents", () => {
  it("wants the first page before anything is shown", () => {
    expect(needsMoreEvents(emptyTranscript())).toBe(true);
  });

  it("wants more while the events read stop before the last message shown", () => {
    const shown = addMessagePage(emptyTranscript(), fixtureMessages, null);
    expect(needsMoreEvents(addEventPage(shown, fixtureEvents.slice(0, 8), 7))).toBe(true);
    expect(needsMoreEvents(addEventPage(shown, fixtureEvents.slice(0, 19), 18))).toBe(false);
  });

  it("stops when the server has no more", () => {
    const shown = addMessagePage(emptyTranscript(), fixtureMessages, null);
    expect(needsMoreEvents(addEventPage(shown, fixtureEvents.slice(0, 3), null))).toBe(false);
  });
});
