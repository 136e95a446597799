import { resolve } from "node:path";
import type { DeliveryReport, HttpReporter } from "../delivery/http-reporter.js";
import { ConfigError } from "../domain/errors.js";
import type { ResolvedConfig } from "./context-config.js";

export type { DeliveryReport } from "../delivery/http-reporter.js";

/** A context's reporting to a Rehearse server: one reporter (one outbox, one sender) for all its runs. */
export interface Reporting {
  /** The settings it was made for; new settings make a new one. */
  readonly key: string;
  readonly reporter: HttpReporter;
}

/** The default outbox directory, under the working directory. */
export const DEFAULT_OUTBOX_DIR = ".rehearse/outbox";

/** The outbox directory the config names (absolute), or the default under `cwd`. */
export function outboxDirectory(config: Pick<ResolvedConfig, "report">, cwd: string): string {
  return resolve(cwd, config.report?.outboxDir ?? DEFAULT_OUTBOX_DIR);
}

/**
 * What identifies a context's reporting, or `undefined` when reporting is off
 * (no `report.endpoint`: then no reporter, no file and no socket exist).
 */
export function reportingKey(config: ResolvedConfig, cwd: string): string | undefined {
  const report = config.report;
  if (!report?.endpoint) return undefined;
  return JSON.stringify([
    report.endpoint,
    report.apiKey,
    outboxDirectory(config, cwd),
    report.fsync,
    report.requestTimeoutMs,
    report.redact,
  ]);
}

/**
 * Starts reporting as `config.report` says: loads the delivery layer (only
 * now, so a context that does not report never loads it) and makes the
 * reporter. Throws a `ConfigError` for an endpoint without an API key.
 */
export async function startReporting(
  config: ResolvedConfig,
  key: string,
  cwd: string,
  warn: (message: string) => void,
  endpointOrigin: string | undefined,
): Promise<Reporting> {
  const report = config.report ?? {};
  if (!report.apiKey) {
    const source = endpointOrigin ?? "config";
    throw new ConfigError(
      `${source}: report.endpoint is set (${report.endpoint}) but no API key is: set REHEARSE_API_KEY or report.apiKey`,
      { source, path: "report.apiKey" },
    );
  }
  const { HttpReporter } = await import("../delivery/http-reporter.js");
  const reporter = new HttpReporter({
    endpoint: report.endpoint ?? "",
    apiKey: report.apiKey,
    outboxDir: outboxDirectory(config, cwd),
    ...(report.fsync ? { fsync: report.fsync } : {}),
    ...(report.requestTimeoutMs ? { requestTimeoutMs: report.requestTimeoutMs } : {}),
    ...(report.redact !== undefined ? { redact: report.redact } : {}),
    warn,
  });
  return { key, reporter };
}

/** What `Rehearse.close()` resolves to: what was left, or `undefined` when the context did not report. */
export type CloseResult = DeliveryReport | undefined;

/** A context's reporting, as its runs see it. */
export interface ReportingSlot {
  /** Starts, keeps or replaces the reporter for `config` (awaited on a context's first run after each config change). */
  prepare(config: ResolvedConfig): Promise<void>;
  /** True when `prepare` already ran for `config`: the per-run hot path skips it. */
  isReadyFor(config: ResolvedConfig): boolean;
  /** The reporter runs attach, if reporting is on. */
  current(): HttpReporter | undefined;
  /** Ends reporting (see `Rehearse.close`). */
  close(options?: { timeoutMs?: number }): Promise<CloseResult>;
}

/**
 * The reporting of one context: no reporter until a run finds
 * `report.endpoint` set, then one for all its runs, replaced (the old one
 * closed in the background) only when the report settings change.
 */
export function createReportingSlot(options: {
  cwd: string;
  warn: (config: ResolvedConfig, message: string) => void;
  endpointOrigin: () => string | undefined;
}): ReportingSlot {
  let reporting: Reporting | undefined;
  let preparedFor: ResolvedConfig | undefined;
  return {
    async prepare(config) {
      if (preparedFor === config) return;
      const key = reportingKey(config, options.cwd);
      if (reporting?.key !== key) {
        const previous = reporting;
        reporting = undefined;
        if (previous) void previous.reporter.close({ timeoutMs: config.deliveryTimeoutMs });
        if (key) {
          const warn = (message: string) => options.warn(config, message);
          reporting = await startReporting(config, key, options.cwd, warn, options.endpointOrigin());
        }
      }
      preparedFor = config;
    },
    isReadyFor: (config) => preparedFor === config,
    current: () => reporting?.reporter,
    async close(closeOptions) {
      const closing = reporting;
      reporting = undefined;
      preparedFor = undefined;
      return closing?.reporter.close(closeOptions);
    },
  };
}
