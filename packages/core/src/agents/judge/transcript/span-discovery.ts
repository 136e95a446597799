import { joinWithinTokens, truncateToTokens } from "./estimate-tokens.js";
import { formatDuration, formatTime, isErrorSpan, type JudgeSpan, spanDetailLines, spanDurationMs, spanLabel } from "./spans.js";
import { compilePattern, snippetAround } from "./text-pattern.js";

/** The marker ending a span expansion that was cut to fit its token bound. */
export const EXPAND_SPANS_TRUNCATED_MARKER = "\n[TRUNCATED — ask for fewer spans]";

/** Spans one id prefix may expand to; a shorter prefix is probably a mistake. */
const maxPerId = 10;

/** Spans whose id equals `id`, else those whose id starts with it (brackets and spaces ignored). */
export function findSpans(spans: readonly JudgeSpan[], id: string): JudgeSpan[] {
  const wanted = id.trim().replace(/^\[|\]$/g, "");
  if (wanted.length === 0) return [];
  const exact = spans.filter((span) => span.spanId === wanted);
  return exact.length > 0 ? exact : spans.filter((span) => span.spanId.startsWith(wanted));
}

/**
 * Every detail of the spans named by `ids` (full ids or the 8-character
 * prefixes shown in brackets): parent, timing, status, all attributes and
 * events, children. Cut with {@link EXPAND_SPANS_TRUNCATED_MARKER} past `maxTokens`.
 *
 * @example
 * ```ts
 * expandSpans(spans, ["a1b2c3d4"], { maxTokens: 4096 });
 * ```
 */
export function expandSpans(spans: readonly JudgeSpan[], ids: readonly string[], options: { maxTokens: number }): string {
  const sections: string[] = [];
  const unknown: string[] = [];
  const shown = new Set<JudgeSpan>();
  for (const id of ids) {
    const found = findSpans(spans, id);
    if (found.length === 0) unknown.push(id);
    for (const span of found.slice(0, maxPerId)) {
      if (!shown.has(span)) sections.push(spanDetails(span, spans));
      shown.add(span);
    }
    if (found.length > maxPerId) sections.push(`[${found.length - maxPerId} more spans start with "${id}"; use a longer id]`);
  }
  if (unknown.length > 0) {
    const some = spans.slice(0, 20).map(spanLabel).join(", ");
    const rest = spans.length > 20 ? `, … (${spans.length - 20} more)` : "";
    const listing = spans.length === 0 ? "no spans were recorded" : `known spans: ${some}${rest}`;
    sections.push(`[no span matches ${unknown.map((id) => JSON.stringify(id)).join(", ")}; ${listing}]`);
  }
  if (sections.length === 0) sections.push("[no span ids given]");
  return truncateToTokens(sections.join("\n\n"), options.maxTokens, EXPAND_SPANS_TRUNCATED_MARKER);
}

/** Bounds for {@link grepSpans}. */
export interface GrepSpansOptions {
  maxTokens: number;
  /** Matching spans shown at most; the rest are counted. Default 20. */
  maxMatches?: number;
  caseSensitive?: boolean;
  /** Characters of context each side of a match. Default 80. */
  contextCharacters?: number;
}

/**
 * Spans whose name, status, attributes or events match `pattern` (substring,
 * case-insensitive by default, or `/regex/flags`), each with up to three
 * matching lines in context. Past `maxMatches` spans or `maxTokens`, a closing
 * line counts what was left out; no match lists the span names that exist.
 *
 * @example
 * ```ts
 * grepSpans(spans, "order.id", { maxTokens: 4096 });
 * ```
 */
export function grepSpans(spans: readonly JudgeSpan[], pattern: string, options: GrepSpansOptions): string {
  const compiled = compilePattern(pattern, options.caseSensitive);
  if (!compiled) return "Error: grep_trace needs a non-empty pattern.";
  const maxMatches = options.maxMatches ?? 20;
  const blocks: string[] = [];
  let matching = 0;
  for (const span of spans) {
    const hits: string[] = [];
    let count = 0;
    for (const line of searchableLines(span)) {
      const [match] = compiled.matches(line, 1);
      if (!match) continue;
      count++;
      if (hits.length < 3) hits.push(`  ${snippetAround(line, match, options.contextCharacters ?? 80)}`);
    }
    if (count === 0) continue;
    matching++;
    if (blocks.length >= maxMatches) continue;
    const more = count > hits.length ? [`  (+${count - hits.length} more matching lines; expand_trace to see all)`] : [];
    blocks.push([spanLabel(span), ...hits, ...more].join("\n"));
  }
  if (matching === 0) return `No spans match ${compiled.description}. ${known(spans)}.`;
  const header = `${matching} span${matching === 1 ? "" : "s"} match ${compiled.description}:`;
  const footer = (omittedBlocks: number) => {
    const omitted = matching - Math.max(0, blocks.length - omittedBlocks);
    return omitted > 0 ? `${omitted} more matching spans omitted; narrow the pattern or use expand_trace.` : "";
  };
  return joinWithinTokens([header, ...blocks], options.maxTokens, footer);
}

function searchableLines(span: JudgeSpan): string[] {
  const status = isErrorSpan(span) ? [`status: error${span.errorMessage ? ` — ${span.errorMessage}` : ""}`] : [];
  return [`name: ${span.name}`, ...status, ...spanDetailLines(span)];
}

function spanDetails(span: JudgeSpan, spans: readonly JudgeSpan[]): string {
  const parent = span.parentSpanId === undefined ? undefined : spans.find((other) => other.spanId === span.parentSpanId);
  const duration = spanDurationMs(span);
  const timing = [
    span.startTime === undefined ? "" : `start: ${formatTime(span.startTime)}`,
    span.endTime === undefined ? "" : `end: ${formatTime(span.endTime)}`,
    duration === undefined ? "" : `duration: ${formatDuration(duration)}`,
  ].filter(Boolean);
  const children = spans.filter((other) => other.parentSpanId === span.spanId && other !== span);
  const details = spanDetailLines(span);
  const lines = [
    spanLabel(span),
    `span id: ${span.spanId}${span.parentSpanId === undefined ? "" : ` | parent: ${parent ? spanLabel(parent) : span.parentSpanId}`}`,
    ...(timing.length > 0 ? [timing.join(" | ")] : []),
    ...(isErrorSpan(span)
      ? [`status: error${span.errorMessage ? ` — ${span.errorMessage}` : ""}`]
      : span.status
        ? [`status: ${span.status}`]
        : []),
    ...(details.length > 0 ? ["details:", ...details.map((line) => `  ${line}`)] : []),
    ...(children.length > 0 ? [`children: ${children.map(spanLabel).join(", ")}`] : []),
  ];
  return lines.join("\n");
}

function known(spans: readonly JudgeSpan[]): string {
  if (spans.length === 0) return "no spans were recorded";
  const names = [...new Set(spans.map((span) => span.name))];
  const listed = names.slice(0, 30).join(", ");
  return `${spans.length} spans exist, named: ${listed}${names.length > 30 ? `, … (${names.length - 30} more names)` : ""}`;
}
