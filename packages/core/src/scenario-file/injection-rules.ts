import type { z } from "zod";

/** An injection as written (canonical or with the seed's flat trigger keys), before normalisation. */
type Written = Readonly<Record<string, unknown>>;

/**
 * Refinement for the fields of one injection type that would otherwise be
 * accepted and then ignored by the runtime (`src/injections/`):
 *
 * - `tool_error`: with a trigger the trigger alone decides each call, so a
 *   `probability` beside it would do nothing; `timeout_seconds` only times a
 *   `timeout`.
 * - `system_condition`: `latency_seconds` only delays `high_latency`.
 * - `concurrency`: a burst runs once, so `max_triggers` above 1 would do nothing.
 *
 * @example
 * z.strictObject(shape).superRefine(checkInjectionFields("tool_error"));
 */
export function checkInjectionFields(kind: string) {
  return (value: Written, context: z.RefinementCtx): void => {
    const issue = (path: PropertyKey[], message: string) => context.addIssue({ code: "custom", path, message });
    switch (kind) {
      case "tool_error":
        if (value.probability !== undefined && (value.trigger !== undefined || value.trigger_type !== undefined)) {
          issue(
            ["probability"],
            "give either probability (a chance on every call) or a trigger, not both: with a trigger, the trigger alone decides each call",
          );
        }
        if (value.timeout_seconds !== undefined && value.error_type !== "timeout") {
          issue(["timeout_seconds"], `applies only to error_type timeout, got ${String(value.error_type)}`);
        }
        if (value.error_type === "malformed_output" && value.target !== "model") {
          issue(["error_type"], "malformed_output applies only to target: model (a tool's output is its handler's)");
        }
        return;
      case "system_condition": {
        const condition = value.condition_type ?? value.type;
        if (value.latency_seconds !== undefined && condition !== "high_latency") {
          issue(["latency_seconds"], `applies only to condition_type high_latency, got ${String(condition)}`);
        }
        return;
      }
      case "concurrency": {
        const trigger = value.trigger as Written | undefined;
        const path = trigger?.max_triggers !== undefined ? ["trigger", "max_triggers"] : ["max_triggers"];
        const limit = trigger?.max_triggers ?? value.max_triggers;
        if (typeof limit === "number" && limit > 1) {
          issue(path, "a concurrency burst runs once; max_triggers cannot be above 1");
        }
        return;
      }
      default:
        return;
    }
  };
}
