import type { IdGenerator } from "../domain/scenario.js";

/**
 * The batch id runs get when none is passed: `SCENARIO_BATCH_RUN_ID` when
 * set; inside a test-runner worker (vitest, jest) one derived from the
 * runner's process id and the UTC day, so every worker of one test run
 * reports into the same batch; otherwise a fresh id for this process.
 */
export function defaultBatchRunId(
  environment: Readonly<Record<string, string | undefined>>,
  ids: IdGenerator,
  parentProcessId: number,
  now: Date,
): string {
  if (environment.SCENARIO_BATCH_RUN_ID) return environment.SCENARIO_BATCH_RUN_ID;
  if (environment.VITEST_WORKER_ID || environment.JEST_WORKER_ID) {
    const day = now.toISOString().slice(0, 10);
    // node:crypto loads here, in a test-runner worker, not with the package (decision 0022)
    const digest = process
      .getBuiltinModule("node:crypto")
      .createHash("sha256")
      .update(`${parentProcessId}:${day}`)
      .digest("hex")
      .slice(0, 16);
    return `scenariobatch_${digest}`;
  }
  return ids.next("scenariobatch");
}
