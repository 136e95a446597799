import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../domain/errors.js";
import { judgeSpanSchema, parseJudgeSpans } from "./span-schema.js";
import type { JudgeSpan } from "./spans.js";

const documented: JudgeSpan = {
  spanId: "a1b2c3d4e5f60718",
  parentSpanId: "0f1e2d3c4b5a6978",
  name: "tool.lookup_order",
  startTime: "2026-01-01T00:00:00.000Z",
  endTime: 1767225600020,
  durationMs: 20,
  status: "error",
  errorMessage: "order not found",
  attributes: { "order.id": "42", nested: { a: [1] } },
  events: [{ name: "exception", time: 1767225600010, attributes: { type: "NotFound" } }],
};

describe("judgeSpanSchema", () => {
  it("accepts the documented shape, and the minimal one", () => {
    expect(judgeSpanSchema.parse(documented)).toEqual(documented);
    expect(judgeSpanSchema.parse({ spanId: "a", name: "n" })).toEqual({ spanId: "a", name: "n" });
  });

  it("rejects bad input with the path of the bad field", () => {
    const result = judgeSpanSchema.safeParse({ ...documented, events: [{ name: "e", time: true }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["events", 0, "time"]);
  });
});

describe("parseJudgeSpans", () => {
  it("returns valid spans", () => {
    expect(parseJudgeSpans([documented])).toEqual([documented]);
  });

  it("throws a ConfigError naming the path and the source", () => {
    let caught: unknown;
    try {
      parseJudgeSpans([documented, { spanId: "b", name: "n", status: "failed" }], "trace.json");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe("spans[1].status");
    expect((caught as ConfigError).source).toBe("trace.json");
    expect((caught as ConfigError).message).toMatch(/^Invalid span at spans\[1\]\.status: /);
  });
});
