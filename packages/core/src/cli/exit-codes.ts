import { ConfigError } from "../domain/errors.js";
import type { Expectation } from "../domain/expectation.js";
import type { ScenarioStatus } from "../domain/outcome.js";

/**
 * The `rehearse` exit codes. Only the CLI maps outcomes to them; the library
 * reports outcomes as values.
 */
export const ExitCode = {
  /**
   * Every run ended as expected. Skipped runs beside decided ones are listed
   * with their reason and do not change the code (unless `--fail-on-skipped`).
   */
  ok: 0,
  /**
   * A run failed or errored when it was expected to pass, or passed when it
   * was expected to fail; with `--fail-on-skipped`, also any skipped run.
   */
  unexpected: 1,
  /**
   * Bad flags, no files found, an unknown reporter, invalid scenario files or
   * config, or a command that cannot do its work as configured (`redteam`
   * without a model): nothing ran.
   */
  usage: 2,
  /**
   * Nothing was tested: the filters matched no scenario, or every run was
   * skipped (e.g. no model for a simulated user or judge). An explicit request
   * never ends green without doing the work.
   */
  nothingTested: 3,
  /**
   * A run could never finish: a promise never settled while Node had nothing
   * else to wait for (an agent or step that hangs with every time limit off).
   * Such runs end `error` (`run_stalled`, naming the scenario), the rest run,
   * and the summary and reports are written before exiting 4. When the stall
   * is outside any run (a module that never finishes loading), the scenarios
   * still running are named on standard error and no report is written.
   */
  stalled: 4,
  /**
   * `rehearse guard` and `rehearse promote`: the release guard decided
   * `fail`, a check of the policy was not met (a promotion was refused). Apart
   * from 1 so a pipeline can tell "the batch is not good enough" from "a test
   * failed" (docs/guard.md).
   */
  guardFailed: 10,
  /**
   * `rehearse guard` and `rehearse promote`: the release guard decided
   * `inconclusive`: too few settled runs, runs still going, or a check with
   * no data to judge (a promotion was refused). Never a pass: rerun with more
   * trials or when the batch is done.
   */
  guardInconclusive: 11,
  /** Stopped with Ctrl-C (128 + SIGINT), or SIGTERM (handled the same way). */
  interrupted: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code table printed by `--help` (and documented in docs/cli.md). */
export const exitCodesHelp = `
Exit codes:
  0    every run ended as expected (skips beside decided runs are listed,
       not failures, unless --fail-on-skipped)
  1    a run failed or errored unexpectedly (or an expect: fail scenario
       passed); with --fail-on-skipped, any skipped run
  2    usage error (bad flags, no files found, unknown reporter), invalid
       scenario files / config, or no model for redteam: nothing ran
  3    nothing was tested: no scenario matched the filters, or every run
       was skipped (e.g. no model configured)
  4    a run could never finish: a promise never settled with nothing
       else to wait for (a hang with timeouts off); it ends as an error
       (run_stalled) and reports are written, or, outside any run, the
       scenarios still running are named
  10   guard, promote: the release guard decided fail (a check not met)
  11   guard, promote: the release guard decided inconclusive (too few
       runs, runs still going, or a check without data)
  130  interrupted (Ctrl-C or SIGTERM): runs in flight end as errors, reports
       are written`;

/**
 * A command-line usage error: a `ConfigError` with source `command line`,
 * so the CLI prints its message without a stack trace and exits 2.
 *
 * @example
 * throw usageError("rehearse run: no scenario files found in scenarios/", "paths");
 */
export function usageError(message: string, path?: string): ConfigError {
  return new ConfigError(message, { source: "command line", ...(path ? { path } : {}) });
}

/**
 * The exit code of a finished (not interrupted) `rehearse run`: 1 when a run
 * ended unexpectedly, or any run was skipped under `--fail-on-skipped`; 3 when
 * no run was decided (every one skipped, or none ran); else 0.
 *
 * @example
 * runExitCode(report, false); // 3 when all 4 runs were skipped for want of a model
 */
export function runExitCode(
  report: {
    readonly counts: Readonly<Record<ScenarioStatus, number>>;
    readonly expectations: Readonly<Record<Expectation["outcome"], number>>;
  },
  failOnSkipped: boolean,
): ExitCodeValue {
  const { pass, fail, error, skipped } = report.counts;
  if (report.expectations.unexpected > 0) return ExitCode.unexpected;
  if (failOnSkipped && skipped > 0) return ExitCode.unexpected;
  if (pass + fail + error === 0) return ExitCode.nothingTested;
  return ExitCode.ok;
}
