import { describe, expect, it } from "vitest";
import { estimateTokens } from "./estimate-tokens.js";
import { grepTranscript } from "./grep-transcript.js";
import type { TranscriptEntry } from "./render-transcript.js";

const entry = (index: number, text: string): TranscriptEntry => ({
  index,
  role: index % 2 === 0 ? "user" : "assistant",
  label: index % 2 === 0 ? "user" : "assistant",
  text,
});
const entries = [
  entry(0, "I want a Refund for order 42"),
  entry(1, `${"filler ".repeat(40)}your refund is approved`),
  entry(2, "thanks"),
  entry(3, "Order 7 and order 8 shipped"),
];
const bound = { maxTokens: 2000 };

describe("grepTranscript", () => {
  it("finds a plain substring case-insensitively, with index, role and context", () => {
    const result = grepTranscript(entries, { pattern: "refund" }, bound);
    const [header, first, second, ...rest] = result.split("\n");
    expect(header).toBe('2 matches for case-insensitive substring "refund" in 2 entries:');
    expect(first).toBe("#0 user: I want a Refund for order 42");
    // 80 characters of context before the match: the entry's head is cut, its label is kept.
    expect(second).toBe(`#1 assistant: …ller ${"filler ".repeat(10)}your refund is approved`);
    expect(rest).toEqual([]);
  });

  it("honours caseSensitive", () => {
    expect(grepTranscript(entries, { pattern: "Refund", caseSensitive: true }, bound)).toContain("in 1 entry:");
  });

  it("reads /…/flags as a regex and anything else literally", () => {
    expect(grepTranscript(entries, { pattern: "/order \\d+/" }, bound)).toMatch(
      /^3 matches for regex \/order \\d\+\/gi in 2 entries:/,
    );
    expect(grepTranscript(entries, { pattern: "order \\d+" }, bound)).toMatch(/^No matches/);
    // Invalid regex syntax falls back to searching the text as written.
    expect(grepTranscript([entry(0, "a /(/ b")], { pattern: "/(/" }, bound)).toContain('substring "/(/" in 1 entry');
  });

  it("searches a pattern with nested quantifiers as text instead of risking catastrophic backtracking", () => {
    const result = grepTranscript([entry(0, `${"a".repeat(50_000)}!`)], { pattern: "/(a+)+$/" }, bound);
    expect(result).toMatch(/^No matches for case-insensitive substring "\/\(a\+\)\+\$\/" \(regex with nested quantifiers/);
  });

  it("shows at most maxMatches snippets and counts the rest", () => {
    const many = Array.from({ length: 30 }, (_, index) => entry(index, `needle ${index}`));
    const result = grepTranscript(many, { pattern: "needle" }, { maxTokens: 2000, maxMatches: 5 });
    const lines = result.split("\n");
    expect(lines).toHaveLength(7);
    expect(lines.at(-1)).toBe("25 more matches omitted; narrow the pattern or use expand_transcript.");
  });

  it("stays within maxTokens and counts what the bound left out", () => {
    const many = Array.from({ length: 100 }, (_, index) => entry(index, `needle ${"x".repeat(200)} ${index}`));
    const result = grepTranscript(many, { pattern: "needle" }, { maxTokens: 200, maxMatches: 100 });
    expect(estimateTokens(result)).toBeLessThanOrEqual(200);
    const shown = result.split("\n").filter((line) => line.startsWith("#")).length;
    expect(result).toContain(`${100 - shown} more matches omitted`);
  });

  it("does not repeat a snippet for matches close together in one entry", () => {
    expect(grepTranscript([entry(0, "ab ab ab")], { pattern: "ab" }, bound).split("\n")).toHaveLength(2);
  });

  it("says when nothing matches and describes the entries that exist", () => {
    expect(grepTranscript(entries, { pattern: "zebra" }, bound)).toBe(
      'No matches for case-insensitive substring "zebra". The transcript has 4 entries (#0–#3): 2 user, 2 assistant. Try another pattern or expand_transcript.',
    );
    expect(grepTranscript(entries, { pattern: "" }, bound)).toMatch(/^Error: grep_transcript needs a non-empty pattern/);
  });
});
