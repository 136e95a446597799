import { describe, expect, it } from "vitest";
import { failureDetails, summaryTable } from "./console-report.js";
import { reportFixture } from "./test-support/report-fixtures.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
const ansi = /\u001b\[/;

describe("failureDetails", () => {
  it("shows status and expectation, reasoning, unmet criteria, deviations, injections and the transcript tail", () => {
    const entry = reportFixture([{ scenario: { name: "Refund" } }]).entries[0];
    if (!entry) throw new Error("no entry");
    const lines = failureDetails(entry);
    expect(lines).toEqual([
      "✗ Refund — fail: expected to pass but failed",
      "  reasoning: The agent never issued the refund.",
      "  unmet criteria:",
      "    - The agent refunds the real total ($40)",
      "  deviations:",
      "    - [outcome_unmet] refunds were never issued (step 1, at 31.5 s)",
      "  injections performed:",
      '    - refund times out (tool_error, random trigger, at 2 s, turn 1): drew 0.12 < 0.5 → {"error":{"type":"timeout","message":"refund timed out","recoverable":true}}',
      "  transcript:",
      "    user: Please refund order A100, it was $90.",
      '    assistant: Let me check. → refund({"order_id":"A100","amount":90})',
      '    tool: ← refund: {"error":"timeout"}',
      "    user: Here is the invoice. [file: invoice.pdf, 3000 bytes]",
      "    assistant: Sorry, the refund system timed out.",
      "  seed 42 · run run-1",
    ]);
    expect(lines.join("\n")).not.toMatch(ansi);
  });

  it("keeps the last N messages, one line each, cut to 200 characters", () => {
    const long = `${"x".repeat(300)}\nsecond line`;
    const messages = [
      { role: "user" as const, content: "first" },
      { role: "assistant" as const, content: "second" },
      { role: "user" as const, content: long },
    ];
    const entry = reportFixture([{ result: { messages } }]).entries[0];
    if (!entry) throw new Error("no entry");
    const lines = failureDetails(entry, { tailMessages: 2 });
    const start = lines.indexOf("  transcript (last 2 of 3):");
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 1]).toBe("    assistant: second");
    expect(lines[start + 2]).toBe(`    user: ${"x".repeat(200)}… (112 more characters)`);
    expect(failureDetails(entry, { tailMessages: 0 }).some((line) => line.includes("transcript"))).toBe(false);
  });

  it("shows the error of a run that errored, and colours only when asked", () => {
    const entry = reportFixture([
      { result: { status: "error", reasoning: undefined, error: "agent threw: boom", scenarioRun: undefined } },
    ]).entries[0];
    if (!entry) throw new Error("no entry");
    const lines = failureDetails(entry, { color: true });
    expect(lines.join("\n")).toMatch(ansi);
    expect(lines.join("\n")).toContain("agent threw: boom");
    expect(lines.join("\n")).toContain("ended with an error (expected pass)");
  });
});

describe("summaryTable", () => {
  it("lists scenario × expected × observed × as expected, then the totals", () => {
    const report = reportFixture([
      { scenario: { name: "passes" }, result: { status: "pass", success: true } },
      { scenario: { name: "known flaw", expect: "fail" } },
      { scenario: { name: "flaw gone", expect: "fail" }, result: { status: "pass", success: true } },
      { scenario: { name: "no judge" }, result: { status: "skipped" } },
    ]);
    expect(summaryTable(report)).toEqual([
      "scenario    expected  observed  as expected",
      "──────────  ────────  ────────  ───────────",
      "passes      pass      pass      yes",
      "known flaw  fail      fail      yes",
      "flaw gone   fail      pass      NO",
      "no judge    pass      skipped   undecided",
      "2 as expected, 1 unexpected, 1 undecided (skipped)",
    ]);
    const coloured = summaryTable(report, { color: true });
    expect(coloured.join("\n")).toMatch(ansi);
    expect(coloured[4]).toContain("flaw gone");
  });

  it("says when the batch stopped early", () => {
    const report = { ...reportFixture([]), stopped: { reason: "budget exceeded: $1.00 spent" } };
    expect(summaryTable(report).slice(-2)).toEqual([
      "0 as expected, 0 unexpected, 0 undecided (skipped)",
      "stopped early: budget exceeded: $1.00 spent",
    ]);
  });
});
