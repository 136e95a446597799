import { describe, expect, it } from "vitest";
import { elideMiddle, estimateTokens, joinWithinTokens, textUnits, truncateToTokens } from "./estimate-tokens.js";

describe("estimateTokens", () => {
  it("counts four ASCII characters a token, rounding up", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("hello")).toBe(2);
    expect(estimateTokens("x".repeat(4000))).toBe(1000);
  });

  it("counts non-ASCII characters as a token each", () => {
    expect(estimateTokens("日本語")).toBe(3);
    expect(estimateTokens("é".repeat(10))).toBe(10);
    expect(textUnits("aé")).toBe(5);
  });
});

describe("truncateToTokens", () => {
  it("returns text that fits unchanged", () => {
    expect(truncateToTokens("short", 10)).toBe("short");
  });

  it("cuts text to the bound and appends the marker", () => {
    const result = truncateToTokens("a".repeat(1000), 10, "[CUT]");
    expect(result.endsWith("[CUT]")).toBe(true);
    expect(estimateTokens(result)).toBeLessThanOrEqual(10);
    expect(result.length).toBe(40);
  });

  it("never splits a surrogate pair and stays within the bound for non-ASCII", () => {
    const result = truncateToTokens("😀".repeat(100), 7, "");
    expect(estimateTokens(result)).toBeLessThanOrEqual(7);
    // Each emoji is two code units (2 tokens): 3 fit in 7, and the 4th is not half-kept.
    expect(result).toBe("😀😀😀");
  });

  it("cuts the marker itself when even it does not fit", () => {
    expect(estimateTokens(truncateToTokens("a".repeat(100), 1, "[TRUNCATED]"))).toBeLessThanOrEqual(1);
  });
});

describe("joinWithinTokens", () => {
  const lines = Array.from({ length: 50 }, (_, index) => `line ${index} ${"x".repeat(30)}`);

  it("keeps whole leading lines and reports how many were left out", () => {
    const result = joinWithinTokens(lines, 60, (omitted) => `${omitted} omitted`);
    expect(estimateTokens(result)).toBeLessThanOrEqual(60);
    const kept = result.split("\n").slice(0, -1);
    expect(kept.every((line, index) => line === lines[index])).toBe(true);
    expect(result.split("\n").at(-1)).toBe(`${50 - kept.length} omitted`);
  });

  it("still asks the footer when everything fits", () => {
    expect(joinWithinTokens(["a", "b"], 100, (omitted) => `footer ${omitted}`)).toBe("a\nb\nfooter 0");
  });
});

describe("elideMiddle", () => {
  it("keeps both ends and names the omitted positions", () => {
    const lines = Array.from({ length: 100 }, (_, index) => `entry ${index}`);
    const result = elideMiddle(lines, 40, (omitted, first, last) => `… ${omitted} omitted (${first}-${last})`);
    expect(estimateTokens(result)).toBeLessThanOrEqual(40);
    const parts = result.split("\n");
    expect(parts[0]).toBe("entry 0");
    expect(parts.at(-1)).toBe("entry 99");
    const note = parts.find((part) => part.startsWith("…"));
    const [, omitted, first, last] = note?.match(/… (\d+) omitted \((\d+)-(\d+)\)/) ?? [];
    expect(Number(omitted)).toBe(parts.length - 1 === 0 ? 100 : 100 - (parts.length - 1));
    expect(parts).toContain(`entry ${Number(first) - 1}`);
    expect(parts).toContain(`entry ${Number(last) + 1}`);
    expect(parts).not.toContain(`entry ${first}`);
  });
});
