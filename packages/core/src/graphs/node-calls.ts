import type { FunctionGraphNode, GraphNodeContext, GraphNodeResult, NodeUsage } from "../domain/graph.js";
import type { ModelMessage } from "../domain/messages.js";
import type { UsageSummary } from "../domain/models.js";
import type { AgentInput, AgentReturnTypes } from "../domain/scenario.js";

// How nodes are called: a function node's context and result, time limits, an agent's reply as messages.

export function normalise(result: GraphNodeResult | string): GraphNodeResult {
  return typeof result === "string" ? { reply: result } : (result ?? {});
}

/**
 * What a function node is given. A class, not a literal with a getter: the
 * `signal` getter lives on the prototype, so a visit allocates one small
 * object and no closure (the run's abort signal is made only if a node reads it).
 */
class FunctionNodeContext implements GraphNodeContext {
  constructor(
    private readonly input: AgentInput,
    readonly payload: unknown,
    readonly from: string | undefined,
  ) {}

  get messages(): readonly ModelMessage[] {
    return this.input.messages;
  }

  get signal(): AbortSignal | undefined {
    return this.input.signal;
  }
}

/** Runs a function node with its context. */
export function runFunction(
  node: FunctionGraphNode,
  visit: { input: AgentInput; payload: unknown; from: string | undefined },
): GraphNodeResult | string | Promise<GraphNodeResult | string> {
  return node.run(new FunctionNodeContext(visit.input, visit.payload, visit.from));
}

export async function withTimeout<Value>(running: Promise<Value>, timeoutMs: number | undefined): Promise<Value> {
  if (!timeoutMs) return running;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`took longer than limits.nodeTimeoutMs (${timeoutMs} ms)`)), timeoutMs);
  });
  try {
    return await Promise.race([running, limit]);
  } finally {
    clearTimeout(timer);
  }
}

export function asMessages(returned: AgentReturnTypes): ModelMessage[] {
  if (returned === null || returned === undefined) return [];
  if (typeof returned === "string") return [{ role: "assistant", content: returned }];
  if (Array.isArray(returned)) return returned as ModelMessage[];
  if ("role" in (returned as object)) return [returned as ModelMessage];
  throw new Error("a graph node returned a verdict, not a reply");
}

/**
 * What the run's model calls used between two readings of its usage
 * (undefined without a reading). The cost is summed over the models called in
 * between, `null` when one of them has no price.
 */
export function usageSince(before: UsageSummary | undefined, after: UsageSummary | undefined): NodeUsage | undefined {
  // no reading after: no model was called in the run yet (the run reads usage once a model is resolved)
  if (!after) return undefined;
  let cost: number | null = 0;
  for (const [model, line] of Object.entries(after.byModel)) {
    const earlier = before?.byModel[model];
    if (line.calls === (earlier?.calls ?? 0)) continue;
    if (line.cost === null || (earlier && earlier.cost === null) || cost === null) cost = null;
    else cost += line.cost - (earlier?.cost ?? 0);
  }
  const { total } = after;
  return {
    calls: total.calls - (before?.total.calls ?? 0),
    tokens: total.inputTokens + total.outputTokens - (before ? before.total.inputTokens + before.total.outputTokens : 0),
    costUsd: cost === null ? null : Number(cost.toFixed(9)),
  };
}
