import type { AgentInput } from "../../domain/agent.js";
import { AgentRole } from "../../domain/roles.js";
import {
  ATTR_AGENT_ROLE,
  ATTR_BATCH_ID,
  ATTR_CONVERSATION_ID,
  ATTR_RUN_ID,
  ATTR_SCENARIO_ID,
  ATTR_THREAD_ID,
  ATTR_TURN,
  isAgentCallSpan,
  RUN_SPAN,
  TRACER_NAME,
  TURN_SPAN,
} from "../../telemetry/attributes.js";
import type { JudgeSpanCollector } from "../../telemetry/judge-span-collector.js";
import { epochMs, type FinishedSpan, parentIdOf, scopeNameOf } from "../../telemetry/span-types.js";
import { installedTracing } from "../../telemetry/tracing-state.js";
import type { JudgeSpan } from "./transcript/spans.js";

/**
 * The spans a judge reads by default: what the agent under test produced in
 * this conversation (its `invoke_agent` spans and everything under them: its
 * own spans, its model and tool calls), from `collector` or, when none is
 * given, the collector of the process's tracing. Rehearse's run and turn
 * spans and the user simulator's and judges' calls are left out. `undefined`
 * when there is no collector (tracing not set up): the judge shows no trace.
 */
export function collectedSpans(
  collector: JudgeSpanCollector | undefined,
): ((input: AgentInput) => Promise<JudgeSpan[]>) | undefined {
  const source = collector ?? installedTracing()?.collector;
  if (!source) return undefined;
  return async (input) => {
    await source.settled();
    const spans = source.getSpansForThread(input.threadId);
    // agent calls alone (an agent that made no span of its own) tell the judge nothing the transcript does not
    return onlyBareAgentCalls(spans) ? [] : agentSpansOf(spans);
  };
}

/** The agent under test's spans among a thread's spans, as `JudgeSpan`s in start order. */
export function agentSpansOf(spans: readonly FinishedSpan[]): JudgeSpan[] {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const verdicts = new Map<string, boolean>();
  const isAgents = (span: FinishedSpan, seen: Set<string>): boolean => {
    const id = span.spanContext().spanId;
    const known = verdicts.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return false;
    seen.add(id);
    let verdict: boolean;
    const ours = scopeNameOf(span) === TRACER_NAME;
    if (ours && (span.name === RUN_SPAN || span.name === TURN_SPAN)) verdict = false;
    else if (ours && isAgentCallSpan(span.name)) verdict = span.attributes[ATTR_AGENT_ROLE] === AgentRole.AGENT;
    else {
      const parentId = parentIdOf(span);
      const parent = parentId === undefined ? undefined : byId.get(parentId);
      // a span whose parent is not among the thread's (still running, or the run span) counts as the agent's
      verdict = parent === undefined ? true : isAgents(parent, seen) || isStructural(parent);
    }
    verdicts.set(id, verdict);
    return verdict;
  };
  return spans
    .filter((span) => isAgents(span, new Set()))
    .sort((left, right) => epochMs(left.startTime) - epochMs(right.startTime))
    .map(toJudgeSpan);
}

/**
 * True when the agent under test's calls are the only spans of the agent: none
 * failed and none has a child (checked in one pass, before any conversion: a
 * judge runs every turn).
 */
function onlyBareAgentCalls(spans: readonly FinishedSpan[]): boolean {
  const calls = new Set<string>();
  for (const span of spans) {
    if (isAgentCallSpan(span.name) && span.attributes[ATTR_AGENT_ROLE] === AgentRole.AGENT) {
      if (span.status.code === 2) return false;
      calls.add(span.spanContext().spanId);
    }
  }
  if (calls.size === 0) return true;
  for (const span of spans) {
    const parentId = parentIdOf(span);
    if (parentId !== undefined && calls.has(parentId)) return false;
  }
  return true;
}

function isStructural(span: FinishedSpan): boolean {
  return scopeNameOf(span) === TRACER_NAME && (span.name === RUN_SPAN || span.name === TURN_SPAN);
}

/** An OpenTelemetry span in the judge's plain shape. */
export function toJudgeSpan(span: FinishedSpan): JudgeSpan {
  const parentSpanId = parentIdOf(span);
  const startMs = epochMs(span.startTime);
  const endMs = epochMs(span.endTime);
  const failed = span.status.code === 2;
  return {
    spanId: span.spanContext().spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: span.name,
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(endMs).toISOString(),
    durationMs: Math.max(0, endMs - startMs),
    ...(failed ? { status: "error" as const } : span.status.code === 1 ? { status: "ok" as const } : {}),
    ...(failed && span.status.message ? { errorMessage: span.status.message } : {}),
    attributes: judgeAttributes(span),
    events: span.events.map((event) => ({
      name: event.name,
      time: new Date(epochMs(event.time)).toISOString(),
      ...(event.attributes ? { attributes: { ...event.attributes } } : {}),
    })),
  };
}

/** Rehearse's own bookkeeping (run, batch and thread ids) is left out of what the judge reads: it costs tokens and says nothing. */
function judgeAttributes(span: FinishedSpan): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(span.attributes)) {
    if (HIDDEN_KEYS.has(key)) continue;
    attributes[key] = value;
  }
  return attributes;
}

const HIDDEN_KEYS = new Set([ATTR_RUN_ID, ATTR_BATCH_ID, ATTR_SCENARIO_ID, ATTR_THREAD_ID, ATTR_CONVERSATION_ID, ATTR_TURN]);
