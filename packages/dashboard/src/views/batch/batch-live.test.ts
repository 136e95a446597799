import { describe, expect, it } from "vitest";
import type { LiveFrame } from "../../live/live-connection";
import {
  applyFrameToRow,
  flatMetadata,
  frameMessages,
  mergeMessages,
  messagePreview,
  type RowChange,
  tailComplete,
} from "./batch-live";
import type { RunRow } from "./batch-rows";
import { runRow } from "./run-row-fixture";

const base = { runId: "r1", batchId: "b1", setId: "default" };
const options = { counters: true, now: Date.parse("2026-01-01T00:00:05Z") };

function frame(kind: string, data: Partial<LiveFrame["data"]>): LiveFrame {
  return { kind, id: "1", data: { ...base, seq: 1, ...data } };
}

function row(change: RowChange): RunRow {
  if (change.kind !== "row") throw new Error(`expected a row, got ${change.kind}`);
  return change.row;
}

const running = runRow({
  runId: "r1",
  state: "running",
  status: null,
  verdict: null,
  durationMs: null,
  turns: 0,
  messageCount: 2,
});

const started = frame("run.state", {
  type: "SCENARIO_RUN_STARTED",
  event: {
    type: "SCENARIO_RUN_STARTED",
    timestamp: Date.parse("2026-01-01T00:00:02Z"),
    scenarioId: "refund",
    batchRunId: "b1",
    metadata: { name: "Refund request", description: "d", model: "gpt-x", nested: { no: 1 } },
    seed: 7,
  },
});

describe("applyFrameToRow", () => {
  it("adds a run the page has not seen from its started frame", () => {
    const created = row(applyFrameToRow(undefined, started, options));
    expect(created).toMatchObject({
      runId: "r1",
      batchId: "b1",
      scenarioId: "refund",
      name: "Refund request",
      state: "running",
      status: null,
      seed: 7,
      messageCount: 0,
      startedAt: "2026-01-01T00:00:02.000Z",
      metadata: { model: "gpt-x" },
    });
  });

  it("reports any other frame of an unknown run, so the caller can fetch it", () => {
    expect(applyFrameToRow(undefined, frame("run.messages", { offset: 0, messages: [] }), options)).toEqual({
      kind: "unknown",
      runId: "r1",
    });
  });

  it("settles a run from its finished frame: outcome, verdict, criteria and the measured summary", () => {
    const finished = frame("run.state", {
      type: "SCENARIO_RUN_FINISHED",
      event: {
        type: "SCENARIO_RUN_FINISHED",
        status: "FAILED",
        timestamp: Date.parse("2026-01-01T00:00:09Z"),
        results: { verdict: "failure", metCriteria: ["a"], unmetCriteria: ["b", "c"] },
        summary: { durationMs: 1234.4, turns: 3, usage: { inputTokens: 5, outputTokens: 6, costUsd: 0.5 }, labels: ["x"] },
      },
    });
    expect(row(applyFrameToRow(running, finished, options))).toMatchObject({
      state: "finished",
      status: "fail",
      verdict: "failure",
      metCriteriaCount: 1,
      unmetCriteriaCount: 2,
      durationMs: 1234,
      turns: 3,
      usage: { inputTokens: 5, outputTokens: 6, costUsd: 0.5 },
      labels: ["x"],
      finishedAt: "2026-01-01T00:00:09.000Z",
      lastEventAt: "2026-01-01T00:00:09.000Z",
    });
  });

  it("prefers the event's own outcome; a cancelled run is an error in the cancelled state", () => {
    const outcome = frame("run.state", {
      event: { type: "SCENARIO_RUN_FINISHED", status: "ERROR", outcome: "skipped", timestamp: 1 },
    });
    expect(row(applyFrameToRow(running, outcome, options)).status).toBe("skipped");
    const cancelled = frame("run.state", { event: { type: "SCENARIO_RUN_FINISHED", status: "CANCELLED", timestamp: 1 } });
    expect(row(applyFrameToRow(running, cancelled, options))).toMatchObject({ state: "cancelled", status: "error" });
    const pending = frame("run.state", { event: { type: "SCENARIO_RUN_FINISHED", status: "PENDING", timestamp: 1 } });
    expect(row(applyFrameToRow(running, pending, options))).toMatchObject({ state: "running", status: null });
  });

  it("grows the message count by the frame's offset and messages, never shrinks it", () => {
    const more = frame("run.messages", { offset: 2, messages: [{ role: "user" }, { role: "assistant" }] });
    expect(row(applyFrameToRow(running, more, options)).messageCount).toBe(4);
    const old = frame("run.messages", { offset: 0, messages: [{ role: "user" }] });
    expect(row(applyFrameToRow(running, old, options)).messageCount).toBe(2);
  });

  it("counts domain events, and leaves counters alone when told to", () => {
    const injection = frame("run.event", { event: { type: "injection", timestamp: 1 } });
    const toolError = frame("run.event", { event: { type: "action_response", error: "boom", timestamp: 1 } });
    const turn = frame("run.event", { event: { type: "turn_started", turn: 4, timestamp: 1 } });
    let current = row(applyFrameToRow(running, injection, options));
    current = row(applyFrameToRow(current, toolError, options));
    current = row(applyFrameToRow(current, turn, options));
    expect(current.counters).toMatchObject({ injections: 1, toolErrors: 1 });
    expect(current.turns).toBe(5);
    const quiet = row(applyFrameToRow(running, injection, { ...options, counters: false }));
    expect(quiet.counters.injections).toBe(0);
  });

  it("brings a stalled, queued or interrupted run to running on any frame, and ignores resync and playback frames", () => {
    const stalled = { ...running, state: "stalled" as const };
    expect(row(applyFrameToRow(stalled, frame("run.messages", { offset: 2, messages: [] }), options)).state).toBe("running");
    expect(applyFrameToRow(running, frame("resync", {}), options)).toEqual({ kind: "none" });
    // a launched run the page saw queued (or interrupted, waiting for its next attempt) has started
    for (const state of ["queued", "interrupted"] as const) {
      expect(row(applyFrameToRow({ ...running, state }, started, options)).state).toBe("running");
    }
    const replay = frame("run.messages", { offset: 0, messages: [] });
    (replay.data as Record<string, unknown>).replay = true;
    expect(applyFrameToRow(running, replay, options)).toEqual({ kind: "none" });
  });
});

