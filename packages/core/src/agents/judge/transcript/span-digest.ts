import { elideMiddle, estimateTokens, truncateToTokens } from "./estimate-tokens.js";
import { formatDuration, isErrorSpan, type JudgeSpan, spanDetailLines, spanDurationMs, spanLabel, timeMs } from "./spans.js";

/** Bounds for {@link spanDigest}. */
export interface SpanDigestOptions {
  /** The digest never exceeds this many estimated tokens. */
  maxTokens: number;
  /** Attribute values longer than this are cut in the full digest (expand_trace shows them whole). Default 300. */
  maxValueCharacters?: number;
}

/** Said when only the structure fits, so the judge knows how to read the rest. */
export const LARGE_TRACE_HINT =
  "The trace is too large to show in full: structure only. Use expand_trace with span ids from the brackets " +
  "(8-character prefixes work) to see attributes and events, or grep_trace to search them.";

/**
 * A tree view of the spans for a judge prompt, within `maxTokens`:
 * `├── [a1b2c3d4] tool.lookup (20ms) ⚠ ERROR: not found`, with attributes
 * and events under each span when they fit, else the structure only plus
 * {@link LARGE_TRACE_HINT}, with the middle elided if even that is too long.
 *
 * @example
 * ```ts
 * spanDigest(spans, { maxTokens: DEFAULT_TOKEN_THRESHOLD });
 * ```
 */
export function spanDigest(spans: readonly JudgeSpan[], options: SpanDigestOptions): string {
  if (spans.length === 0) return "No spans recorded.";
  const errors = spans.filter(isErrorSpan);
  const header = digestHeader(spans, errors.length);
  const seen = new Map<string, string>();
  const detailed = treeLines(spans, (span) =>
    spanDetailLines(span, { seen, maxStringLength: options.maxValueCharacters ?? 300 }),
  );
  const errorLines = errors.map((span) => `${spanLabel(span)}: ${oneLine(span.errorMessage ?? "error")}`);
  const errorSection = errors.length > 0 ? ["", "=== ERRORS ===", ...errorLines] : [];
  const full = [header, ...detailed, ...errorSection].join("\n");
  if (estimateTokens(full) <= options.maxTokens) return full;
  // The header and hint always stay; only the tree is elided when it alone is too long.
  const fixed = `${header}\n${LARGE_TRACE_HINT}`;
  const tree = elideMiddle(
    treeLines(spans, () => []),
    Math.max(0, options.maxTokens - estimateTokens(fixed) - 1),
    (omitted) => `… ${omitted} spans omitted; use grep_trace or expand_trace to explore them`,
  );
  return truncateToTokens(`${fixed}\n${tree}`, options.maxTokens, "");
}

/** The tree of span names, ids and durations only, with {@link LARGE_TRACE_HINT} (what a large trace shows). */
export function spanStructure(spans: readonly JudgeSpan[]): string {
  if (spans.length === 0) return "No spans recorded.";
  const header = digestHeader(spans, spans.filter(isErrorSpan).length);
  return [header, LARGE_TRACE_HINT, ...treeLines(spans, () => [])].join("\n");
}

function digestHeader(spans: readonly JudgeSpan[], errorCount: number): string {
  // Loops rather than Math.max(...list): spreading 100k spans would overflow the argument limit.
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let longest = 0;
  for (const span of spans) {
    start = Math.min(start, timeMs(span.startTime) ?? Number.POSITIVE_INFINITY);
    end = Math.max(end, timeMs(span.endTime) ?? Number.NEGATIVE_INFINITY);
    longest = Math.max(longest, spanDurationMs(span) ?? 0);
  }
  const total = Number.isFinite(start) && Number.isFinite(end) ? Math.max(longest, end - start) : longest;
  return `Spans: ${spans.length} | Total duration: ${formatDuration(total)} | Errors: ${errorCount}`;
}

/**
 * One line per span, depth first, children ordered by start time; `details`
 * lines are indented under their span. Spans whose parent is missing are
 * roots; spans caught in a parent cycle are appended as roots so none is lost.
 * Iterative, so a pathologically deep trace cannot overflow the stack.
 */
function treeLines(spans: readonly JudgeSpan[], details: (span: JudgeSpan) => string[]): string[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const hasParent = (span: JudgeSpan) =>
    span.parentSpanId !== undefined && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId;
  const children = new Map<string, JudgeSpan[]>();
  for (const span of spans) {
    if (!hasParent(span)) continue;
    const siblings = children.get(span.parentSpanId as string);
    if (siblings) siblings.push(span);
    else children.set(span.parentSpanId as string, [span]);
  }
  const startOf = (span: JudgeSpan) => timeMs(span.startTime) ?? Number.POSITIVE_INFINITY;
  const byStart = (list: readonly JudgeSpan[]) => [...list].sort((a, b) => startOf(a) - startOf(b));
  const lines: string[] = [];
  const visited = new Set<JudgeSpan>();
  const roots = [...byStart(spans.filter((span) => !hasParent(span))), ...spans];
  const stack = roots.reverse().map((span) => ({ span, linePrefix: "", childPrefix: "" }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { span, linePrefix, childPrefix } = item;
    if (visited.has(span)) continue;
    visited.add(span);
    lines.push(`${linePrefix}${spanLine(span)}`);
    const kids = byStart((children.get(span.spanId) ?? []).filter((kid) => !visited.has(kid)));
    for (const detail of details(span)) lines.push(`${childPrefix}${kids.length > 0 ? "│" : " "}   ${oneLine(detail)}`);
    for (let position = kids.length - 1; position >= 0; position--) {
      const last = position === kids.length - 1;
      stack.push({
        span: kids[position] as JudgeSpan,
        linePrefix: `${childPrefix}${last ? "└── " : "├── "}`,
        childPrefix: `${childPrefix}${last ? "    " : "│   "}`,
      });
    }
  }
  return lines;
}

function spanLine(span: JudgeSpan): string {
  const duration = spanDurationMs(span);
  const timing = duration === undefined ? "" : ` (${formatDuration(duration)})`;
  const error = isErrorSpan(span) ? ` ⚠ ERROR: ${oneLine(span.errorMessage ?? "error").slice(0, 160)}` : "";
  return `${spanLabel(span)}${timing}${error}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
