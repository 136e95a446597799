import type { FinishedSpan } from "../../telemetry/span-types.js";
import { toJudgeSpan } from "./collected-spans.js";
import { spanDigest, spanStructure } from "./transcript/span-digest.js";
import { expandSpans, grepSpans } from "./transcript/span-discovery.js";
import type { JudgeSpan } from "./transcript/spans.js";

/** OpenTelemetry finished spans (what `judgeSpanCollector.getSpansForThread` gives) or the judge's plain spans. */
export type TraceSpans = ReadonlyArray<FinishedSpan> | ReadonlyArray<JudgeSpan>;

function plain(spans: TraceSpans): JudgeSpan[] {
  return spans.map((span) => ("spanContext" in span ? toJudgeSpan(span) : span));
}

/**
 * The reference's helper for custom judges: full details (attributes, events,
 * status) of the spans whose ids start with `spanIds` (the 8-character
 * prefixes of a digest work), within about 4 096 tokens.
 *
 * @example
 * ```ts
 * expandTrace(judgeSpanCollector.getSpansForThread(input.threadId), ["a1b2c3d4"]);
 * ```
 */
export function expandTrace(spans: TraceSpans, spanIds: string[]): string {
  return expandSpans(plain(spans), spanIds, { maxTokens: 4_096 });
}

/**
 * The reference's helper for custom judges: spans whose name, status,
 * attributes or events match `pattern` (case-insensitive), at most 20, within
 * about 4 000 tokens.
 */
export function grepTrace(spans: TraceSpans, pattern: string): string {
  return grepSpans(plain(spans), pattern, { maxTokens: 4_000, maxMatches: 20 });
}

/**
 * The reference's span digest for custom judges: `format` renders the whole
 * tree with attributes and events (repeated long strings shown once),
 * `formatStructureOnly` names, ids and durations only.
 */
export class JudgeSpanDigestFormatter {
  format(spans: TraceSpans): string {
    return spanDigest(plain(spans), { maxTokens: Number.POSITIVE_INFINITY });
  }

  formatStructureOnly(spans: TraceSpans): string {
    return spanStructure(plain(spans));
  }
}

/** The reference's shared formatter. */
export const judgeSpanDigestFormatter = new JudgeSpanDigestFormatter();
