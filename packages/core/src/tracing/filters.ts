import { TRACER_NAME } from "../telemetry/attributes.js";
import { type FinishedSpan, scopeNameOf, type TraceSpanExporter } from "../telemetry/span-types.js";

/** One way to match a string; `ignoreCase` applies to `equals` and `startsWith`. */
export interface TraceFilterMatch {
  equals?: string;
  startsWith?: string;
  matches?: RegExp;
  ignoreCase?: boolean;
}

/** Within a field any matcher may match; every given field must match. */
export interface TraceFilterCriteria {
  instrumentationScopeName?: TraceFilterMatch[];
  name?: TraceFilterMatch[];
}

/**
 * A rule of an export filter (the reference's `TraceFilter`): keep only what
 * an `include` matches, drop what an `exclude` matches, or a preset
 * (`vercelAIOnly`: the AI SDK's spans; `excludeHttpRequests`: no `GET /…`
 * style spans). Rules apply in order; a span must pass all of them.
 */
export type TraceFilter =
  | { preset: "vercelAIOnly" | "excludeHttpRequests" }
  | { include: TraceFilterCriteria }
  | { exclude: TraceFilterCriteria };

/** What decides which spans are exported: rules, or a predicate over the finished span. */
export type SpanFilter = readonly TraceFilter[] | ((span: FinishedSpan) => boolean);

/**
 * Keeps only Rehearse's own spans (scope `@rehearse/core`): an application's
 * HTTP and middleware spans stay out of the export.
 *
 * @example
 * ```ts
 * setupTracing({ traceExporter: new OTLPTraceExporter(), spanFilter: scenarioOnly });
 * ```
 */
export const scenarioOnly: TraceFilter[] = [{ include: { instrumentationScopeName: [{ equals: TRACER_NAME }] } }];

/**
 * Rehearse's spans plus those of the named instrumentation scopes (your own
 * tracers), e.g. `withCustomScopes("my-app/database")`.
 */
export function withCustomScopes(...scopes: string[]): TraceFilter[] {
  return [
    {
      include: {
        instrumentationScopeName: [{ equals: TRACER_NAME }, ...scopes.map((scope) => ({ equals: scope }))],
      },
    },
  ];
}

const HTTP_SPAN = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE)(\s|$)/;

/** Whether `span` passes `filter` (no filter passes everything). */
export function passesFilter(span: FinishedSpan, filter: SpanFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === "function") return filter(span);
  return filter.every((rule) => passesRule(span, rule));
}

function passesRule(span: FinishedSpan, rule: TraceFilter): boolean {
  if ("preset" in rule) {
    if (rule.preset === "vercelAIOnly") return scopeNameOf(span) === "ai";
    return !HTTP_SPAN.test(span.name) && span.attributes["http.request.method"] === undefined;
  }
  if ("include" in rule) return matchesCriteria(span, rule.include);
  return !matchesCriteria(span, rule.exclude);
}

function matchesCriteria(span: FinishedSpan, criteria: TraceFilterCriteria): boolean {
  const scope = criteria.instrumentationScopeName;
  if (scope && !scope.some((match) => matches(scopeNameOf(span), match))) return false;
  const name = criteria.name;
  if (name && !name.some((match) => matches(span.name, match))) return false;
  return true;
}

function matches(value: string, match: TraceFilterMatch): boolean {
  const text = match.ignoreCase ? value.toLowerCase() : value;
  const fold = (expected: string) => (match.ignoreCase ? expected.toLowerCase() : expected);
  if (match.equals !== undefined && text !== fold(match.equals)) return false;
  if (match.startsWith !== undefined && !text.startsWith(fold(match.startsWith))) return false;
  if (match.matches !== undefined && !match.matches.test(value)) return false;
  return true;
}

/** An exporter that passes on only the spans `filter` keeps. */
export class FilteringSpanExporter implements TraceSpanExporter {
  constructor(
    private readonly inner: TraceSpanExporter,
    private readonly filter: SpanFilter,
  ) {}

  export(spans: FinishedSpan[], resultCallback: (result: { code: number; error?: Error }) => void): void {
    const kept = spans.filter((span) => passesFilter(span, this.filter));
    if (kept.length === 0) {
      resultCallback({ code: 0 });
      return;
    }
    this.inner.export(kept, resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
