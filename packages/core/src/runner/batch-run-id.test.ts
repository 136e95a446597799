import { describe, expect, it } from "vitest";
import { defaultBatchRunId } from "./batch-run-id.js";
import { createSequentialIds } from "./system.js";

const day = new Date("2026-11-21T10:00:00Z");

describe("default batch run id", () => {
  it("takes SCENARIO_BATCH_RUN_ID first", () => {
    expect(defaultBatchRunId({ SCENARIO_BATCH_RUN_ID: "ci-1", VITEST_WORKER_ID: "3" }, createSequentialIds(), 10, day)).toBe(
      "ci-1",
    );
  });

  it("gives every worker of one test run the same batch", () => {
    const first = defaultBatchRunId({ VITEST_WORKER_ID: "1" }, createSequentialIds(), 4242, day);
    const second = defaultBatchRunId({ VITEST_WORKER_ID: "2" }, createSequentialIds(), 4242, day);
    const otherRun = defaultBatchRunId({ VITEST_WORKER_ID: "1" }, createSequentialIds(), 4343, day);
    expect(first).toBe(second);
    expect(first).toMatch(/^scenariobatch_[0-9a-f]{16}$/);
    expect(otherRun).not.toBe(first);
  });

  it("is fresh per process outside a test runner", () => {
    expect(defaultBatchRunId({}, createSequentialIds(7), 1, day)).toBe("scenariobatch_7");
  });
});
