import type { Logger } from "../api/runs.js";
import type { RunningScenarios } from "./running-scenarios.js";

/**
 * What a command needs from the process: where it runs, its environment and
 * its output. `main.ts` builds the real one; tests pass their own, so every
 * command runs in-process without touching `process`.
 */
export interface CliContext {
  /** The working directory paths are relative to. */
  readonly cwd: string;
  /** Environment for `REHEARSE_*`, `CI` and provider keys. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes one line to standard output. */
  print(line: string): void;
  /** Writes one line to standard error. */
  printError(line: string): void;
  /** Live progress (spinners): standard output is a terminal and `CI` is not set. */
  readonly interactive: boolean;
  /** Colour in what is printed: interactive, and `NO_COLOR` is not set. */
  readonly color: boolean;
  /** Aborted when the user presses Ctrl-C: runs in flight stop, the rest are not started. */
  readonly interrupt: AbortSignal;
  /** Rehearse's version, for `--version` and reports. */
  readonly version: string;
  /** The command line as typed, for reports. */
  readonly command?: string;
  /** Where the library logs (default: the console, filtered by `logLevel`). */
  readonly logger?: Logger;
  /** Scenarios started and not finished, named if the process stalls (see `RunningScenarios`). */
  readonly running?: RunningScenarios;
  /**
   * Asks the person at the terminal and resolves to their answer (standard
   * input is a terminal); absent otherwise, and commands that need a person's
   * decision (`rehearse generate`'s review) then say how to decide without one.
   */
  readonly ask?: (question: string) => Promise<string>;
}

/** The narrowest terminal live progress draws on: one line per run needs room for a status and a name. */
export const minimumLiveColumns = 20;

/**
 * True when output should be live: a terminal with a width of at least
 * {@link minimumLiveColumns} (a pseudo-terminal that reports 0 columns, as
 * `script` or a container without a size may, cannot be drawn on), no `CI`,
 * and not a terminal that asks for plain text (`TERM=dumb`).
 *
 * @example
 * isInteractive(process.stdout, process.env); // false under CI=true
 * isInteractive({ isTTY: true, columns: 0 }, {}); // false: plain lines
 */
export function isInteractive(
  output: { readonly isTTY?: boolean; readonly columns?: number | undefined },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (!output.isTTY) return false;
  if (!((output.columns ?? 0) >= minimumLiveColumns)) return false;
  if (env.CI !== undefined && env.CI !== "" && env.CI !== "0" && env.CI !== "false") return false;
  return env.TERM !== "dumb";
}

/**
 * True when printed text may be coloured: interactive output and no
 * `NO_COLOR` (https://no-color.org).
 *
 * @example
 * wantsColor(true, { NO_COLOR: "1" }); // false
 */
export function wantsColor(interactive: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return interactive && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}
