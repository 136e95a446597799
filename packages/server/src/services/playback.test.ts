import { describe, expect, it } from "vitest";
import { runEvents } from "../test-support/events.js";
import { LiveHub, type LiveMessage } from "./live-hub.js";
import { playbackMessages, playbackOffsets, startPlayback } from "./playback.js";

describe("playbackOffsets", () => {
  it("scales the gaps between timestamps by 1/speed", () => {
    expect(playbackOffsets([1000, 1100, 1400], 1)).toEqual([0, 100, 400]);
    expect(playbackOffsets([1000, 1100, 1400], 4)).toEqual([0, 25, 100]);
    expect(playbackOffsets([1000, 1100, 1400], 0.5)).toEqual([0, 200, 800]);
  });

  it("plays everything at once for speed 0, and never goes back in time", () => {
    expect(playbackOffsets([1000, 5000, 9000], 0)).toEqual([0, 0, 0]);
    expect(playbackOffsets([1000, 1300, 1200, 1500], 1)).toEqual([0, 300, 300, 500]);
    expect(playbackOffsets([], 1)).toEqual([]);
  });
});

describe("startPlayback", () => {
  const rows = runEvents({ runId: "r1" }).map((event, index) => ({
    ingest_id: String(index + 1),
    ts: new Date(event.timestamp),
    payload: event as unknown as Record<string, unknown>,
  }));

  it("publishes the run's messages on its topic only, marked as a replay", async () => {
    const hub = new LiveHub();
    const received: LiveMessage[] = [];
    hub.subscribe((message) => received.push(message));
    const messages = playbackMessages("t", "r1", rows, "pb1");
    startPlayback(hub, messages, playbackOffsets([0, 0, 0, 0, 0, 0], 0));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.map((message) => message.playback)).toEqual(rows.map((_, index) => ({ id: "pb1", index })));
    expect(received.every((message) => message.topics.join() === "run:r1" && message.data.replay === true)).toBe(true);
    expect(received.map((message) => message.event)).toEqual([
      "run.state",
      "run.event",
      "run.messages",
      "run.event",
      "run.messages",
      "run.state",
    ]);
  });

  it("stops when the hub closes", async () => {
    const hub = new LiveHub();
    const received: LiveMessage[] = [];
    hub.subscribe((message) => received.push(message));
    startPlayback(hub, playbackMessages("t", "r1", rows, "pb1"), [0, 10_000, 10_000, 10_000, 10_000, 10_000]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    hub.close();
    expect(received).toHaveLength(1);
  });
});
