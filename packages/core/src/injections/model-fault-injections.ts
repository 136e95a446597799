import type { SystemConditionInjection, ToolErrorInjection } from "../domain/declarative.js";
import { createTrigger } from "../environment/triggers.js";
import { FAULT_RETRY_AFTER_SECONDS, type ModelFault } from "../models/middleware/faults.js";
import { DEFAULT_HIGH_LATENCY_SECONDS, DEFAULT_TIMEOUT_SECONDS, decidePerCall, defaultMessages } from "./fault-injections.js";
import type { ArmedInjection } from "./injection-runtime.js";

/** The HTTP status a provider answers with for each error type. */
const statusCodes: Record<string, number> = {
  timeout: 408,
  not_found: 404,
  permission_denied: 403,
  rate_limit: 429,
  invalid_input: 400,
  internal_error: 500,
};

/** The fault a provider would produce for `errorType`. */
function providerFault(errorType: string, message: string): ModelFault {
  if (errorType === "malformed_output") return { kind: "malformed_output" };
  if (errorType === "network_error") return { kind: "network", message };
  const statusCode = statusCodes[errorType] ?? 500;
  return statusCode === 429
    ? { kind: "http", statusCode, message, retryAfterSeconds: FAULT_RETRY_AFTER_SECONDS }
    : { kind: "http", statusCode, message };
}

const matches = (pattern: string, modelKey: string) => pattern === "*" || pattern === modelKey;

/**
 * `tool_error` with `target: model`: each call of a model the agent under test
 * obtained (through `input.models.resolve` or `recordable()`) whose key matches
 * `target_action` (`provider:modelId`, or `"*"`) is evaluated like a tool call
 * — the trigger, else a draw against `probability` — and a fire makes it fail
 * as the provider would: `rate_limit` a 429 with `Retry-After`, `timeout` a 408
 * after `timeout_seconds` of virtual time, `internal_error` a 500, `not_found`
 * 404, `permission_denied` 403, `invalid_input` 400 (all `APICallError`), or
 * `malformed_output` the real answer cut in half. Every evaluation is logged.
 */
export function armModelError(name: string, injection: ToolErrorInjection, random: () => number): ArmedInjection {
  const trigger = injection.trigger ? createTrigger(injection.trigger, { random, source: name, path: "trigger" }) : undefined;
  const probability = injection.probability ?? 1;
  return {
    name,
    type: "tool_error",
    async modelFault(call, context) {
      if (!matches(injection.target_action, call.modelKey)) return undefined;
      const { fired, reason, triggerKind } = decidePerCall(trigger, context, call.modelKey, random, probability);
      if (!fired) {
        context.log({ trigger: triggerKind, fired: false, reason });
        return undefined;
      }
      const message = injection.error_message ?? defaultMessages[injection.error_type] ?? injection.error_type;
      const fault = providerFault(injection.error_type, message);
      context.log({ trigger: triggerKind, fired: true, reason, outcome: { model: call.modelKey, fault } });
      if (injection.error_type === "timeout") {
        await context.clock.advance(injection.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS, context.signal);
      }
      return fault;
    },
  };
}

/**
 * `system_condition` with `target: model`: inside its window (virtual time),
 * calls of the agent's models (`target_actions`: model keys, default all) fail
 * with a `timeout` (a 408 after 30 virtual seconds), `network_error` (an
 * `APICallError` without a status) or `rate_limit` (a 429 with `Retry-After`),
 * or take `latency_seconds` more virtual time (`high_latency`).
 */
export function armModelCondition(name: string, injection: SystemConditionInjection): ArmedInjection {
  const from = injection.target_timestamp ?? 0;
  const until = injection.duration === undefined ? Infinity : from + injection.duration;
  const targets = injection.target_actions ? new Set(injection.target_actions) : undefined;
  return {
    name,
    type: "system_condition",
    async modelFault(call, context) {
      if (targets && !targets.has(call.modelKey)) return undefined;
      const now = context.clock.elapsed();
      const window = `${injection.condition_type} window ${from}s–${until === Infinity ? "end" : `${until}s`}`;
      if (now < from || now >= until) {
        context.log({ trigger: "timestamp", fired: false, reason: `${call.modelKey}: ${window} not active at ${now}s` });
        return undefined;
      }
      const reason = `${call.modelKey}: ${window} active at ${now}s`;
      if (injection.condition_type === "high_latency") {
        const delay = injection.latency_seconds ?? DEFAULT_HIGH_LATENCY_SECONDS;
        context.log({ trigger: "timestamp", fired: true, reason, outcome: { model: call.modelKey, delay_seconds: delay } });
        await context.clock.advance(delay, context.signal);
        return undefined;
      }
      const fault = providerFault(
        injection.condition_type,
        defaultMessages[injection.condition_type] ?? injection.condition_type,
      );
      context.log({ trigger: "timestamp", fired: true, reason, outcome: { model: call.modelKey, fault } });
      if (injection.condition_type === "timeout") await context.clock.advance(DEFAULT_TIMEOUT_SECONDS, context.signal);
      return fault;
    },
  };
}
