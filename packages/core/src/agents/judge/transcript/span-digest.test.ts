import { describe, expect, it } from "vitest";
import { estimateTokens } from "./estimate-tokens.js";
import { LARGE_TRACE_HINT, spanDigest } from "./span-digest.js";
import type { JudgeSpan } from "./spans.js";

const spans: JudgeSpan[] = [
  {
    spanId: "tool000000000003",
    parentSpanId: "root000000000001",
    name: "tool.lookup",
    startTime: 1300,
    durationMs: 20,
    status: "error",
    errorMessage: "order\nnot found",
    attributes: { "order.id": "42" },
  },
  { spanId: "root000000000001", name: "agent.run", startTime: 0, endTime: 3200 },
  {
    spanId: "llm0000000000002",
    parentSpanId: "root000000000001",
    name: "llm.call",
    startTime: 100,
    durationMs: 1100,
    attributes: { model: "gpt-4o", prompt: "p".repeat(400) },
  },
  {
    spanId: "http000000000004",
    parentSpanId: "llm0000000000002",
    name: "http.post",
    startTime: 150,
    durationMs: 900,
    attributes: { body: "p".repeat(400) },
  },
];

describe("spanDigest", () => {
  it("draws the tree by start time with durations, errors, attributes and an errors section", () => {
    expect(spanDigest(spans, { maxTokens: 4000 }).split("\n")).toEqual([
      "Spans: 4 | Total duration: 3.2s | Errors: 1",
      "[root0000] agent.run (3.2s)",
      "├── [llm00000] llm.call (1.1s)",
      "│   │   model: gpt-4o",
      `│   │   prompt: ${"p".repeat(300)}… (400 chars)`,
      "│   └── [http0000] http.post (900ms)",
      "│           body: [repeated 400 chars, as in [llm00000] prompt]",
      "└── [tool0000] tool.lookup (20ms) ⚠ ERROR: order not found",
      "        order.id: 42",
      "",
      "=== ERRORS ===",
      "[tool0000] tool.lookup: order not found",
    ]);
  });

  it("falls back to the structure only, with a hint, when details do not fit", () => {
    const digest = spanDigest(spans, { maxTokens: 120 });
    expect(digest).toContain(LARGE_TRACE_HINT);
    expect(digest).toContain("│   └── [http0000] http.post (900ms)");
    expect(digest).not.toContain("model: gpt-4o");
    expect(estimateTokens(digest)).toBeLessThanOrEqual(120);
  });

  it("elides the middle of a huge trace and stays within the bound", () => {
    const many: JudgeSpan[] = Array.from({ length: 3000 }, (_, index) => ({
      spanId: `span${String(index).padStart(12, "0")}`,
      parentSpanId: index === 0 ? undefined : "span000000000000",
      name: `step ${index}`,
      startTime: index,
      attributes: { payload: "q".repeat(100) },
    }));
    const digest = spanDigest(many, { maxTokens: 1000 });
    expect(estimateTokens(digest)).toBeLessThanOrEqual(1000);
    expect(digest.startsWith("Spans: 3000 |")).toBe(true);
    expect(digest).toContain(LARGE_TRACE_HINT);
    expect(digest).toMatch(/… \d+ spans omitted; use grep_trace or expand_trace/);
    expect(digest).toContain("[span0000] step 0");
    expect(digest).toContain("└── [span0000] step 2999");
  });

  it("keeps spans with a missing parent or a parent cycle", () => {
    const digest = spanDigest(
      [
        { spanId: "orphan01", parentSpanId: "gone", name: "orphan" },
        { spanId: "cycleA01", parentSpanId: "cycleB01", name: "a" },
        { spanId: "cycleB01", parentSpanId: "cycleA01", name: "b" },
      ],
      { maxTokens: 1000 },
    );
    expect(digest.split("\n")).toEqual([
      "Spans: 3 | Total duration: 0ms | Errors: 0",
      "[orphan01] orphan",
      "[cycleA01] a",
      "└── [cycleB01] b",
    ]);
  });

  it("says when there are no spans", () => {
    expect(spanDigest([], { maxTokens: 100 })).toBe("No spans recorded.");
  });
});
