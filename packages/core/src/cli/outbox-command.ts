import { relative, resolve } from "node:path";
import { DEFAULT_OUTBOX_DIR, deliverOutbox, type OutboxStatus, outboxStatus } from "../api/outbox.js";
import { createRehearse } from "../api/runs.js";
import { countNoun } from "../domain/count-noun.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode, usageError } from "./exit-codes.js";

/** The options of `rehearse outbox status`. */
export interface OutboxStatusOptions {
  outboxDir?: string;
}

/** The options of `rehearse outbox flush`. */
export interface OutboxFlushOptions extends OutboxStatusOptions {
  /** `--report-to <url>`: the server, instead of `report.endpoint`. */
  reportTo?: string;
  /** `--timeout <ms>`: the budget (default 60 000). */
  timeout?: number;
}

/**
 * `rehearse outbox status`: what waits in the outbox directory — segments,
 * events not delivered yet, the oldest one's age, dead-lettered events, and
 * whether each segment's writer is still alive. Always exits 0.
 */
export async function outboxStatusCommand(options: OutboxStatusOptions, context: CliContext): Promise<number> {
  const { directory } = await reportSettings(options, context);
  const status = await outboxStatus(directory);
  for (const line of statusLines(status, context.cwd)) context.print(line);
  return ExitCode.ok;
}

/**
 * `rehearse outbox flush`: sends every event of the outbox that no running
 * process holds, within `--timeout` ms. Exits 0 when nothing is left, 1 when
 * some events could not be delivered (saying how many and why), 2 without an
 * endpoint or an API key.
 */
export async function outboxFlushCommand(options: OutboxFlushOptions, context: CliContext): Promise<number> {
  const { directory, endpoint, apiKey, requestTimeoutMs } = await reportSettings(options, context);
  if (!endpoint) {
    throw usageError(
      "rehearse outbox flush: no server to send to: pass --report-to <url> or set REHEARSE_ENDPOINT (report.endpoint)",
      "--report-to",
    );
  }
  if (!apiKey) throw usageError("rehearse outbox flush: no API key: set REHEARSE_API_KEY (report.apiKey)");
  const shown = relative(context.cwd, directory) || directory;
  const delivery = await deliverOutbox({
    directory,
    endpoint,
    apiKey,
    timeoutMs: options.timeout ?? 60_000,
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
    warn: (message) => context.printError(message),
  });
  context.print(`delivered ${countNoun(delivery.delivered, "event")} to ${endpoint}`);
  if (delivery.deadLettered > 0)
    context.printError(`${countNoun(delivery.deadLettered, "event")} refused by the server (dead-lettered in ${shown})`);
  const held = (await outboxStatus(directory)).pendingEvents - delivery.pending;
  const left = delivery.pending + Math.max(0, held);
  if (left === 0) return ExitCode.ok;
  const why = [
    ...(delivery.pending > 0
      ? [`${countNoun(delivery.pending, "event")} not delivered: ${delivery.reason ?? "unknown reason"}`]
      : []),
    ...(held > 0 ? [`${countNoun(held, "event")} held by a running process (it sends them itself)`] : []),
  ];
  context.printError(`rehearse outbox flush: ${why.join("; ")}; they stay in ${shown}`);
  return ExitCode.unexpected;
}

/** The outbox directory, endpoint and key: the flags, else the config (files and `REHEARSE_*`). */
async function reportSettings(
  options: OutboxFlushOptions,
  context: CliContext,
): Promise<{ directory: string; endpoint?: string; apiKey?: string; requestTimeoutMs?: number }> {
  const rehearse = createRehearse({ cwd: context.cwd, env: context.env, ...(context.logger ? { logger: context.logger } : {}) });
  const report = (await rehearse.resolveConfig()).report ?? {};
  const endpoint = options.reportTo ?? report.endpoint;
  return {
    directory: resolve(context.cwd, options.outboxDir ?? report.outboxDir ?? DEFAULT_OUTBOX_DIR),
    ...(endpoint ? { endpoint } : {}),
    ...(report.apiKey ? { apiKey: report.apiKey } : {}),
    ...(report.requestTimeoutMs ? { requestTimeoutMs: report.requestTimeoutMs } : {}),
  };
}

function statusLines(status: OutboxStatus, cwd: string): string[] {
  const shown = relative(cwd, status.directory) || status.directory;
  if (status.segments.length === 0 && status.deadLettered === 0) return [`outbox ${shown}: empty`];
  const lines = [
    `outbox ${shown}: ${countNoun(status.segments.length, "segment")}, ${countNoun(status.pendingEvents, "event")} not delivered${
      status.oldestPendingAgeMs === undefined ? "" : ` (oldest ${age(status.oldestPendingAgeMs)})`
    }, ${status.deadLettered} dead-lettered`,
  ];
  for (const segment of status.segments) {
    const holder = segment.holder
      ? `pid ${segment.holder.pid ?? "?"}${segment.holder.host ? ` on ${segment.holder.host}` : ""} ${segment.holder.alive ? "alive" : "gone"}`
      : "no holder (next run or flush sends it)";
    lines.push(
      `  ${segment.name}  ${kilobytes(segment.bytes)}  ${segment.pendingEvents} pending  ${age(segment.ageMs)}  ${holder}`,
    );
  }
  return lines;
}

function age(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 120) return `${seconds} s old`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min old`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h old`;
  return `${Math.round(seconds / 86_400)} days old`;
}

function kilobytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
}
