/** What the graph routes share: the graphs service of a request, and the problem of a refused graph request. */
import type { Context } from "hono";
import type { GraphProblem } from "../../services/graph-upload.js";
import { Graphs } from "../../services/graphs.js";
import type { AppEnv } from "../app-env.js";
import { problem } from "../problem.js";

/** The graphs service of a request (stateless: the database and the suites it stores through). */
export function graphsOf(context: Context<AppEnv>): Graphs {
  const services = context.get("services");
  return new Graphs(services.database, services.launching.suites);
}

/** The problem of a refused graph request: status, field and, for file problems, each one with its place. */
export function graphProblem(context: Context<AppEnv>, error: GraphProblem): Response {
  return problem(context, error.status, error.status === 404 ? "not_found" : "validation_error", error.message, {
    field: error.field,
    ...(error.problems.length > 0 ? { members: { problems: error.problems } } : {}),
  });
}
