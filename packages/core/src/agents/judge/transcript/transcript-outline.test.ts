import { describe, expect, it } from "vitest";
import { estimateTokens } from "./estimate-tokens.js";
import type { TranscriptEntry } from "./render-transcript.js";
import { outlineLine, transcriptOutline } from "./transcript-outline.js";

const entry = (index: number, text: string): TranscriptEntry => ({
  index,
  role: index % 2 === 0 ? "user" : "assistant",
  label: index % 2 === 0 ? "user" : "assistant",
  text,
});

describe("transcriptOutline", () => {
  it("shows every entry, short ones whole and long ones previewed with their length", () => {
    const outline = transcriptOutline([entry(0, "hi"), entry(1, `long\n${"a".repeat(200)}`)], { maxTokens: 1000 });
    expect(outline).toBe(`#0 user: hi\n#1 assistant: long ${"a".repeat(75)}… (205 chars)`);
  });

  it("stays within the bound for 5 000 messages of 2 000 characters, keeping both ends", () => {
    const entries = Array.from({ length: 5000 }, (_, index) => entry(index, `message ${index} `.padEnd(2000, "z")));
    const maxTokens = 4096;
    const outline = transcriptOutline(entries, { maxTokens });
    expect(estimateTokens(outline)).toBeLessThanOrEqual(maxTokens);
    const lines = outline.split("\n");
    expect(lines[0]).toMatch(/^#0 user: message 0 z+… \(2000 chars\)$/);
    expect(lines.at(-1)).toMatch(/^#4999 assistant: message 4999 /);
    const note = lines.find((line) => line.startsWith("…"));
    const [, omitted, from, to] =
      note?.match(/^… (\d+) entries omitted \(#(\d+)–#(\d+)\); use grep_transcript or expand_transcript/) ?? [];
    expect(Number(omitted)).toBe(5000 - (lines.length - 1));
    expect(Number(to) - Number(from) + 1).toBe(Number(omitted));
    expect(outline).toContain(`#${Number(from) - 1} `);
    expect(outline).not.toContain(`#${from} `);
  });

  it("stays within even a tiny bound", () => {
    const entries = Array.from({ length: 100 }, (_, index) => entry(index, "x".repeat(500)));
    expect(estimateTokens(transcriptOutline(entries, { maxTokens: 5 }))).toBeLessThanOrEqual(5);
  });
});

describe("outlineLine", () => {
  it("flattens whitespace so each entry takes one line", () => {
    expect(outlineLine(entry(3, "a\n\n  b"))).toBe("#3 assistant: a b");
  });
});
