import { RehearseError } from "../domain/errors.js";

/**
 * A turn that kept handing off past `limits.maxHops`: the run ends `error`
 * with the path it went round.
 */
export class GraphLoopError extends RehearseError {
  /** The node that closed the loop: the first to hand back to a node this turn had already visited. */
  readonly node: string | undefined;

  constructor(
    readonly graph: string,
    readonly maxHops: number,
    readonly path: readonly string[],
  ) {
    const closing = path.findIndex((node, index) => index > 0 && path.slice(0, index).includes(node));
    const node = closing > 0 ? path[closing - 1] : undefined;
    const blame = node ? ` (${node} hands back to ${path[closing]})` : "";
    super(
      "agent_failed",
      `graph ${graph}: more than ${maxHops} handoffs in one turn (limits.maxHops), a loop: ${path.join(" → ")}${blame}`,
    );
    this.name = "GraphLoopError";
    this.node = node;
  }
}

/** A node that threw, timed out or handed off where no edge leads: the run ends `error` naming the node and the turn. */
export class GraphNodeError extends RehearseError {
  constructor(
    readonly graph: string,
    readonly node: string,
    readonly turn: number,
    detail: string,
    cause?: unknown,
  ) {
    super("agent_failed", `graph ${graph}: node ${node} failed in turn ${turn + 1}: ${detail}`, { cause });
    this.name = "GraphNodeError";
  }
}
