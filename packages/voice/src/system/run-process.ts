import { spawn } from "node:child_process";
import { ProcessError } from "./process-error.js";
import { type BinaryLookupOptions, installHint, resolveBinary, SYSTEM_BINARIES, type SystemBinary } from "./system-binaries.js";

/** How long a process may run unless told otherwise: generous, since it only guards against hangs. */
export const DEFAULT_PROCESS_TIMEOUT_MS = 60_000;

/** Characters of stderr kept (the tail): enough for ffmpeg's diagnosis, bounded for chatty programs. */
const STDERR_KEPT = 64 * 1024;
/** Characters of stderr quoted in an error message. */
const STDERR_QUOTED = 1000;

/** How to run a process. */
export interface RunProcessOptions extends BinaryLookupOptions {
  /** Arguments, passed as an array (never through a shell). */
  args?: readonly string[];
  /** Bytes written to the process's stdin, which is then closed. Default: nothing. */
  stdin?: Uint8Array;
  /** Milliseconds before the process is killed and the call fails. Default {@link DEFAULT_PROCESS_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Kills the process and fails the call when aborted. */
  signal?: AbortSignal;
}

/** What a process that exited with status 0 produced. */
export interface ProcessOutput {
  stdout: Uint8Array;
  stderr: string;
}

/**
 * Runs `binary` with `options.args`, feeds it `options.stdin` and collects
 * its output. A known binary (`espeak-ng`, `pocketsphinx_continuous`,
 * `ffmpeg`) is taken from its override variable when set. Fails with a
 * {@link ProcessError}: `missing` naming the Debian package to install,
 * `timeout` naming the command and the limit (the process is killed),
 * `aborted`, or `exit` with the tail of stderr.
 *
 * @example
 * ```ts
 * const { stdout } = await runProcess("espeak-ng", { args: ["--stdout"], stdin: new TextEncoder().encode("hello") });
 * ```
 */
export function runProcess(binary: SystemBinary | (string & {}), options: RunProcessOptions = {}): Promise<ProcessOutput> {
  const command = Object.hasOwn(SYSTEM_BINARIES, binary) ? resolveBinary(binary as SystemBinary, options) : binary;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`runProcess: timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(abortedError(command));

  return new Promise((resolve, reject) => {
    const child = spawn(command, [...(options.args ?? [])], { stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    const stdout: Buffer[] = [];
    let stderr = "";
    let ending: ProcessError | undefined;
    let settled = false;

    const settle = (error: ProcessError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve({ stdout: new Uint8Array(Buffer.concat(stdout)), stderr });
    };
    const kill = (error: ProcessError): void => {
      ending ??= error;
      child.kill("SIGKILL");
    };
    const onAbort = (): void => kill(abortedError(command));
    const timer = setTimeout(
      () =>
        kill(
          new ProcessError("timeout", `${command} did not finish within ${timeoutMs} ms and was killed`, {
            command,
            stderr,
          }),
        ),
      timeoutMs,
    );
    signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (data: Buffer) => stdout.push(data));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr = (stderr + text).slice(-STDERR_KEPT);
    });
    // A program may exit before reading all its input (ffmpeg on garbage): the exit status tells what happened.
    child.stdin.on("error", () => {});
    child.on("error", (error: NodeJS.ErrnoException) => settle(spawnError(binary, command, error)));
    child.on("close", (code, killedBy) => {
      if (ending) return settle(ending);
      if (code === 0) return settle(undefined);
      const status = code === null ? `was killed by ${killedBy}` : `exited with status ${code}`;
      const tail = stderr.trim().slice(-STDERR_QUOTED);
      settle(
        new ProcessError("exit", `${command} ${status}${tail ? `: ${tail}` : " (no stderr output)"}`, {
          command,
          exitCode: code,
          stderr,
        }),
      );
    });
    child.stdin.end(options.stdin ?? new Uint8Array(0));
  });
}

function spawnError(binary: string, command: string, error: NodeJS.ErrnoException): ProcessError {
  if (error.code === "ENOENT") {
    const tried = command === binary ? "" : ` (tried ${JSON.stringify(command)})`;
    return new ProcessError("missing", `${binary} was not found${tried}: ${installHint(binary)}`, { command, cause: error });
  }
  return new ProcessError("exit", `${command} could not be started: ${error.message}`, { command, cause: error });
}

function abortedError(command: string): ProcessError {
  return new ProcessError("aborted", `${command} was stopped: the call was aborted`, { command });
}
