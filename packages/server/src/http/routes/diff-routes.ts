/**
 * Diffs: `GET /api/v1/diff/runs?base=&head=`, `GET /api/v1/diff/batches?base=&head=&onlyChanged=`
 * and seed 004's `GET /runs/{id}/diff/{other}` (the run diff, `id` as base).
 * An unknown id, or another tenant's, answers 404.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { batchDiff } from "../../services/batch-diff.js";
import { runDiff } from "../../services/run-diff.js";
import type { AppEnv } from "../app-env.js";
import { batchDiffSchema, runDiffSchema } from "../diff-schemas.js";
import { problem } from "../problem.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";

const text = z.string().min(1).max(200);
const problems = readProblems();

const runDiffRoute = createRoute({
  method: "get",
  path: "/api/v1/diff/runs",
  tags: ["diff"],
  summary: "Diff two runs: outcome, criteria, transcript, tool calls, metrics, first divergence",
  security: bearerSecurity,
  request: { query: z.object({ base: text, head: text }) },
  responses: { 200: jsonResponse(runDiffSchema, "The run diff"), ...problems },
});
const runDiffAliasRoute = createRoute({
  method: "get",
  path: "/runs/{runId}/diff/{otherId}",
  tags: ["diff"],
  summary: "Seed-004 alias of the run diff (runId is the base)",
  security: bearerSecurity,
  request: { params: z.object({ runId: text, otherId: text }) },
  responses: { 200: jsonResponse(runDiffSchema, "The run diff"), ...problems },
});
const batchDiffRoute = createRoute({
  method: "get",
  path: "/api/v1/diff/batches",
  tags: ["diff"],
  summary: "Diff two batches: per-scenario classification, pass-rate, p95 duration and cost deltas",
  security: bearerSecurity,
  request: {
    query: z.object({
      base: text,
      head: text,
      onlyChanged: z.enum(["true", "false"]).default("false"),
      limit: z.coerce.number().int().min(1).max(5_000).default(1_000),
    }),
  },
  responses: { 200: jsonResponse(batchDiffSchema, "The batch diff"), ...problems },
});

export function registerDiffRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(runDiffRoute, async (context) => {
    const { base, head } = context.req.valid("query");
    const services = context.get("services");
    const view = await services.reading.viewFor(context.get("scope"));
    const result = await runDiff(services.database, context.get("scope"), base, head, view);
    if ("missing" in result) return problem(context, 404, "not_found", `no run ${result.missing}`) as never;
    return context.json(result.diff as z.infer<typeof runDiffSchema>, 200);
  });
  app.openapi(runDiffAliasRoute, async (context) => {
    const { runId, otherId } = context.req.valid("param");
    const services = context.get("services");
    const view = await services.reading.viewFor(context.get("scope"));
    const result = await runDiff(services.database, context.get("scope"), runId, otherId, view);
    if ("missing" in result) return problem(context, 404, "not_found", `no run ${result.missing}`) as never;
    return context.json(result.diff as z.infer<typeof runDiffSchema>, 200);
  });
  app.openapi(batchDiffRoute, async (context) => {
    const { base, head, onlyChanged, limit } = context.req.valid("query");
    const result = await batchDiff(context.get("services").database, context.get("scope"), base, head, {
      onlyChanged: onlyChanged === "true",
      limit,
    });
    if ("missing" in result) return problem(context, 404, "not_found", `no batch ${result.missing}`) as never;
    return context.json(result.diff as z.infer<typeof batchDiffSchema>, 200);
  });
}
