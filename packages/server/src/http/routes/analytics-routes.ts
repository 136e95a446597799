/**
 * A set's analytics under `/api/v1/sets/{setId}`: the criteria matrix,
 * flakiness and the per-batch series, each over the set's last `batches`
 * batches. Readers of sets may read them; an unknown set, or another
 * tenant's, answers 404.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { criteriaMatrixSchema, flakinessSchema, seriesSchema } from "../analytics-schemas.js";
import type { AppEnv } from "../app-env.js";
import { problem } from "../problem.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";

const window = (fallback: number, max: number) => ({
  query: z.object({ batches: z.coerce.number().int().min(1).max(max).default(fallback) }),
  params: z.object({ setId: z.string().min(1).max(200) }),
});
const problems = readProblems("No such set (or another tenant's)");

const criteriaMatrixRoute = createRoute({
  method: "get",
  path: "/api/v1/sets/{setId}/criteria-matrix",
  tags: ["sets"],
  summary: "Criteria verdicts per scenario × criterion over the set's last batches (default 20, at most 50)",
  security: bearerSecurity,
  request: window(20, 50),
  responses: { 200: jsonResponse(criteriaMatrixSchema, "The criteria matrix"), ...problems },
});
const flakinessRoute = createRoute({
  method: "get",
  path: "/api/v1/sets/{setId}/flakiness",
  tags: ["sets"],
  summary: "pass^k and flaky scenarios per batch, flips per scenario, over the set's last batches (default 20, at most 50)",
  security: bearerSecurity,
  request: window(20, 50),
  responses: { 200: jsonResponse(flakinessSchema, "Flakiness"), ...problems },
});
const seriesRoute = createRoute({
  method: "get",
  path: "/api/v1/sets/{setId}/series",
  tags: ["sets"],
  summary: "Pass rate, run-duration percentiles, cost and turns per batch over the set's last batches (default 50, at most 200)",
  security: bearerSecurity,
  request: window(50, 200),
  responses: { 200: jsonResponse(seriesSchema, "The series"), ...problems },
});

export function registerAnalyticsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(criteriaMatrixRoute, async (context) => {
    const { setId } = context.req.valid("param");
    const { batches } = context.req.valid("query");
    const matrix = await context.get("services").analytics.criteriaMatrix(context.get("scope"), setId, batches);
    if (!matrix) return problem(context, 404, "not_found", `no set ${setId}`) as never;
    return context.json(matrix as z.infer<typeof criteriaMatrixSchema>, 200);
  });
  app.openapi(flakinessRoute, async (context) => {
    const { setId } = context.req.valid("param");
    const { batches } = context.req.valid("query");
    const flakiness = await context.get("services").analytics.flakiness(context.get("scope"), setId, batches);
    if (!flakiness) return problem(context, 404, "not_found", `no set ${setId}`) as never;
    return context.json(flakiness as z.infer<typeof flakinessSchema>, 200);
  });
  app.openapi(seriesRoute, async (context) => {
    const { setId } = context.req.valid("param");
    const { batches } = context.req.valid("query");
    const series = await context.get("services").analytics.series(context.get("scope"), setId, batches);
    if (!series) return problem(context, 404, "not_found", `no set ${setId}`) as never;
    return context.json(series as z.infer<typeof seriesSchema>, 200);
  });
}
