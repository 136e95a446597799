import { RehearseError } from "../domain/errors.js";

/**
 * A turn that kept handing off past `limits.maxHops`: the run ends `error`
 * with the path it went round.
 */
export class GraphLoopError extends RehearseError {
  constructor(
    readonly graph: string,
    readonly maxHops: number,
    readonly path: readonly string[],
  ) {
    super(
      "agent_failed",
      `graph ${graph}: more than ${maxHops} handoffs in one turn (limits.maxHops), a loop: ${path.join(" → ")}`,
    );
    this.name = "GraphLoopError";
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
