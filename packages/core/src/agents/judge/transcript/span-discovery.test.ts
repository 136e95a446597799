import { describe, expect, it } from "vitest";
import { estimateTokens } from "./estimate-tokens.js";
import { EXPAND_SPANS_TRUNCATED_MARKER, expandSpans, findSpans, grepSpans } from "./span-discovery.js";
import type { JudgeSpan } from "./spans.js";

const spans: JudgeSpan[] = [
  { spanId: "root000000000001", name: "agent.run", startTime: "2026-01-01T00:00:00.000Z", durationMs: 3200 },
  {
    spanId: "tool000000000003",
    parentSpanId: "root000000000001",
    name: "tool.lookup",
    status: "error",
    errorMessage: "order not found",
    attributes: { "order.id": "42", big: "big text ".repeat(600) },
    events: [{ name: "exception", attributes: { type: "NotFound" } }],
  },
  { spanId: "tool000000000004", parentSpanId: "root000000000001", name: "tool.refund", attributes: { "order.id": "42" } },
];

describe("findSpans", () => {
  it("matches full ids exactly, else by prefix, brackets ignored", () => {
    expect(findSpans(spans, "[root0000]").map((span) => span.name)).toEqual(["agent.run"]);
    expect(findSpans(spans, "tool0000")).toHaveLength(2);
    expect(findSpans(spans, "tool000000000003")).toHaveLength(1);
    expect(findSpans(spans, "")).toEqual([]);
  });
});

describe("expandSpans", () => {
  it("shows everything about a span: parent, timing, status, attributes, events, children", () => {
    const root = expandSpans(spans, ["root0000"], { maxTokens: 4000 });
    expect(root).toBe(
      [
        "[root0000] agent.run",
        "span id: root000000000001",
        "start: 2026-01-01T00:00:00.000Z | duration: 3.2s",
        "children: [tool0000] tool.lookup, [tool0000] tool.refund",
      ].join("\n"),
    );
    const tool = expandSpans(spans, ["tool000000000003"], { maxTokens: 4000 });
    expect(tool).toContain("span id: tool000000000003 | parent: [root0000] agent.run");
    expect(tool).toContain("status: error — order not found");
    expect(tool).toContain(`  big: ${"big text ".repeat(600)}`);
    expect(tool).toContain('  • exception {"type":"NotFound"}');
  });

  it("names unknown ids and lists known spans", () => {
    expect(expandSpans(spans, ["nope"], { maxTokens: 4000 })).toBe(
      '[no span matches "nope"; known spans: [root0000] agent.run, [tool0000] tool.lookup, [tool0000] tool.refund]',
    );
  });

  it("cuts at the bound with a marker asking for fewer spans", () => {
    const result = expandSpans(spans, ["tool0000"], { maxTokens: 300 });
    expect(result.endsWith(EXPAND_SPANS_TRUNCATED_MARKER)).toBe(true);
    expect(estimateTokens(result)).toBeLessThanOrEqual(300);
  });
});

describe("grepSpans", () => {
  it("returns matching spans with the matching lines in context", () => {
    expect(grepSpans(spans, "NOTFOUND", { maxTokens: 4000 })).toBe(
      ['1 span match case-insensitive substring "NOTFOUND":', "[tool0000] tool.lookup", '  • exception {"type":"NotFound"}'].join(
        "\n",
      ),
    );
  });

  it("accepts a regex and caps the number of spans shown", () => {
    const result = grepSpans(spans, "/order\\.id: \\d+/", { maxTokens: 4000, maxMatches: 1 });
    expect(result.split("\n")).toEqual([
      "2 spans match regex /order\\.id: \\d+/gi:",
      "[tool0000] tool.lookup",
      "  order.id: 42",
      "1 more matching spans omitted; narrow the pattern or use expand_trace.",
    ]);
  });

  it("stays within maxTokens", () => {
    const many: JudgeSpan[] = Array.from({ length: 200 }, (_, index) => ({
      spanId: `s${index}`,
      name: `needle ${"n".repeat(300)}`,
    }));
    const result = grepSpans(many, "needle", { maxTokens: 300, maxMatches: 200 });
    expect(estimateTokens(result)).toBeLessThanOrEqual(300);
    expect(result).toMatch(/\d+ more matching spans omitted/);
  });

  it("lists the span names when nothing matches", () => {
    expect(grepSpans(spans, "zebra", { maxTokens: 4000 })).toBe(
      'No spans match case-insensitive substring "zebra". 3 spans exist, named: agent.run, tool.lookup, tool.refund.',
    );
  });
});
