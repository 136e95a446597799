/** Why a process failed: not installed, too slow, stopped by its signal, or a non-zero exit. */
export type ProcessFailure = "missing" | "timeout" | "aborted" | "exit";

const marker = Symbol.for("rehearse.voice.process-error");

/**
 * A program of the offline voice pipeline (espeak-ng, pocketsphinx, ffmpeg)
 * failed. `failure` says how, so callers can tell "install this" from "this
 * input is bad"; the message names the command and what to do.
 */
export class ProcessError extends Error {
  readonly [marker] = true;
  /** How it failed. */
  readonly failure: ProcessFailure;
  /** The command that was run (the binary as spawned, an override path included). */
  readonly command: string;
  /** The exit code, for `exit` failures (null when a signal ended it). */
  readonly exitCode: number | null;
  /** The end of what the process wrote to stderr (empty when it never ran). */
  readonly stderr: string;

  constructor(
    failure: ProcessFailure,
    message: string,
    details: { command: string; exitCode?: number | null; stderr?: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ProcessError";
    this.failure = failure;
    this.command = details.command;
    this.exitCode = details.exitCode ?? null;
    this.stderr = details.stderr ?? "";
  }

  /** True for a `ProcessError`, from this copy of the package or another. */
  static isInstance(error: unknown): error is ProcessError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
