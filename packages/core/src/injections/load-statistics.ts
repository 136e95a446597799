import { RehearseError } from "../domain/errors.js";
import { ToolFault } from "../environment/tool-fault.js";
import type { PlannedOperation } from "./load-schedule.js";

/** Distinct error messages a burst reports; the rest are counted in `other_error_messages`. */
export const MAX_ERROR_MESSAGES = 10;
/** Characters of an error message kept in the report. */
const MAX_MESSAGE_LENGTH = 200;

/** One distinct failure of a burst's operations. */
export interface LoadErrorMessage {
  readonly type: string;
  readonly message: string;
  readonly count: number;
}

/**
 * The type and message of an operation's failure: a `ToolFault`'s payload
 * type (`rate_limit`, `internal_error`, …), `agent_timeout` for a load call of
 * the agent past its limit, else the error's class name
 * (`TypeError`, `AI_APICallError`, …) — never a generic label.
 */
export function describeFailure(error: unknown): { type: string; message: string } {
  if (ToolFault.isInstance(error)) return { type: error.payload.type, message: error.payload.message };
  // a load call of the agent past its limit counts as what it is in the conversation: `agent_timeout`
  if (RehearseError.isInstance(error) && error.code === "agent_timeout") return { type: error.code, message: error.message };
  if (error instanceof Error) return { type: error.name || "Error", message: error.message };
  return { type: typeof error, message: String(error) };
}

/**
 * What a burst measured: each operation's wall duration (milliseconds on
 * the run's monotonic clock) and each failure's type and message.
 */
export class LoadTally {
  private readonly durations: number[] = [];
  private readonly errorsByType: Record<string, number> = {};
  private readonly messages = new Map<string, LoadErrorMessage>();
  succeeded = 0;

  record(milliseconds: number, error?: unknown): void {
    this.durations.push(milliseconds);
    if (error === undefined) {
      this.succeeded++;
      return;
    }
    const { type, message } = describeFailure(error);
    this.errorsByType[type] = (this.errorsByType[type] ?? 0) + 1;
    const text = message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
    const key = `${type}\u0000${text}`;
    const seen = this.messages.get(key);
    this.messages.set(key, { type, message: text, count: (seen?.count ?? 0) + 1 });
  }

  /**
   * The measured figures: `ops`, `succeeded`, `errors`, `errors_by_type`,
   * `error_messages` (most frequent first, at most `MAX_ERROR_MESSAGES`),
   * `error_rate`, and `p50_ms`/`p95_ms`/`p99_ms`/`max_ms` of the durations.
   */
  summary(): Record<string, unknown> {
    const ops = this.durations.length;
    const errors = ops - this.succeeded;
    const distinct = [...this.messages.values()].sort(
      (left, right) =>
        right.count - left.count || left.type.localeCompare(right.type) || left.message.localeCompare(right.message),
    );
    const kept = distinct.slice(0, MAX_ERROR_MESSAGES);
    const dropped = distinct.slice(MAX_ERROR_MESSAGES).reduce((sum, entry) => sum + entry.count, 0);
    const sorted = [...this.durations].sort((left, right) => left - right);
    return {
      ops,
      succeeded: this.succeeded,
      errors,
      errors_by_type: { ...this.errorsByType },
      error_messages: kept,
      ...(dropped > 0 ? { other_error_messages: dropped } : {}),
      error_rate: ops === 0 ? 0 : errors / ops,
      p50_ms: percentile(sorted, 0.5),
      p95_ms: percentile(sorted, 0.95),
      p99_ms: percentile(sorted, 0.99),
      max_ms: percentile(sorted, 1),
    };
  }
}

/** The simulated schedule's figures, named `simulated_*` so no one takes them for measurements. */
export function simulatedFigures(lanes: readonly (readonly PlannedOperation[])[]): Record<string, number> {
  const latencies = lanes
    .flat()
    .map((operation) => operation.latency * 1000)
    .sort((left, right) => left - right);
  return {
    simulated_ops: latencies.length,
    simulated_p50_ms: percentile(latencies, 0.5),
    simulated_p95_ms: percentile(latencies, 0.95),
    simulated_p99_ms: percentile(latencies, 0.99),
    simulated_max_ms: percentile(latencies, 1),
  };
}

/** Nearest-rank percentile of ascending `sorted` (milliseconds, rounded to 0.1). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return Math.round((sorted[rank] as number) * 10) / 10;
}
