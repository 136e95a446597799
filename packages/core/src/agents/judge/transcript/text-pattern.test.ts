import { describe, expect, it } from "vitest";
import { compilePattern, MAX_REGEX_SEARCH_CHARACTERS, snippetAround } from "./text-pattern.js";

describe("compilePattern", () => {
  it("treats regex metacharacters in a plain pattern literally", () => {
    const pattern = compilePattern("a.b (c)?");
    expect(pattern?.matches("axb c | A.B (C)?", 10)).toEqual([{ start: 8, end: 16 }]);
  });

  it("honours regex flags and ignores g/y", () => {
    expect(compilePattern("/^b/m", true)?.matches("a\nb\nB", 10)).toEqual([{ start: 2, end: 3 }]);
    expect(compilePattern("/x/gy")?.description).toBe("regex /x/gi");
  });

  it("skips empty matches instead of looping", () => {
    expect(compilePattern("/a*/")?.matches("baab", 10)).toEqual([{ start: 1, end: 3 }]);
  });

  it("searches only the head of a very long text with a regex", () => {
    const text = `${"x".repeat(MAX_REGEX_SEARCH_CHARACTERS)}needle`;
    expect(compilePattern("/needle/")?.matches(text, 1)).toEqual([]);
    expect(compilePattern("needle")?.matches(text, 1)).toHaveLength(1);
  });

  it("rejects an empty pattern", () => {
    expect(compilePattern("")).toBeUndefined();
  });
});

describe("snippetAround", () => {
  it("keeps context on both sides, on one line, with ellipses where cut", () => {
    expect(snippetAround("0123456789\nabcdefghij", { start: 10, end: 11 }, 3)).toBe("…789 abc…");
    expect(snippetAround("abc", { start: 0, end: 3 }, 3)).toBe("abc");
  });
});
