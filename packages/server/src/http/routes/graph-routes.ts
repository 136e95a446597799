/**
 * Behavioral graphs on the platform (docs/graphs.md, decision 0044):
 * uploading a graph with the modules its nodes import and scenario files
 * targeting it (`POST /api/v1/graphs`, seed 004's `POST /graphs/upload`),
 * checked without running any of it and versioned by content; reading the
 * graphs, a graph's versions and one version. Executing a graph:
 * graph-execute-routes.ts.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { GraphProblem } from "../../services/graph-upload.js";
import type { GraphVersionRow } from "../../services/graphs.js";
import { actorOf } from "../actor.js";
import type { AppEnv } from "../app-env.js";
import {
  graphDetailSchema,
  graphListSchema,
  graphUploadedSchema,
  graphUploadSchema,
  graphVersionSchema,
} from "../graph-schemas.js";
import { problem, problemResponse } from "../problem.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";
import { registerGraphExecuteRoutes } from "./graph-execute-routes.js";
import { graphProblem, graphsOf } from "./graph-route-parts.js";

const tags = ["graphs"];
const graphParams = z.object({ graphId: z.string().min(1).max(200) });

const uploadResponses = {
  200: jsonResponse(graphUploadedSchema, "These files were uploaded before: that version"),
  201: jsonResponse(graphUploadedSchema, "A new version"),
  400: problemResponse("Invalid body"),
  401: problemResponse("No valid credential"),
  403: problemResponse("Not allowed to upload (needs runs:launch)"),
  422: problemResponse(
    "The graph file is invalid (`file:line:column: field: problem`, every one in `problems`), or a module it imports is not uploaded",
  ),
};

const uploadRoute = (path: string, summary: string) =>
  createRoute({
    method: "post",
    path,
    tags,
    summary,
    description:
      "The graph is checked (schema, structure, modules present) without loading any code; its files are stored as a suite version (`graph-<name>`) that workers run. The version is the SHA-256 of the files.",
    security: bearerSecurity,
    request: { body: { required: true, content: { "application/json": { schema: graphUploadSchema } } } },
    responses: uploadResponses,
  });

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/graphs",
  tags,
  summary: "The tenant's graphs: newest version, version count, last upload",
  security: bearerSecurity,
  responses: { 200: jsonResponse(graphListSchema, "Graphs, newest upload first"), ...readProblems() },
});

const detailRoute = createRoute({
  method: "get",
  path: "/api/v1/graphs/{graphId}",
  tags,
  summary: "A graph: its newest version's outline, and every version",
  security: bearerSecurity,
  request: { params: graphParams },
  responses: { 200: jsonResponse(graphDetailSchema, "The graph"), ...readProblems("No such graph") },
});

const versionRoute = createRoute({
  method: "get",
  path: "/api/v1/graphs/{graphId}/versions/{version}",
  tags,
  summary: "One version of a graph: outline, modules, scenarios, suite version",
  security: bearerSecurity,
  request: { params: graphParams.extend({ version: z.string().min(1).max(100) }) },
  responses: { 200: jsonResponse(graphVersionSchema, "The version"), ...readProblems("No such graph or version") },
});

/** A graph version as the API shows it. */
function versionBody(row: GraphVersionRow): z.infer<typeof graphVersionSchema> {
  return {
    graph_id: row.name,
    name: row.name,
    version: row.version,
    graph_path: row.graphPath,
    outline: row.outline as z.infer<typeof graphVersionSchema>["outline"],
    modules: row.modules,
    scenarios: row.scenarios,
    suite: { name: row.suiteName, version: row.suiteVersion },
    created_at: row.createdAt.toISOString(),
    created_by: row.createdBy,
  };
}

export function registerGraphRoutes(app: OpenAPIHono<AppEnv>): void {
  const upload = async (context: Context<AppEnv>, body: z.infer<typeof graphUploadSchema>) => {
    const tenantId = context.get("scope").tenantId;
    try {
      const { graph, created } = await graphsOf(context).upload(tenantId, body, actorOf(context).actorId);
      if (created)
        await context.get("services").audit.append(tenantId, {
          ...actorOf(context),
          action: "graph.uploaded",
          targetType: "graph",
          targetId: graph.name,
          details: { version: graph.version, suite: graph.suiteName, files: 1 + (body.files?.length ?? 0) },
        });
      const shown = versionBody(graph);
      return context.json(
        {
          graph_id: shown.graph_id,
          name: shown.name,
          version: shown.version,
          outline: shown.outline,
          modules: shown.modules,
          scenarios: shown.scenarios,
          suite: shown.suite,
          created,
        },
        created ? 201 : 200,
      );
    } catch (error) {
      if (error instanceof GraphProblem) return graphProblem(context, error) as never;
      throw error;
    }
  };
  app.openapi(uploadRoute("/api/v1/graphs", "Upload a behavioral graph (versioned by content)"), (context) =>
    upload(context, context.req.valid("json")),
  );
  app.openapi(uploadRoute("/graphs/upload", "Seed 004's upload path: as POST /api/v1/graphs"), (context) =>
    upload(context, context.req.valid("json")),
  );

  app.openapi(listRoute, async (context) => {
    const rows = await graphsOf(context).list(context.get("scope").tenantId);
    return context.json(
      {
        graphs: rows.map((row) => ({
          graph_id: row.name,
          name: row.name,
          latest_version: row.latestVersion,
          versions: row.versions,
          nodes: row.nodes,
          updated_at: row.updatedAt.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(detailRoute, async (context) => {
    const { graphId } = context.req.valid("param");
    const versions = await graphsOf(context).versions(context.get("scope").tenantId, graphId);
    const [latest] = versions;
    if (!latest) return problem(context, 404, "not_found", `no graph "${graphId}"`) as never;
    return context.json(
      {
        ...versionBody(latest),
        versions: versions.map((row) => ({
          version: row.version,
          created_at: row.createdAt.toISOString(),
          created_by: row.createdBy,
          nodes: Array.isArray(row.outline.nodes) ? row.outline.nodes.length : 0,
          scenarios: row.scenarios.length,
        })),
      },
      200,
    );
  });

  app.openapi(versionRoute, async (context) => {
    const { graphId, version } = context.req.valid("param");
    const row = await graphsOf(context).read(context.get("scope").tenantId, graphId, version);
    if (!row) return problem(context, 404, "not_found", `graph "${graphId}" has no version ${version}`) as never;
    return context.json(versionBody(row), 200);
  });

  registerGraphExecuteRoutes(app);
}
