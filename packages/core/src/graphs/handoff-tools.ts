import type { GraphNode } from "../domain/graph.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import type { NodePlan } from "./routes.js";

/** The handoff a node asked for through one of its handoff tools (the first call counts). */
export interface RequestedHandoff {
  to?: string;
  payload?: unknown;
}

/**
 * The node's handoff tools added to the run's tools (`given` as is when the
 * node has none); calling one records the handoff in `requested`.
 */
export async function handoffTools(
  plan: NodePlan,
  nodes: Readonly<Record<string, GraphNode>>,
  given: ScenarioToolSet | undefined,
  requested: RequestedHandoff,
): Promise<ScenarioToolSet | undefined> {
  if (plan.tools.length === 0) return given;
  const { jsonSchema } = await import("ai");
  const tools: ScenarioToolSet = { ...given };
  for (const edge of plan.tools) {
    const target = nodes[edge.to];
    tools[edge.toolName as string] = {
      description: `Hand the conversation to ${edge.to}${target?.description ? `: ${target.description}` : ""}. Call it instead of answering when ${edge.to} should take over.`,
      inputSchema: jsonSchema({
        type: "object",
        properties: { reason: { type: "string", description: `What ${edge.to} needs to know` } },
        additionalProperties: true,
      }),
      execute: (input: unknown) => {
        requested.to ??= edge.to;
        requested.payload ??= input;
        return `Handed off to ${edge.to}.`;
      },
    };
  }
  return tools;
}

/** A handoff tool among the calls a node returned (agents that return tool calls rather than running them). */
export function toolHandoff(
  plan: NodePlan,
  calls: readonly { toolName: string; input: unknown }[],
): { to: string; payload: unknown } | undefined {
  for (const call of calls) {
    const edge = plan.tools.find((candidate) => candidate.toolName === call.toolName);
    if (edge) return { to: edge.to, payload: call.input };
  }
  return undefined;
}
