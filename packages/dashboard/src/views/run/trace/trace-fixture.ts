/**
 * For the trace panel's unit tests: one run's trace as the trace route
 * returns it, shaped like the spans core emits (issue 17's contract): the
 * run, two turns, the user simulator's and the agent's `invoke_agent` calls
 * with their `chat` model calls, the agent's own spans from another service
 * under its `invoke_agent` (a tool call that failed among them), the judge.
 */
import type { TraceSpan } from "./trace-model";

export const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const START = Date.parse("2026-03-02T10:00:00.000Z");

/** A span of the fixture's trace starting `at` ms after the run's start and lasting `duration` ms. */
export function traceSpan(
  spanId: string,
  parentSpanId: string | null,
  name: string,
  at: number,
  duration: number,
  extra: Partial<TraceSpan> = {},
): TraceSpan {
  return {
    traceId: TRACE_ID,
    spanId,
    parentSpanId,
    name,
    kind: "internal",
    scope: "@rehearse/core",
    service: "rehearse",
    startTime: new Date(START + at).toISOString(),
    endTime: new Date(START + at + duration).toISOString(),
    durationMs: duration,
    status: "unset",
    statusMessage: null,
    attributes: {},
    events: [],
    ...extra,
  };
}

const agentService = { scope: "shop-agent", service: "shop-agent", kind: "server" } as const;

/** Out of start order on purpose: the route orders by start time, the layout must not rely on it. */
export const fixtureSpans: TraceSpan[] = [
  traceSpan("a000000000000001", null, "rehearse.run", 0, 4000, {
    attributes: { "rehearse.run.id": "scenariorun_1", "rehearse.scenario.name": "Refund" },
  }),
  traceSpan("a000000000000003", "a000000000000001", "rehearse.turn", 2000, 1900, { attributes: { "rehearse.turn": 1 } }),
  traceSpan("a000000000000002", "a000000000000001", "rehearse.turn", 0, 2000, { attributes: { "rehearse.turn": 0 } }),
  traceSpan("b000000000000001", "a000000000000002", "invoke_agent User", 0, 500, {
    attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "User", "rehearse.agent.role": "User" },
  }),
  traceSpan("b000000000000002", "b000000000000001", "chat gpt-4o-mini", 10, 480, {
    kind: "client",
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.usage.input_tokens": 120,
      "gen_ai.usage.output_tokens": "45",
      "gen_ai.response.finish_reasons": ["stop"],
    },
  }),
  traceSpan("b000000000000003", "a000000000000002", "invoke_agent Agent", 500, 1500, {
    attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "Agent", "rehearse.agent.role": "Agent" },
  }),
  traceSpan("c000000000000001", "b000000000000003", "POST /chat", 520, 1450, agentService),
  traceSpan("c000000000000003", "c000000000000001", "execute_tool refund", 1400, 300, {
    ...agentService,
    kind: "internal",
    status: "error",
    statusMessage: "refund service timed out",
    attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "refund", "gen_ai.tool.call.id": "call-1" },
    events: [
      {
        name: "exception",
        time: new Date(START + 1690).toISOString(),
        attributes: { "exception.type": "TimeoutError", "exception.message": "refund service timed out" },
      },
    ],
  }),
  traceSpan("c000000000000002", "c000000000000001", "chat claude-haiku", 530, 800, {
    ...agentService,
    kind: "client",
    attributes: { "gen_ai.operation.name": "chat", "gen_ai.system": "anthropic", "gen_ai.request.model": "claude-haiku" },
  }),
  traceSpan("b000000000000004", "a000000000000003", "invoke_agent Judge", 2000, 1900, {
    attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "Judge", "rehearse.agent.role": "Judge" },
  }),
];
