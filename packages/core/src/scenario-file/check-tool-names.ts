import type { Injection } from "../domain/declarative.js";
import { closestMatch } from "../domain/did-you-mean.js";
import type { ReportProblem } from "./build-agents.js";
import type { ScenarioFileData } from "./schema.js";

/**
 * Reports every field that names a tool the environment does not have,
 * where the run would otherwise fail late or silently: a `tool_call` step's
 * `tool` (errors when the step runs), an `agent_action` step's `action`
 * (can never be met), a `tool_error`'s `target_action` other than `"*"` and
 * a `system_condition`'s `target_actions` other than `"agent"` (never fire), a `concurrency`'s
 * `operation` other than `"agent"`. `injections` are the file's compiled
 * injections (templates instantiated), in file order.
 *
 * @example
 * checkToolNames(data, injections, Object.keys(data.environment.tools ?? {}), report);
 */
export function checkToolNames(
  data: ScenarioFileData,
  injections: readonly Injection[],
  tools: readonly string[],
  report: ReportProblem,
): void {
  const known = new Set(tools);
  const check = (path: ReadonlyArray<PropertyKey>, name: string, other?: OtherName) => {
    if (!known.has(name)) report(path, unknownTool(name, tools, other));
  };
  for (const [index, step] of (data.script ?? []).entries()) {
    if (step.type === "tool_call") check(["script", index, "tool"], step.tool);
    else if (step.type === "agent_action") check(["script", index, "action"], step.action);
  }
  const key = data.injection_points === undefined ? "injections" : "injection_points";
  const entries = data.injections ?? data.injection_points ?? [];
  // A template that failed to compile leaves a hole; its own error is reported, and tool names wait for the fix.
  if (injections.length !== entries.length) return;
  for (const [index, injection] of injections.entries()) {
    const path = [key, index];
    switch (injection.type) {
      case "tool_error":
        if (injection.target === "model") continue;
        if (injection.target_action !== "*")
          check([...path, "target_action"], injection.target_action, { name: "*", meaning: "every tool" });
        break;
      case "system_condition":
        if (injection.target === "model") continue;
        for (const [position, name] of (injection.target_actions ?? []).entries()) {
          if (name !== "agent")
            check([...path, "target_actions", position], name, { name: "agent", meaning: "load calls of the agent under test" });
        }
        break;
      case "concurrency":
        if (injection.operation !== "agent")
          check([...path, "operation"], injection.operation, { name: "agent", meaning: "the agent under test" });
        break;
      default:
        break;
    }
  }
}

/** A value a field accepts besides tool names (`"*"`, `"agent"`). */
interface OtherName {
  readonly name: string;
  readonly meaning: string;
}

/** `unknown tool "refnd" (did you mean "refund"?); the environment's tools: refund, lookup (or "*" for every tool)`. */
function unknownTool(name: string, tools: readonly string[], other: OtherName | undefined): string {
  const suggestion = closestMatch(name, other ? [...tools, other.name] : tools);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
  const list = tools.length > 0 ? `the environment's tools: ${tools.join(", ")}` : "the environment has no tools";
  return `unknown tool ${JSON.stringify(name)}${hint}; ${list}${other ? ` (or "${other.name}" for ${other.meaning})` : ""}`;
}
