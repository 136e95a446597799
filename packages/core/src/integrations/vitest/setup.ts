/**
 * The vitest setup file of Rehearse (`setupFiles`; `withScenario` adds it).
 * It registers `expect(result).toPass()` and records every scenario run a
 * test starts — in any context, also in concurrent tests — on that test's
 * `meta`, where `VitestReporter` reads it. It writes no files.
 */
import { aroundEach, expect } from "vitest";
import { observeRuns } from "../../runner/run-observers.js";
import { toPass } from "../../vitest/matchers.js";
import { RUN_RECORDS_META_KEY, type ScenarioRunRecord } from "./run-record.js";
import { recordRuns } from "./run-recorder.js";

export type { RehearseMatchers, ToPassOptions } from "../../vitest/matchers.js";

expect.extend({ toPass });

aroundEach(async (runTest, context) => {
  const meta = context.task.meta as Record<string, unknown>;
  const records: ScenarioRunRecord[] = [];
  const recorder = recordRuns((record) => {
    // on the meta from the first run on, so tests that run no scenario carry nothing extra
    meta[RUN_RECORDS_META_KEY] = records;
    records.push(record);
  });
  await observeRuns(recorder, runTest);
});
