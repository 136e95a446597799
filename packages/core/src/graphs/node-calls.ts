import type { FunctionGraphNode, GraphNodeContext, GraphNodeResult } from "../domain/graph.js";
import type { ModelMessage } from "../domain/messages.js";
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
