import { describe, expect, it } from "vitest";
import { expectationOf } from "../domain/expectation.js";
import type { UsageLine } from "../domain/models.js";
import type { ScenarioResult } from "../domain/result.js";
import { emptyUsage } from "../models/usage-meter.js";
import { resultLine, totalsLine, usageLine } from "./result-lines.js";

const result = (overrides: Partial<ScenarioResult>) => ({ status: "pass", reasoning: "fine", ...overrides }) as ScenarioResult;

describe("resultLine", () => {
  it("shows the status, the name and the reasoning's first line", () => {
    expect(resultLine(result({ reasoning: "said yes\nmore" }), "agrees")).toBe("PASS   agrees  — said yes");
    expect(resultLine(result({ status: "error", reasoning: undefined, error: "down" }), "x")).toBe("ERROR  x  — down");
    expect(resultLine(result({ status: "skipped", reasoning: "" }), "x")).toBe("SKIP   x");
  });

  it("says how the run compares with a declared expectation", () => {
    expect(resultLine(result({ status: "fail", expectation: expectationOf("fail", "fail") }), "flaw")).toBe(
      "FAIL   flaw  — fine  (failed as expected)",
    );
    expect(resultLine(result({ expectation: expectationOf("fail", "pass") }), "flaw")).toBe(
      "PASS   flaw  — fine  (UNEXPECTED: expected to fail (a known flaw) but passed)",
    );
    expect(resultLine(result({ status: "skipped", expectation: expectationOf("fail", "skipped") }), "flaw")).toBe(
      "SKIP   flaw  — fine",
    );
  });
});

describe("totalsLine", () => {
  const counts = { pass: 2, fail: 1, error: 1, skipped: 0 };
  it("keeps the totals format, adding expectations only when declared", () => {
    expect(totalsLine(counts)).toBe("2 passed, 1 failed, 1 error, 0 skipped");
    expect(totalsLine({ ...counts, error: 2 }, { as_expected: 3, unexpected: 1, undecided: 0 })).toBe(
      "2 passed, 1 failed, 2 errors, 0 skipped; 3 as expected, 1 unexpected",
    );
  });
});

describe("usageLine", () => {
  const line = (overrides: Partial<UsageLine>): UsageLine => ({ ...emptyUsage().total, ...overrides });

  it("is silent when no model was called", () => {
    expect(usageLine(line({}))).toBeUndefined();
  });

  it("shows calls, replays, tokens and cost, or says the cost is unknown", () => {
    expect(usageLine(line({ calls: 4, replayedCalls: 2, inputTokens: 120, outputTokens: 30, cost: 0.00012 }))).toBe(
      "models: 4 calls, 2 replayed, 120 input + 30 output tokens, $0.0001",
    );
    expect(usageLine(line({ calls: 1, cost: null }))).toMatch(/^models: 1 call, .*cost unknown/);
  });
});
