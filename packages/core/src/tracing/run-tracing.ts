import type { Context, Span } from "@opentelemetry/api";
import { JudgeAgent } from "../agents/judge/judge-agent.js";
import { UserSimulatorAgent } from "../agents/user-simulator/user-simulator-agent.js";
import { type Agent, type AgentInput, type AgentReturnTypes, agentName } from "../domain/agent.js";
import type { ScenarioEvent } from "../domain/event.js";
import type { AgentCallInterceptor, ToolCallInterceptor } from "../domain/scenario.js";
import {
  ATTR_AGENT_NAME,
  ATTR_AGENT_ROLE,
  ATTR_BATCH_ID,
  ATTR_CONVERSATION_ID,
  ATTR_OPERATION,
  ATTR_OUTCOME,
  ATTR_RUN_ID,
  ATTR_SCENARIO_ID,
  ATTR_SCENARIO_NAME,
  ATTR_SET_ID,
  ATTR_THREAD_ID,
  ATTR_TOOL_CALL_ID,
  ATTR_TOOL_NAME,
  ATTR_TURN,
  agentCallSpanName,
  RUN_SPAN,
  scenarioSdkAttributes,
  TURN_SPAN,
} from "../telemetry/attributes.js";
import type { RunModelTracing } from "../telemetry/model-span-parent.js";
import { endWhenSettled, type InstalledTracing } from "../telemetry/tracing-state.js";

/** Who a run is: what its spans are labelled with. */
export interface RunIdentity {
  scenarioRunId: string;
  batchRunId: string;
  setId: string;
  scenarioId: string;
  threadId: string;
  name: string;
}

/** A run's instrumentation: a synchronous event listener and the agent and tool interceptors. */
export interface RunTrace {
  listener(event: ScenarioEvent): void;
  agent: AgentCallInterceptor;
  tool: ToolCallInterceptor;
  /** What the run's model calls hang under. */
  models: RunModelTracing;
}

type Attributes = Record<string, string | number | boolean>;

/**
 * The spans of one run (one trace): `rehearse.run` at the root, a
 * `rehearse.turn` per turn, `invoke_agent <name>` per agent call (the agent's
 * own spans, and the harness's model calls, become its children through the
 * active context), `execute_tool <name>` per tool call; injections, judgments,
 * detector findings and assertions are events on the turn. The root carries
 * the run's ids, agent calls the thread id; the rest are found through them. When the run finishes its spans end
 * and the judge's collector forgets the thread (memory does not grow with runs).
 */
