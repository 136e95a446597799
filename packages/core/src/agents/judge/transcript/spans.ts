import { type CompactOptions, compactValue } from "./compact-value.js";

/** Something that happened at a point in a span's life (an OpenTelemetry span event). */
export interface JudgeSpanEvent {
  name: string;
  /** ISO 8601 string, or a number read as epoch milliseconds (µs/ns when that large). */
  time?: string | number;
  attributes?: Record<string, unknown>;
}

/**
 * A span of the agent's own trace, handed to the judge by the user (never the
 * harness's model calls). Plain JSON, so spans can come from any tracer:
 * map OpenTelemetry's `spanContext().spanId`, `parentSpanId`, `name`, times,
 * `status.code === ERROR` and `attributes` onto it. Times are ISO strings or
 * epoch numbers (ms; values past 1e14 are read as µs, past 1e17 as ns).
 *
 * @example
 * ```ts
 * const spans: JudgeSpan[] = [
 *   { spanId: "a1b2c3d4e5f60718", name: "agent.run", durationMs: 1200 },
 *   { spanId: "0f1e2d3c4b5a6978", parentSpanId: "a1b2c3d4e5f60718", name: "tool.lookup_order",
 *     status: "error", errorMessage: "order not found", attributes: { "order.id": "42" } },
 * ];
 * ```
 */
export interface JudgeSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTime?: string | number;
  endTime?: string | number;
  /** Wins over `endTime - startTime` when both are given. */
  durationMs?: number;
  status?: "ok" | "error";
  errorMessage?: string;
  attributes?: Record<string, unknown>;
  events?: JudgeSpanEvent[];
}

/** The 8-character id prefix shown in brackets, which discovery tools accept. */
export function shortSpanId(span: JudgeSpan): string {
  return span.spanId.slice(0, 8);
}

/** `[a1b2c3d4] name` — how a span is referred to everywhere. */
export function spanLabel(span: JudgeSpan): string {
  return `[${shortSpanId(span)}] ${span.name}`;
}

/** Epoch milliseconds of a span time, or `undefined` when it cannot be read. */
export function timeMs(time: string | number | undefined): number | undefined {
  if (typeof time === "number") {
    if (!Number.isFinite(time)) return undefined;
    return time > 1e17 ? time / 1e6 : time > 1e14 ? time / 1e3 : time;
  }
  if (typeof time !== "string") return undefined;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** `durationMs`, else end − start when both times are readable. */
export function spanDurationMs(span: JudgeSpan): number | undefined {
  if (typeof span.durationMs === "number" && Number.isFinite(span.durationMs)) return span.durationMs;
  const start = timeMs(span.startTime);
  const end = timeMs(span.endTime);
  return start !== undefined && end !== undefined ? Math.max(0, end - start) : undefined;
}

/** `850ms`, `1.25s`, `2m 5s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))}s`;
  return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`;
}

/** True when the span failed: `status: "error"` or an error message. */
export function isErrorSpan(span: JudgeSpan): boolean {
  return span.status === "error" || (span.errorMessage !== undefined && span.errorMessage !== "");
}

/**
 * The span's attributes as `key: value` lines, then its events as
 * `• name @ time {attributes}` lines; values compacted (data URLs, base64,
 * JSON-in-strings) with `options`, multi-line strings kept on one line.
 */
export function spanDetailLines(span: JudgeSpan, options: CompactOptions = {}): string[] {
  const where = `[${shortSpanId(span)}]`;
  const lines = Object.entries(span.attributes ?? {}).map(
    ([key, value]) => `${key}: ${renderValue(value, { ...options, where: `${where} ${key}` })}`,
  );
  for (const event of span.events ?? []) {
    const time = event.time === undefined ? "" : ` @ ${formatTime(event.time)}`;
    const attributes = event.attributes && Object.keys(event.attributes).length > 0;
    const rendered = attributes ? ` ${renderValue(event.attributes, { ...options, where: `${where} ${event.name}` })}` : "";
    lines.push(`• ${event.name}${time}${rendered}`);
  }
  return lines;
}

/** An ISO timestamp when the time is readable, else the value as given. */
export function formatTime(time: string | number): string {
  const ms = timeMs(time);
  // Date covers ±8.64e15 ms; anything beyond would throw in toISOString.
  return ms === undefined || Math.abs(ms) > 8.64e15 ? String(time) : new Date(ms).toISOString();
}

function renderValue(value: unknown, options: CompactOptions): string {
  const compacted = compactValue(value, options);
  if (typeof compacted === "string" && !compacted.includes("\n")) return compacted;
  return JSON.stringify(compacted) ?? "null";
}
