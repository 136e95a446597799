import { RehearseError } from "../domain/errors.js";

/** One problem of a graph, at a path of its definition (`edges.2.to`, `nodes.refunds.contract.handoffs.0`). */
export interface GraphProblem {
  readonly path: readonly (string | number)[];
  readonly problem: string;
}

/**
 * A graph that cannot run: every problem found, each at its path (a graph
 * file maps them to `file:line:column`). Nothing runs.
 */
export class GraphDefinitionError extends RehearseError {
  readonly problems: readonly GraphProblem[];

  constructor(graph: string, problems: readonly GraphProblem[]) {
    const lines = problems.map(({ path, problem }) => `  ${path.join(".") || "(graph)"}: ${problem}`);
    super("invalid_config", `graph ${JSON.stringify(graph)} cannot run:\n${lines.join("\n")}`);
    this.name = "GraphDefinitionError";
    this.problems = problems;
  }
}
