import { describe, expect, it } from "vitest";
import { VitestReporter } from "./reporter.js";
import { RUN_RECORDS_META_KEY, type ScenarioRunRecord } from "./run-record.js";

function record(name: string, status: ScenarioRunRecord["status"], extra: Partial<ScenarioRunRecord> = {}): ScenarioRunRecord {
  return {
    scenarioRunId: `run-${name}`,
    batchRunId: "scenariobatch_1",
    name,
    description: `${name} description`,
    status,
    durationSeconds: 1.234,
    metCriteria: [],
    unmetCriteria: [],
    seed: 7,
    transcript: [{ kind: "user", text: `hello ${name}` }],
    ...extra,
  };
}

function testCase(fullName: string, records?: ScenarioRunRecord[]) {
  return {
    fullName,
    module: { relativeModuleId: "refunds.test.ts" },
    meta: () => (records ? { [RUN_RECORDS_META_KEY]: records } : {}),
  } as unknown as Parameters<VitestReporter["onTestCaseResult"]>[0];
}

describe("VitestReporter", () => {
  it("prints each test's runs, then a report that counts every status as what it is", () => {
    const written: string[] = [];
    const reporter = new VitestReporter({ write: (text) => written.push(text), colors: false });
    reporter.onTestRunStart();
    reporter.onTestCaseResult(
      testCase("refunds > pass and fail", [
        record("good", "pass", { reasoning: "All criteria met", metCriteria: ["a", "b"] }),
        record("bad", "fail", { reasoning: "It refunded $90", metCriteria: ["a"], unmetCriteria: ["b"] }),
      ]),
    );
    reporter.onTestCaseResult(testCase("plain test without scenarios"));
    reporter.onTestCaseResult(
      testCase("refunds > others", [
        record("no model", "skipped", { reasoning: "No model configured: set defaultModel" }),
        record("broken", "error", { error: "database down" }),
      ]),
    );
    expect(written).toHaveLength(4);
    expect(written[0]).toContain("--- Scenario Run: good ---");
    expect(written[0]).toContain("Test: refunds.test.ts > refunds > pass and fail");
    expect(written[2]).toContain("Status: SKIPPED");
    reporter.onTestRunEnd();
    const report = written[4] ?? "";
    expect(report).toContain("=== Scenario Test Report ===");
    expect(report).toContain("Batch: scenariobatch_1");
    expect(report).toContain("Total Scenarios: 4");
    expect(report).toContain("Passed: 1\nFailed: 1\nErrors: 1\nSkipped: 1");
    expect(report).toContain("Success Rate: 25.0%");
    expect(report).toContain("1. good - PASS in 1.23s\n  Reasoning: All criteria met\n  Success Criteria: 2/2");
    expect(report).toContain("2. bad - FAIL in 1.23s\n  Reasoning: It refunded $90\n  Success Criteria: 1/2");
    expect(report).toContain("3. no model - SKIPPED in 1.23s\n  Reasoning: No model configured: set defaultModel");
    expect(report).toContain("4. broken - ERROR in 1.23s\n  Error: database down");
  });

  it("prints nothing when no test ran a scenario, and starts over on the next run", () => {
    const written: string[] = [];
    const reporter = new VitestReporter({ write: (text) => written.push(text), colors: false });
    reporter.onTestCaseResult(testCase("plain"));
    reporter.onTestRunEnd();
    expect(written).toEqual([]);
    reporter.onTestCaseResult(testCase("t", [record("first", "pass")]));
    reporter.onTestRunEnd();
    reporter.onTestRunStart();
    reporter.onTestCaseResult(testCase("t", [record("second", "pass")]));
    reporter.onTestRunEnd();
    expect(written.at(-1)).toContain("Total Scenarios: 1");
    expect(written.at(-1)).toContain("1. second - PASS");
  });

  it("writes through vitest's logger when no writer is given", () => {
    const logged: string[] = [];
    const reporter = new VitestReporter({ colors: false });
    reporter.onInit({ logger: { log: (text: string) => logged.push(text) } } as never);
    reporter.onTestCaseResult(testCase("t", [record("one", "pass")]));
    expect(logged[0]).toContain("--- Scenario Run: one ---");
  });
});
