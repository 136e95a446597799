import { describe, expect, it } from "vitest";
import { estimateTokens } from "./estimate-tokens.js";
import { EXPAND_TRUNCATED_MARKER, expandTranscript, parseEntrySelection } from "./expand-transcript.js";
import type { TranscriptEntry } from "./render-transcript.js";

const entries: TranscriptEntry[] = Array.from({ length: 20 }, (_, index) => ({
  index,
  role: "user",
  label: "user",
  text: `entry ${index} ${"w".repeat(index === 7 ? 10_000 : 20)}`,
}));

describe("parseEntrySelection", () => {
  it("reads numbers, ranges and #-prefixed strings, deduplicated, clamped to what exists", () => {
    expect(parseEntrySelection([3, "5-6", "#8", "6", "18-99", "2..1"], 20)).toEqual({
      indices: [3, 5, 6, 8, 18, 19, 1, 2],
      invalid: [],
    });
  });

  it("lists what it cannot use and never allocates a huge range", () => {
    const { indices, invalid } = parseEntrySelection([-1, 2.5, "abc", "40-50", "0-1000000000"], 20);
    expect(invalid).toEqual(["-1", "2.5", "abc", "40-50"]);
    expect(indices).toHaveLength(20);
  });
});

describe("expandTranscript", () => {
  it("returns the full text of the chosen entries", () => {
    const result = expandTranscript(entries, { indices: [1, "3-4"] }, { maxTokens: 1000 });
    expect(result).toBe([1, 3, 4].map((index) => `#${index} user: entry ${index} ${"w".repeat(20)}`).join("\n\n"));
  });

  it("names unknown entries with the range that exists", () => {
    expect(expandTranscript(entries, { indices: [2, 99] }, { maxTokens: 1000 })).toContain(
      "[no such entries: 99; entries are #0–#19]",
    );
  });

  it("cuts at the bound with a marker asking for fewer entries", () => {
    const result = expandTranscript(entries, { indices: ["0-19"] }, { maxTokens: 500 });
    expect(result.endsWith(EXPAND_TRUNCATED_MARKER)).toBe(true);
    expect(estimateTokens(result)).toBeLessThanOrEqual(500);
    expect(result.startsWith("#0 user: entry 0")).toBe(true);
  });
});
