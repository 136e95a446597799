/** Log levels, quietest first. */
export const logLevels = ["silent", "error", "warn", "info", "debug"] as const;
/** One of `logLevels`. */
export type LogLevel = (typeof logLevels)[number];

/**
 * Where the library writes text. The default writes to the console; pass
 * your own to capture it. `transcript` carries the `verbose` conversation
 * print-out and is shown whenever verbose is on, whatever the level.
 */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  transcript(line: string): void;
}

/** A console logger filtered by `level` (the library's default is `warn`, from `REHEARSE_LOG_LEVEL`). */
export function createConsoleLogger(level: LogLevel, output: Pick<Console, "log" | "error"> = console): Logger {
  const rank = logLevels.indexOf(level);
  const at = (threshold: LogLevel, write: (text: string) => void) => (message: string) => {
    if (rank >= logLevels.indexOf(threshold)) write(message);
  };
  return {
    error: at("error", (text) => output.error(`[rehearse] ${text}`)),
    warn: at("warn", (text) => output.error(`[rehearse] ${text}`)),
    info: at("info", (text) => output.error(`[rehearse] ${text}`)),
    debug: at("debug", (text) => output.error(`[rehearse] ${text}`)),
    transcript: (line) => output.log(line),
  };
}
