import type { SystemConditionInjection, ToolErrorInjection } from "../domain/declarative.js";
import { ToolFault } from "../environment/tool-fault.js";
import { createTrigger } from "../environment/triggers.js";
import type { ArmedInjection, InjectionContext } from "./injection-runtime.js";

/** Virtual seconds a `timeout` takes before failing, unless the injection says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** Extra virtual seconds per call under `high_latency`, unless the injection says otherwise. */
export const DEFAULT_HIGH_LATENCY_SECONDS = 5;

/** The message a fault of each type carries unless the injection gives one. */
export const defaultMessages: Record<string, string> = {
  timeout: "The request timed out",
  not_found: "The requested resource was not found",
  permission_denied: "Permission denied",
  rate_limit: "Rate limit exceeded, try again later",
  invalid_input: "The input was rejected as invalid",
  internal_error: "Internal server error",
  network_error: "The network connection failed",
  malformed_output: "The output was cut off",
};

/** A per-call injection's trigger, armed from its `trigger` spec (undefined: a draw per call). */
type PerCallTrigger = ReturnType<typeof createTrigger> | undefined;

/**
 * Whether a per-call fault (`tool_error` on a tool or a model) fires for this
 * call: the trigger decides when given, else a draw from `random` against
 * `probability`. The reason names `subject` (a tool name or model key).
 */
export function decidePerCall(
  trigger: PerCallTrigger,
  context: InjectionContext,
  subject: string,
  random: () => number,
  probability: number,
): { fired: boolean; reason: string; triggerKind: string } {
  if (trigger) return { ...trigger.evaluate(context.triggerContext()), triggerKind: trigger.spec.kind };
  const draw = random();
  const fired = draw < probability;
  return {
    fired,
    reason: `${subject}: random ${draw.toFixed(4)} ${fired ? "<" : "≥"} probability ${probability}`,
    triggerKind: "call",
  };
}

/**
 * `tool_error`: each call of `target_action` (or of any tool for `"*"`) is
 * evaluated — with the `trigger` when given, else a draw against
 * `probability` (default 1) on every call (U-OR-5). A fire fails the call
 * with a `ToolFault` (`{ error: { type, message, recoverable } }` for the
 * agent); a `timeout` first takes `timeout_seconds` of virtual time.
 */
export function armToolError(name: string, injection: ToolErrorInjection, random: () => number): ArmedInjection {
  const trigger = injection.trigger ? createTrigger(injection.trigger, { random, source: name, path: "trigger" }) : undefined;
  const probability = injection.probability ?? 1;
  return {
    name,
    type: "tool_error",
    async aroundTool(call, next, context) {
      if (injection.target_action !== "*" && call.toolName !== injection.target_action) return next();
      const { fired, reason, triggerKind } = decidePerCall(trigger, context, call.toolName, call.random ?? random, probability);
      if (!fired) {
        if (!call.load) context.log({ trigger: triggerKind, fired: false, reason });
        return next();
      }
      const payload = {
        type: injection.error_type,
        message: injection.error_message ?? defaultMessages[injection.error_type] ?? injection.error_type,
        recoverable: injection.recoverable ?? true,
        injection: name,
      };
      if (!call.load)
        context.log({ trigger: triggerKind, fired: true, reason, outcome: { tool: call.toolName, error: payload } });
      if (injection.error_type === "timeout" && !call.load) {
        await context.clock.advance(injection.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS, context.signal);
      }
      throw new ToolFault(payload);
    },
  };
}

/**
 * `system_condition`: from `target_timestamp` (default 0) for `duration`
 * seconds (to the end of the run when absent), environment tool calls fail
 * with a `timeout` (after `timeout` virtual seconds), `network_error` or
 * `rate_limit` fault, or are delayed by `latency_seconds` (`high_latency`).
 * Every affected call is logged, fired or outside the window.
 *
 * Load operations of a `concurrency` burst are affected too, by where they
 * start on the burst's schedule: the window is checked at that virtual time,
 * `high_latency` and `timeout` lengthen the operation on the schedule
 * (`loadLatency`), and the faults fail the real call. That holds for load
 * calls of the agent under test (`operation: agent`) when the condition has
 * no `target_actions` or they name `"agent"`: a failing condition fails the
 * operation before the agent is called (`agentLoadFault`).
 */
export function armSystemCondition(name: string, injection: SystemConditionInjection): ArmedInjection {
  const from = injection.target_timestamp ?? 0;
  const until = injection.duration === undefined ? Infinity : from + injection.duration;
  const targets = injection.target_actions ? new Set(injection.target_actions) : undefined;
  const active = (at: number) => at >= from && at < until;
  const fault = () =>
    new ToolFault({
      type: injection.condition_type,
      message: defaultMessages[injection.condition_type] ?? injection.condition_type,
      recoverable: true,
      injection: name,
    });
  return {
    name,
    type: "system_condition",
    agentLoadFault(at) {
      if ((targets && !targets.has("agent")) || !active(at) || injection.condition_type === "high_latency") return undefined;
      return fault();
    },
    loadLatency(target, at, seconds) {
      if ((targets && !targets.has(target)) || !active(at)) return seconds;
      if (injection.condition_type === "high_latency")
        return seconds + (injection.latency_seconds ?? DEFAULT_HIGH_LATENCY_SECONDS);
      if (injection.condition_type === "timeout") return DEFAULT_TIMEOUT_SECONDS;
      return seconds;
    },
    async aroundTool(call, next, context) {
      if (targets && !targets.has(call.toolName)) return next();
      const now = call.at ?? context.clock.elapsed();
      const window = `${injection.condition_type} window ${from}s–${until === Infinity ? "end" : `${until}s`}`;
      if (!active(now)) {
        if (!call.load)
          context.log({ trigger: "timestamp", fired: false, reason: `${call.toolName}: ${window} not active at ${now}s` });
        return next();
      }
      const reason = `${call.toolName}: ${window} active at ${now}s`;
      if (injection.condition_type === "high_latency") {
        // a load operation's delay is on the burst's schedule already
        if (call.load) return next();
        const delay = injection.latency_seconds ?? DEFAULT_HIGH_LATENCY_SECONDS;
        context.log({ trigger: "timestamp", fired: true, reason, outcome: { tool: call.toolName, delay_seconds: delay } });
        await context.clock.advance(delay, context.signal);
        return next();
      }
      const error = fault();
      if (call.load) throw error;
      context.log({ trigger: "timestamp", fired: true, reason, outcome: { tool: call.toolName, error: error.payload } });
      if (injection.condition_type === "timeout") await context.clock.advance(DEFAULT_TIMEOUT_SECONDS, context.signal);
      throw error;
    },
  };
}
