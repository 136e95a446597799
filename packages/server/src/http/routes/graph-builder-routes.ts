/**
 * The graph builder: `POST /graphs/builder/generate` (seed 004's path) and
 * `POST /api/v1/graphs/builder/generate`. A model proposes a graph file from
 * a description and the user's agents and tools; it is checked before it is
 * returned (200), a proposal still failing after the repairs is a 422 with
 * its problems, a server without a model a 503 naming the setting to add,
 * a model that fails a 502 naming the provider's error. Nothing is stored.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import {
  BUILDER_SETTING_HINT,
  BuilderModelFailed,
  BuilderModelRefused,
  BuilderUnconfigured,
} from "../../services/graph-builder.js";
import type { AppEnv } from "../app-env.js";
import { graphBuilderRequestSchema, graphProposalSchema, invalidProposalSchema } from "../graph-builder-schemas.js";
import { problem, problemResponse } from "../problem.js";
import { bearerSecurity, jsonResponse } from "../route-parts.js";

const routeOf = (path: string, summary: string) =>
  createRoute({
    method: "post",
    path,
    tags: ["graphs"],
    summary,
    description:
      "A model (the server's `REHEARSE_BUILDER_MODEL`, or the body's `model`) proposes a graph file; it is checked like an uploaded one (schema, structure, only the listed agents' modules, listed agents as the nodes named after them, only listed tools) and sent back with its problems for repair, at most twice. Nothing is stored: upload the graph with `POST /api/v1/graphs`.",
    security: bearerSecurity,
    request: { body: { required: true, content: { "application/json": { schema: graphBuilderRequestSchema } } } },
    responses: {
      200: jsonResponse(graphProposalSchema, "A checked graph file"),
      400: problemResponse("Invalid body (or a `model` the builder cannot use)"),
      401: problemResponse("No valid credential"),
      403: problemResponse("Not allowed to launch"),
      422: {
        description: "The model's last proposal still fails its checks: the proposal and its problems",
        content: { "application/problem+json": { schema: invalidProposalSchema } },
      },
      502: problemResponse("The model failed (the provider's error)"),
      503: problemResponse("No model is configured: the detail names REHEARSE_BUILDER_MODEL and the provider's key"),
    },
  });

const seedRoute = routeOf("/graphs/builder/generate", "Propose a graph file from a description (seed 004's path)");
const apiRoute = routeOf(
  "/api/v1/graphs/builder/generate",
  "Propose a graph file from a description and the agents and tools there are",
);

async function generate(context: Context<AppEnv>, request: z.infer<typeof graphBuilderRequestSchema>): Promise<Response> {
  const services = context.get("services");
  if (!services.graphBuilder)
    return problem(context, 503, "unavailable", `the graph builder has no model: ${BUILDER_SETTING_HINT}`);
  try {
    const outcome = await services.graphBuilder.generate(request, context.req.raw.signal);
    if (outcome.valid) {
      const { valid: _valid, ...proposal } = outcome;
      return context.json(proposal as z.infer<typeof graphProposalSchema>, 200);
    }
    return problem(
      context,
      422,
      "validation_error",
      `the model's proposal still fails its checks after ${outcome.attempts} attempts: ${outcome.problems[0] ?? "unknown problem"}`,
      { members: { graph: outcome.graph, problems: outcome.problems, attempts: outcome.attempts, model: outcome.model } },
    );
  } catch (error) {
    if (error instanceof BuilderUnconfigured) return problem(context, 503, "unavailable", error.message);
    if (error instanceof BuilderModelRefused)
      return problem(context, 400, "validation_error", `body.model: ${error.message}`, { field: "model" });
    if (error instanceof BuilderModelFailed) {
      services.logger.warn({ err: error.message }, "the graph builder's model failed");
      return problem(context, 502, "unavailable", error.message);
    }
    throw error;
  }
}

/** Registers both paths of the builder. */
export function registerGraphBuilderRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(seedRoute, async (context) => (await generate(context, context.req.valid("json"))) as never);
  app.openapi(apiRoute, async (context) => (await generate(context, context.req.valid("json"))) as never);
}