describe("card messages", () => {
  it("indexes a frame's messages from its offset", () => {
    const indexed = frameMessages(
      frame("run.messages", {
        offset: 5,
        messages: [
          { id: "a", role: "user", content: "hi" },
          { id: "b", role: "assistant" },
        ],
      }),
    );
    expect(indexed.map((message) => message.index)).toEqual([5, 6]);
  });

  it("places messages by index: a repeated or full snapshot never duplicates, the last three stay", () => {
    const first = mergeMessages(
      [],
      [
        { index: 0, role: "user", content: "a" },
        { index: 1, role: "assistant", content: "b" },
      ],
    );
    const again = mergeMessages(first, [
      { index: 0, role: "user", content: "a" },
      { index: 1, role: "assistant", content: "b2" },
      { index: 2, role: "user", content: "c" },
      { index: 3, role: "assistant", content: "d" },
    ]);
    expect(again.map((message) => [message.index, message.content])).toEqual([
      [1, "b2"],
      [2, "c"],
      [3, "d"],
    ]);
  });

  it("knows when it already holds a run's last messages", () => {
    const tail = [
      { index: 2, role: "user" },
      { index: 3, role: "assistant" },
      { index: 4, role: "user" },
    ];
    expect(tailComplete(tail, 5)).toBe(true);
    expect(tailComplete(tail, 6)).toBe(false);
    expect(tailComplete([], 0)).toBe(true);
    expect(tailComplete([{ index: 0, role: "user" }], 1)).toBe(true);
    expect(tailComplete([{ index: 1, role: "user" }], 2)).toBe(false);
  });

  it("previews a message as who and what, tool calls by name", () => {
    expect(messagePreview({ index: 0, role: "user", content: "  hello\n there " })).toEqual({ who: "User", text: "hello there" });
    expect(messagePreview({ index: 1, role: "assistant", toolCalls: [{ function: { name: "lookup" } }] })).toEqual({
      who: "Agent",
      text: "calls lookup",
    });
    expect(messagePreview({ index: 2, role: "tool", content: "{}" }).who).toBe("Tool");
  });
});

describe("flatMetadata", () => {
  it("keeps scalar values only, bounded as the server's summary rows", () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`k${String(index).padStart(2, "0")}`, index]));
    expect(Object.keys(flatMetadata(many))).toHaveLength(20);
    const kept = flatMetadata({
      name: "n",
      description: "d",
      long: "x".repeat(300),
      nested: { a: 1 },
      flag: true,
      ["y".repeat(65)]: 1,
    });
    expect(kept).toEqual({ flag: true, long: "x".repeat(200) });
    expect(Object.keys(flatMetadata(JSON.parse('{"__proto__": "p"}')))).toEqual(["__proto__"]);
  });
});
