import { closeSync, openSync } from "node:fs";
import { isatty, ReadStream, WriteStream } from "node:tty";
import { ConfigError, errorMessage } from "../domain/errors.js";
import type { AgentCallInterceptor } from "../domain/scenario.js";
import type { RehearseConfig } from "./config.js";
import { debugInterceptor } from "./debug-mode.js";

/** The `debug` setting, normalised. */
export interface DebugOptions {
  enabled: boolean;
  /** Open `/dev/tty` when stdin is not a terminal. */
  allowDevTty: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Normalises the `debug` setting (`undefined` and `false` are off). */
export function debugOptionsFromConfig(debug: RehearseConfig["debug"]): DebugOptions {
  if (debug === undefined || debug === false) return { enabled: false, allowDevTty: false };
  if (debug === true) return { enabled: true, allowDevTty: false };
  return {
    enabled: true,
    allowDevTty: debug.tty === "/dev/tty",
    ...(debug.input ? { input: debug.input } : {}),
    ...(debug.output ? { output: debug.output } : {}),
  };
}

/** What `openDebugTerminal()` found: streams to prompt on, or why there are none. */
export type DebugTerminal =
  | { available: true; input: NodeJS.ReadableStream; output: NodeJS.WritableStream; close(): void }
  | { available: false; reason: string };

/** The terminal streams debug mode may use. */
export interface DebugTerminalOptions {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  /** From `debug: { tty: "/dev/tty" }`. */
  allowDevTty: boolean;
  /** `REHEARSE_DEBUG_TTY=1` opts in to `/dev/tty` too. */
  env: Readonly<Record<string, string | undefined>>;
  /** The terminal device to open; `/dev/tty` unless a test says otherwise. */
  devicePath?: string;
}

/** Printed (once per run or batch) when debug mode is on but nothing can be typed. */
export const noTerminalReason =
  'stdin is not a terminal (vitest/jest run tests without one); debug prompts need a terminal: run the script directly with node, or opt in to /dev/tty with debug: { tty: "/dev/tty" } or REHEARSE_DEBUG_TTY=1';

/**
 * Finds a terminal to prompt on: stdin when it is one; else `/dev/tty` when
 * opted in (throws a `ConfigError` when there is no controlling terminal);
 * else `available: false` with the reason to show.
 */
export function openDebugTerminal(options: DebugTerminalOptions): DebugTerminal {
  if (options.stdin.isTTY) return { available: true, input: options.stdin, output: options.stdout, close() {} };
  const fromEnvironment = ["1", "true"].includes(options.env.REHEARSE_DEBUG_TTY?.toLowerCase() ?? "");
  if (!options.allowDevTty && !fromEnvironment) return { available: false, reason: noTerminalReason };
  return openDevice(options.devicePath ?? "/dev/tty", options.allowDevTty ? "debug.tty" : "REHEARSE_DEBUG_TTY");
}

/**
 * Opens the device as TTY streams rather than file streams: a file stream's
 * pending read blocks a thread-pool thread, so the process could not exit
 * until someone pressed Enter.
 */
function openDevice(path: string, source: string): DebugTerminal {
  let readDescriptor: number | undefined;
  let writeDescriptor: number | undefined;
  try {
    readDescriptor = openSync(path, "r");
    writeDescriptor = openSync(path, "w");
    if (!isatty(readDescriptor)) throw new Error(`${path} is not a terminal`);
    const input = new ReadStream(readDescriptor);
    const output = new WriteStream(writeDescriptor);
    return {
      available: true,
      input,
      output,
      close() {
        input.destroy();
        output.end();
      },
    };
  } catch (error) {
    for (const descriptor of [readDescriptor, writeDescriptor]) if (descriptor !== undefined) closeSync(descriptor);
    throw new ConfigError(
      `debug mode could not open ${path} (${errorMessage(error)}): this process has no controlling terminal (CI, a detached or piped process); run it from a terminal, or turn debug mode off`,
      { source, cause: error },
    );
  }
}

/** What the runner needs from debug mode for one run or batch. */
export interface DebugSession {
  /** Add it to the run's agent interceptors, outermost; absent when debug mode is off or unavailable. */
  interceptor?: AgentCallInterceptor;
  /** Why debug mode cannot prompt; log it once and run normally. */
  notice?: string;
  /** Releases the terminal; call after the run or batch. */
  close(): void;
}

/** Where `createDebugSession()` finds the terminal. */
export interface DebugSessionDependencies {
  stdin?: DebugTerminalOptions["stdin"];
  stdout?: NodeJS.WritableStream;
  env?: Readonly<Record<string, string | undefined>>;
  devicePath?: string;
}

/**
 * Sets debug mode up for one run or batch from the `debug` setting: the
 * interceptor to add, or the notice to print when no terminal is available.
 *
 * @example
 * ```ts
 * const debug = createDebugSession(config, { env });
 * if (debug.notice) logger.warn(debug.notice);
 * try {
 *   await runScenario(scenario, { ...settings, interceptors: { agent: [...(debug.interceptor ? [debug.interceptor] : []), ...agent] } });
 * } finally {
 *   debug.close();
 * }
 * ```
 */
export function createDebugSession(
  config: Pick<RehearseConfig, "debug">,
  dependencies: DebugSessionDependencies = {},
): DebugSession {
  const options = debugOptionsFromConfig(config.debug);
  if (!options.enabled) return { close() {} };
  const terminal: DebugTerminal = options.input
    ? { available: true, input: options.input, output: options.output ?? process.stdout, close() {} }
    : openDebugTerminal({
        stdin: dependencies.stdin ?? process.stdin,
        stdout: options.output ?? dependencies.stdout ?? process.stdout,
        allowDevTty: options.allowDevTty,
        env: dependencies.env ?? process.env,
        ...(dependencies.devicePath ? { devicePath: dependencies.devicePath } : {}),
      });
  if (!terminal.available) return { notice: `debug mode is off for this run: ${terminal.reason}`, close() {} };
  const interceptor = debugInterceptor({ input: terminal.input, output: terminal.output });
  return {
    interceptor,
    close() {
      interceptor.close();
      terminal.close();
    },
  };
}
