import { describe, expect, it } from "vitest";
import { parseTopics, playbackEventId, resumePoint, sseFrame, topicIds } from "./live-protocol.js";

describe("parseTopics", () => {
  it("accepts the four kinds, comma-separated or repeated, without duplicates", () => {
    const parsed = parseTopics(["tenant,run:r1", "batch:b 1, set:s:1", "run:r1"]);
    expect("topics" in parsed && [...parsed.topics]).toEqual(["tenant", "run:r1", "batch:b 1", "set:s:1"]);
    expect("topics" in parsed && topicIds(parsed.topics)).toEqual({
      tenant: true,
      sets: ["s:1"],
      batches: ["b 1"],
      runs: ["r1"],
    });
  });

  it("names what is wrong", () => {
    expect(parseTopics([])).toEqual({ error: expect.stringContaining("at least one topic") });
    expect(parseTopics(["runs:r1"])).toEqual({ error: expect.stringContaining('"runs:r1" is not a topic') });
    expect(parseTopics(["tenants"])).toEqual({ error: expect.stringContaining("is not a topic") });
    expect(parseTopics(["run:"])).toEqual({ error: expect.stringContaining("the id must be") });
    expect(parseTopics([`run:${"x".repeat(201)}`])).toEqual({ error: expect.stringContaining("the id must be") });
    expect(parseTopics(["run:a\u0001"])).toEqual({ error: expect.stringContaining("the id must be") });
    expect(parseTopics([Array.from({ length: 51 }, (_, index) => `run:${index}`).join(",")])).toEqual({
      error: "at most 50 topics per connection",
    });
  });
});

describe("SSE ids", () => {
  it("resumes from a live id or from the live part of a playback id", () => {
    expect(resumePoint("918273")).toBe(918273);
    expect(resumePoint(playbackEventId(918273, "k3J9xQaB", 17))).toBe(918273);
    expect(resumePoint(undefined)).toBeUndefined();
    expect(resumePoint("")).toBeUndefined();
    expect(resumePoint("abc")).toBeUndefined();
    expect(resumePoint("12abc")).toBeUndefined();
    expect(resumePoint("-1")).toBeUndefined();
  });

  it("keeps playback ids apart from live ids", () => {
    expect(playbackEventId(5, "p", 0)).toBe("5:p:0");
    expect(/^\d+$/.test(playbackEventId(5, "p", 0))).toBe(false);
  });
});

describe("sseFrame", () => {
  it("writes id, event and one data line, ended by a blank line", () => {
    expect(sseFrame({ id: 7, event: "run.state", data: '{"a":1}' })).toBe('id: 7\nevent: run.state\ndata: {"a":1}\n\n');
    expect(sseFrame({ event: "resync", data: "{}" })).toBe("event: resync\ndata: {}\n\n");
  });
});