export function traceRun(tracing: InstalledTracing, run: RunIdentity): RunTrace {
  const { api, tracer, collector } = tracing;
  // the ids go on the root (the thread id also on agent calls): the collector and the server find the
  // rest through their parents, and every attribute costs a copy per span in the SDK
  const root = tracer.startSpan(
    RUN_SPAN,
    {
      attributes: {
        [ATTR_RUN_ID]: run.scenarioRunId,
        [ATTR_BATCH_ID]: run.batchRunId,
        [ATTR_SCENARIO_ID]: run.scenarioId,
        [ATTR_THREAD_ID]: run.threadId,
        [ATTR_CONVERSATION_ID]: run.threadId,
        ...scenarioSdkAttributes,
        [ATTR_SCENARIO_NAME]: run.name,
        [ATTR_SET_ID]: run.setId,
      },
    },
    api.context.active(),
  );
  const rootContext = api.trace.setSpan(api.context.active(), root);
  let turn: { span: Span; context: Context; number: number } | undefined;
  let finished = false;

  const current = (): Span => turn?.span ?? root;
  const parentContext = (): Context => turn?.context ?? rootContext;

  const startTurn = (number: number): void => {
    turn?.span.end();
    const span = tracer.startSpan(TURN_SPAN, { attributes: { [ATTR_TURN]: number } }, rootContext);
    turn = { span, context: api.trace.setSpan(rootContext, span), number };
  };

  const finish = (event: Extract<ScenarioEvent, { type: "SCENARIO_RUN_FINISHED" }>): void => {
    if (finished) return;
    finished = true;
    turn?.span.end();
    root.setAttribute(ATTR_OUTCOME, event.outcome);
    if (event.outcome === "error") root.setStatus({ code: 2, message: event.results.error ?? event.results.reasoning });
    root.end();
    collector.clearSpansForThread(run.threadId);
  };

  const listener = (event: ScenarioEvent): void => {
    switch (event.type) {
      case "turn_started":
        startTurn(event.turn);
        return;
      case "SCENARIO_RUN_FINISHED":
        finish(event);
        return;
      case "injection":
        current().addEvent("rehearse.injection", {
          "rehearse.injection.name": event.injection,
          "rehearse.injection.type": event.injectionType,
          "rehearse.injection.reason": event.reason,
        });
        return;
      case "judgment":
        current().addEvent("rehearse.judgment", {
          "rehearse.judgment.verdict": event.verdict,
          "rehearse.judgment.met": event.metCriteria,
          "rehearse.judgment.unmet": event.unmetCriteria,
        });
        return;
      case "assertion":
        current().addEvent("rehearse.assertion", {
          "rehearse.assertion.passed": event.passed,
          "rehearse.assertion.description": event.description,
        });
        return;
      case "pii_leak":
      case "system_prompt_leak":
      case "policy_violation":
        current().addEvent(`rehearse.${event.type}`, { "rehearse.detector": event.detector });
        return;
      default:
        return;
    }
  };

  const agent: AgentCallInterceptor = (call, next) => {
    const name = agentName(call.agent);
    const attributes: Attributes = {
      [ATTR_OPERATION]: "invoke_agent",
      [ATTR_AGENT_NAME]: name,
      [ATTR_AGENT_ROLE]: String(call.agent.role),
      [ATTR_CONVERSATION_ID]: run.threadId,
    };
    const parent = parentContext();
    const span = tracer.startSpan(agentCallSpanName(name), { attributes }, parent);
    const context = api.trace.setSpan(parent, span);
    const role = String(call.agent.role);
    // Rehearse's own simulator and judges make no spans but their model calls: those are handed the call's
    // context (see `models`) instead of running the call in an async context of its own
    const running = isHarness(call.agent)
      ? withHarnessContext(role, context, next, call.input)
      : api.context.with(context, next, undefined, call.input);
    return endWhenSettled(span, running);
  };

  const tool: ToolCallInterceptor = (call, next) => {
    const active = api.context.active();
    // a tool called outside any agent call (a script's tool step) hangs under the turn
    const parent = api.trace.getSpan(active) ? active : parentContext();
    const span = tracer.startSpan(
      `execute_tool ${call.toolName}`,
      {
        attributes: {
          [ATTR_OPERATION]: "execute_tool",
          [ATTR_TOOL_NAME]: call.toolName,
          [ATTR_TOOL_CALL_ID]: call.toolCallId,
        },
      },
      parent,
    );
    return endWhenSettled(span, api.context.with(api.trace.setSpan(parent, span), next, undefined, call.input));
  };

  /** The context of the harness agent's call in progress, per role (a run calls one agent at a time per role). */
  const harnessCalls = new Map<string, Context>();
  const withHarnessContext = (
    role: string,
    context: Context,
    next: (input: AgentInput) => Promise<AgentReturnTypes>,
    input: AgentInput,
  ): Promise<AgentReturnTypes> => {
    harnessCalls.set(role, context);
    return next(input).finally(() => {
      if (harnessCalls.get(role) === context) harnessCalls.delete(role);
    });
  };
  const models: RunModelTracing = { tracing, parentFor: (role) => harnessCalls.get(role) ?? api.context.active() };
  return { listener, agent, tool, models };
}

/** Rehearse's own user simulator and model judge: their only spans are their model calls. */
function isHarness(agent: Agent): boolean {
  return agent instanceof UserSimulatorAgent || agent instanceof JudgeAgent;
}
