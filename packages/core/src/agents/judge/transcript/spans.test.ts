import { describe, expect, it } from "vitest";
import { formatDuration, formatTime, isErrorSpan, spanDetailLines, spanDurationMs, spanLabel, timeMs } from "./spans.js";

describe("span helpers", () => {
  it("labels a span by its 8-character id prefix", () => {
    expect(spanLabel({ spanId: "a1b2c3d4e5f60718", name: "agent.run" })).toBe("[a1b2c3d4] agent.run");
  });

  it("reads ISO times and epoch numbers in ms, µs or ns", () => {
    const ms = Date.parse("2026-01-01T00:00:00.000Z");
    expect(timeMs("2026-01-01T00:00:00.000Z")).toBe(ms);
    expect(timeMs(ms)).toBe(ms);
    expect(timeMs(ms * 1000)).toBe(ms);
    expect(timeMs(ms * 1_000_000)).toBe(ms);
    expect(timeMs("yesterday")).toBeUndefined();
    expect(formatTime(1e300)).toBe("1e+300");
  });

  it("prefers durationMs, else computes end minus start", () => {
    expect(spanDurationMs({ spanId: "a", name: "n", durationMs: 5, startTime: 0, endTime: 100 })).toBe(5);
    expect(spanDurationMs({ spanId: "a", name: "n", startTime: 1000, endTime: 1250 })).toBe(250);
    expect(spanDurationMs({ spanId: "a", name: "n", startTime: 1000 })).toBeUndefined();
  });

  it("formats durations for reading", () => {
    expect([formatDuration(850), formatDuration(1250), formatDuration(125_000)]).toEqual(["850ms", "1.25s", "2m 5s"]);
  });

  it("treats a span with an error message as failed", () => {
    expect(isErrorSpan({ spanId: "a", name: "n", errorMessage: "boom" })).toBe(true);
    expect(isErrorSpan({ spanId: "a", name: "n", status: "ok" })).toBe(false);
  });

  it("renders attributes and events on one line each, media truncated", () => {
    const image = `data:image/png;base64,${Buffer.alloc(900).toString("base64")}`;
    const lines = spanDetailLines({
      spanId: "a1b2c3d4e5",
      name: "n",
      attributes: { "input.value": "line one\nline two", image, count: 3 },
      events: [{ name: "retry", time: "2026-01-01T00:00:00Z", attributes: { attempt: 2 } }],
    });
    expect(lines).toEqual([
      'input.value: "line one\\nline two"',
      "image: [IMAGE: image/png, ~900 bytes]",
      "count: 3",
      '• retry @ 2026-01-01T00:00:00.000Z {"attempt":2}',
    ]);
  });
});
