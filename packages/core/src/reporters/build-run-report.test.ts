import { describe, expect, it } from "vitest";
import { expectationOf } from "../domain/expectation.js";
import { buildRunReport } from "./build-run-report.js";
import { RUN_REPORT_VERSION } from "./run-report.js";
import { reportFixture, resultFixture } from "./test-support/report-fixtures.js";

describe("buildRunReport", () => {
  it("counts statuses and expectations, computing the expectation from the scenario's expect", () => {
    const report = reportFixture([
      { result: { status: "pass", success: true } },
      { result: { status: "fail" } },
      { scenario: { expect: "fail" }, result: { status: "fail" } },
      { scenario: { expect: "fail" }, result: { status: "pass", success: true } },
      { result: { status: "error", error: "agent threw" } },
      { result: { status: "skipped" } },
    ]);
    expect(report.counts).toEqual({ pass: 2, fail: 2, error: 1, skipped: 1 });
    expect(report.expectations).toEqual({ as_expected: 2, unexpected: 3, undecided: 1 });
    expect(report.entries.map((entry) => entry.expectation.message)).toEqual([
      "passed as expected",
      "expected to pass but failed",
      "failed as expected",
      "expected to fail (a known flaw) but passed",
      "ended with an error (expected pass)",
      "skipped: could not be decided (expected pass)",
    ]);
    expect(report.entries.map((entry) => entry.scenario.expect)).toEqual(["pass", "pass", "fail", "fail", "pass", "pass"]);
  });

  it("prefers the run's own expectation (a run option overrides the scenario's expect)", () => {
    const report = reportFixture([
      { scenario: { expect: "pass" }, result: { status: "fail", expectation: expectationOf("fail", "fail") } },
    ]);
    expect(report.entries[0]?.expectation.outcome).toBe("as_expected");
    expect(report.entries[0]?.scenario.expect).toBe("fail");
    expect(report.expectations.as_expected).toBe(1);
  });

  it("takes the id from the scenario, else the result, and the type from the run summary when not given", () => {
    const report = reportFixture([
      { scenario: { id: "given-id", scenarioType: "security" } },
      { scenario: { name: "Refund Flow!" }, result: { scenarioId: "" } },
      {},
    ]);
    expect(report.entries.map((entry) => entry.scenario.id)).toEqual(["given-id", "refund-flow", "refund"]);
    expect(report.entries.map((entry) => entry.scenario.scenarioType)).toEqual(["security", "business", "business"]);
  });

  it("records the batch: version, tool, times, command; optional fields only when given", () => {
    const report = reportFixture([]);
    expect(report).toMatchObject({
      version: RUN_REPORT_VERSION,
      tool: { name: "rehearse", version: "0.1.0" },
      batchRunId: "batch-1",
      startedAt: "2026-01-02T03:04:05.000Z",
      finishedAt: "2026-01-02T03:04:07.500Z",
      durationSeconds: 2.5,
      command: "rehearse run scenarios/*.yaml",
      entries: [],
    });
    expect("usage" in report).toBe(false);
    expect("stopped" in report).toBe(false);
    const stopped = buildRunReport({
      entries: [
        { scenario: { name: "a", description: "b", difficulty: "hard", tags: ["x"], file: "a.yaml" }, result: resultFixture() },
      ],
      batchRunId: "b",
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      toolVersion: "9",
      stopped: { reason: "budget exceeded" },
    });
    expect(stopped.stopped).toEqual({ reason: "budget exceeded" });
    expect(stopped.entries[0]?.scenario).toEqual({
      name: "a",
      description: "b",
      id: "refund",
      file: "a.yaml",
      scenarioType: "business",
      difficulty: "hard",
      tags: ["x"],
      expect: "pass",
    });
    expect("command" in stopped).toBe(false);
  });
});
