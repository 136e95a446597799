import { deliverOutbox } from "../../delivery/deliver-outbox.js";
import { createConsoleLogger } from "../../runner/logger.js";
import { createRehearse } from "../../runner/rehearse.js";
import { outboxDirectory } from "../../runner/reporting.js";

/**
 * The end of a vitest run that reports to a Rehearse server (`report.endpoint`,
 * `REHEARSE_ENDPOINT`): the workers wrote their events to the outbox and were
 * stopped without a goodbye, so the global teardown sends what they left —
 * their segments are free once they are gone, or (worker threads share this
 * process's pid) taken over as this process's own — within `timeoutMs`. What
 * is left stays on disk for the next run or `rehearse outbox flush`. Never
 * throws: a reporting problem is a warning, not a failed test run.
 */
export async function deliverAtTeardown(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = 5_000,
): Promise<void> {
  let warn: (message: string) => void = (message) => process.stderr.write(`[rehearse] ${message}\n`);
  try {
    const config = await createRehearse({ cwd, env }).resolveConfig();
    const report = config.report;
    if (!report?.endpoint || !report.apiKey) return;
    warn = createConsoleLogger(config.logLevel).warn;
    const delivery = await deliverOutbox({
      directory: outboxDirectory(config, cwd),
      endpoint: report.endpoint,
      apiKey: report.apiKey,
      timeoutMs,
      claimOwnProcess: true,
      warn,
    });
    if (delivery.pending > 0) {
      warn(`reporting: ${delivery.pending} events not delivered yet (${delivery.reason}); \`rehearse outbox flush\` sends them`);
    }
  } catch (error) {
    warn(`reporting: the outbox could not be delivered at the end of the test run: ${(error as Error).message}`);
  }
}
