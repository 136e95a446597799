import type { FunctionGraphNode, GraphNodeResult } from "../domain/graph.js";
import type { ModelMessage } from "../domain/messages.js";
import type { AgentInput, AgentReturnTypes } from "../domain/scenario.js";

// How nodes are called: a function node's context and result, time limits, an agent's reply as messages.

export function normalise(result: GraphNodeResult | string): GraphNodeResult {
  return typeof result === "string" ? { reply: result } : (result ?? {});
}

/**
 * Runs a function node. Its `signal` is the run's, read only if the node reads
 * it (making a run's abort signal costs more than a model-free visit).
 */
export function runFunction(
  node: FunctionGraphNode,
  visit: { input: AgentInput; payload: unknown; from: string | undefined },
): GraphNodeResult | string | Promise<GraphNodeResult | string> {
  const { input } = visit;
  return node.run({
    messages: input.messages,
    payload: visit.payload,
    from: visit.from,
    get signal() {
      return input.signal;
    },
  });
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
