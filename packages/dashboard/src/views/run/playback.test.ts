/** Playback state: the speed from the URL, frames of this playback only, early frames kept, the end. */
import { describe, expect, it } from "vitest";
import type { LiveFrame } from "../../live/live-connection";
import { initialPlayback, isPlaybackFrame, playbackIdOf, playbackProgress, playbackReducer, playbackSpeed } from "./playback";

const RUN = "run-1";
const reduce = playbackReducer(RUN);

function frame(playbackId: string, index: number, offset: number, text: string): LiveFrame {
  return {
    kind: "run.messages",
    id: `918:${playbackId}:${index}`,
    data: {
      runId: RUN,
      seq: index,
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      offset,
      messages: [{ id: `m${offset}`, role: "user", content: text }],
      replay: true,
      playbackId,
    } as LiveFrame["data"],
  };
}

describe("playback", () => {
  it("reads the speed from the URL", () => {
    expect(["1", "4", "instant", "", "2"].map(playbackSpeed)).toEqual([1, 4, 0, undefined, undefined]);
  });

  it("tells playback frames from live ones", () => {
    const played = frame("k3J9", 0, 0, "hi");
    expect(isPlaybackFrame(played)).toBe(true);
    expect(playbackIdOf(played)).toBe("k3J9");
    expect(isPlaybackFrame({ kind: "run.event", id: "918", data: { runId: RUN } })).toBe(false);
  });

  it("starts empty and adds the messages as their frames arrive, in order, until all came", () => {
    let state = reduce(initialPlayback(), { type: "restart" });
    expect(state.transcript.messages).toHaveLength(0);
    state = reduce(state, { type: "started", playbackId: "p1", events: 2, durationMs: 10 });
    state = reduce(state, { type: "frame", frame: frame("p1", 0, 0, "first") });
    expect(state.transcript.messages.map((message) => message.content)).toEqual(["first"]);
    expect(state.phase).toBe("playing");
    expect(playbackProgress(state)).toBe(0.5);
    state = reduce(state, { type: "frame", frame: frame("p1", 1, 1, "second") });
    expect(state.transcript.messages.map((message) => message.content)).toEqual(["first", "second"]);
    expect(state.phase).toBe("done");
  });

  it("keeps frames that came before the server named the playback, and only its own", () => {
    let state = reduce(initialPlayback(), { type: "starting" });
    state = reduce(state, { type: "frame", frame: frame("other", 0, 0, "someone else's") });
    state = reduce(state, { type: "frame", frame: frame("mine", 0, 0, "early") });
    state = reduce(state, { type: "started", playbackId: "mine", events: 1, durationMs: 0 });
    expect(state.transcript.messages.map((message) => message.content)).toEqual(["early"]);
    expect(state.phase).toBe("done");
    expect(state.early).toEqual([]);
  });

  it("ignores live frames and another playback's frames", () => {
    let state = reduce(initialPlayback(), { type: "started", playbackId: "mine", events: 3, durationMs: 0 });
    state = reduce(state, { type: "frame", frame: frame("theirs", 0, 0, "x") });
    state = reduce(state, {
      type: "frame",
      frame: { kind: "run.event", id: "77", data: { runId: RUN, seq: 1, type: "user_input", event: {} } },
    });
    expect(state.received).toBe(0);
  });

  it("starts over on restart", () => {
    let state = reduce(initialPlayback(), { type: "started", playbackId: "p", events: 1, durationMs: 0 });
    state = reduce(state, { type: "frame", frame: frame("p", 0, 0, "x") });
    state = reduce(state, { type: "restart" });
    expect(state).toMatchObject({ phase: "connecting", received: 0, attempt: 1 });
    expect(state.transcript.messages).toHaveLength(0);
  });
});
