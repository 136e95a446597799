import { ConfigError } from "../domain/errors.js";

/**
 * The `rehearse` exit codes. Only the CLI maps outcomes to them; the library
 * reports outcomes as values.
 */
export const ExitCode = {
  /** Every run ended as expected (skipped runs are reported and counted, and change nothing). */
  ok: 0,
  /** A run failed or errored when it was expected to pass, or passed when it was expected to fail. */
  unexpected: 1,
  /** Bad flags, no files found, an unknown reporter, or invalid scenario files or config: nothing ran. */
  usage: 2,
  /** Stopped with Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code table printed by `--help` (and documented in docs/cli.md). */
export const exitCodesHelp = `
Exit codes:
  0    every run ended as expected (skipped runs are counted, not failures)
  1    a run failed or errored unexpectedly (or an expect: fail scenario passed)
  2    usage error (bad flags, no files found, unknown reporter) or invalid
       scenario files / config: nothing ran
  130  interrupted (Ctrl-C): runs in flight end as errors, reports are written`;

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
