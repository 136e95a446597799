import { countNoun } from "../../domain/count-noun.js";
import type { Check } from "../../domain/criteria.js";
import { ConfigError } from "../../domain/errors.js";
import type { JudgeSpanCollector } from "../../telemetry/judge-span-collector.js";
import { installedTracing } from "../../telemetry/tracing-state.js";
import { check } from "./checks.js";
import { agentSpansOf } from "./collected-spans.js";
import type { JudgeSpan } from "./transcript/spans.js";

/** Which spans a span check looks for: a name (exact or a pattern) and attributes (values or patterns). */
export interface SpanMatch {
  name?: string | RegExp;
  attributes?: Record<string, string | number | boolean | RegExp>;
}

/** Options of the span checks. */
export interface SpanCheckOptions {
  /** Criterion name shown in the verdict (default: says what is checked). */
  name?: string;
  /** Where spans come from (default: the collector of `setupTracing`). */
  collector?: JudgeSpanCollector;
}

/**
 * Met when the agent under test produced a span matching `match` in this
 * conversation (its own spans, in process or from its OTLP export, and its
 * tool and model calls) — optionally exactly `times` of them. Needs tracing
 * set up (`setupTracing`, `tracing` in the config, or an OTLP endpoint);
 * without it the check is an error that says so, never a silent fail.
 *
 * @example
 * ```ts
 * judge({ criteria: [spanExists({ name: "db.query", attributes: { "db.operation": "SELECT" } })] })
 * ```
 */
export function spanExists(match: SpanMatch, options: SpanCheckOptions & { times?: number } = {}): Check {
  const { times } = options;
  const name =
    options.name ?? `Agent produced a span ${describe(match)}${times === undefined ? "" : ` ${countNoun(times, "time")}`}`;
  return check(name, async (state) => {
    const spans = await spansOf(state.threadId, options.collector, name);
    const found = spans.filter((span) => matches(span, match));
    const met = times === undefined ? found.length > 0 : found.length === times;
    if (met) return { met };
    return { met, reason: `${countNoun(found.length, "matching span")} among ${countNoun(spans.length, "span")} of the agent` };
  });
}

/**
 * Met when spans matching each of `steps` started in that order (each after
 * the previous one's match): "the agent looked up the order before refunding".
 *
 * @example
 * ```ts
 * spansInOrder([{ name: "execute_tool lookup_order" }, { name: "execute_tool refund" }])
 * ```
 */
export function spansInOrder(steps: SpanMatch[], options: SpanCheckOptions = {}): Check {
  const name = options.name ?? `Agent produced spans in order: ${steps.map(describe).join(" → ")}`;
  return check(name, async (state) => {
    const spans = await spansOf(state.threadId, options.collector, name);
    let from = 0;
    for (const [index, step] of steps.entries()) {
      const at = spans.findIndex((span, position) => position >= from && matches(span, step));
      if (at < 0) {
        const anywhere = spans.some((span) => matches(span, step));
        return {
          met: false,
          reason: anywhere
            ? `step ${index + 1} (${describe(step)}) happened, but not after step ${index}`
            : `no span ${describe(step)}`,
        };
      }
      from = at + 1;
    }
    return { met: true };
  });
}

async function spansOf(threadId: string, given: JudgeSpanCollector | undefined, criterion: string): Promise<JudgeSpan[]> {
  const collector = given ?? installedTracing()?.collector;
  if (!collector) {
    throw new ConfigError(
      `"${criterion}" reads the agent's spans, but tracing is not set up: call setupTracing() before the run, or set ` +
        "`tracing` in rehearse.config.mjs (docs/tracing.md)",
      { source: "tracing" },
    );
  }
  await collector.settled();
  return agentSpansOf(collector.getSpansForThread(threadId));
}

function matches(span: JudgeSpan, match: SpanMatch): boolean {
  if (match.name !== undefined && !valueMatches(span.name, match.name)) return false;
  for (const [key, expected] of Object.entries(match.attributes ?? {})) {
    if (!valueMatches(span.attributes?.[key], expected)) return false;
  }
  return true;
}

function valueMatches(value: unknown, expected: string | number | boolean | RegExp): boolean {
  if (expected instanceof RegExp) return typeof value === "string" && expected.test(value);
  return value === expected;
}

function describe(match: SpanMatch): string {
  const parts: string[] = [];
  if (match.name !== undefined) parts.push(`"${String(match.name)}"`);
  const attributes = Object.entries(match.attributes ?? {}).map(([key, value]) => `${key}=${String(value)}`);
  if (attributes.length > 0) parts.push(`with ${attributes.join(", ")}`);
  return parts.length > 0 ? parts.join(" ") : "of any kind";
}
