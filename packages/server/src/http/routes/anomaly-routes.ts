/**
 * Anomaly analytics: `GET /api/v1/analytics/anomalies/latency` (the latency
 * or cost anomalies stored when runs finished, and each scenario's median/MAD
 * recomputed over the window asked) and `GET /api/v1/analytics/anomalies/series`
 * (a set's p95 duration, pass rate or cost per batch against a trailing
 * baseline, with drift), and seed 004's `/analytics/anomalies/latency` and
 * `/analytics/anomalies/series` as aliases. Readers of runs may read them;
 * an unknown set or scenario, or another tenant's, answers 404.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { AnomalyAnalytics } from "../../services/anomaly-analytics.js";
import { ANOMALY_DEFAULTS, ANOMALY_LIMITS, runMetrics, SERIES_DEFAULTS, seriesMetrics } from "../../services/anomaly-settings.js";
import { anomalySeriesSchema, latencyAnomaliesSchema } from "../anomaly-schemas.js";
import type { AppEnv } from "../app-env.js";
import { problem } from "../problem.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";

const id = z.string().min(1).max(200);
const threshold = z.coerce
  .number()
  .positive()
  .max(1_000)
  .default(ANOMALY_DEFAULTS.threshold)
  .meta({ description: "|robust z| above this is an anomaly (default 3.5)" });

const latencyQuery = z.object({
  setId: id.optional(),
  scenarioId: id.optional(),
  metric: z.enum(runMetrics).default("duration"),
  window: z.coerce
    .number()
    .int()
    .min(ANOMALY_LIMITS.minimumWindow)
    .max(ANOMALY_LIMITS.maximumWindow)
    .default(ANOMALY_DEFAULTS.window)
    .meta({ description: "Settled runs per scenario behind the recomputed median/MAD (default 30, 10–200)" }),
  threshold,
  limit: z.coerce.number().int().min(1).max(ANOMALY_LIMITS.maximumAnomalies).default(100),
});
const seriesQuery = z.object({
  setId: id,
  metric: z.enum(seriesMetrics).default("duration_p95"),
  window: z.coerce
    .number()
    .int()
    .min(1)
    .max(ANOMALY_LIMITS.maximumBatches)
    .default(SERIES_DEFAULTS.window)
    .meta({ description: "The set's last batches shown (default 30, at most 200)" }),
  baseline: z.coerce
    .number()
    .int()
    .min(SERIES_DEFAULTS.minimumBaseline)
    .max(ANOMALY_LIMITS.maximumBaseline)
    .default(SERIES_DEFAULTS.baseline)
    .meta({ description: "Earlier batches in each batch's baseline (default 10, 5–50)" }),
  threshold,
});

const latency = (path: string, summary: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["analytics"],
    summary,
    security: bearerSecurity,
    request: { query: latencyQuery },
    responses: {
      200: jsonResponse(latencyAnomaliesSchema, "Stored anomalies and per-scenario baselines"),
      ...readProblems("No such set or scenario (or another tenant's)"),
    },
  });
const series = (path: string, summary: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["analytics"],
    summary,
    security: bearerSecurity,
    request: { query: seriesQuery },
    responses: {
      200: jsonResponse(anomalySeriesSchema, "The series with baselines, flagged batches and drift"),
      ...readProblems("No such set (or another tenant's)"),
    },
  });

const latencyRoute = latency(
  "/api/v1/analytics/anomalies/latency",
  "Latency (or cost) anomalies of runs: robust z-score against the scenario's last runs, and each scenario's median/MAD now",
);
const latencyAliasRoute = latency("/analytics/anomalies/latency", "Seed-004 alias of /api/v1/analytics/anomalies/latency");
const seriesRoute = series(
  "/api/v1/analytics/anomalies/series",
  "A set's p95 duration, pass rate or cost per batch against a trailing baseline, flagged batches and drift",
);
const seriesAliasRoute = series("/analytics/anomalies/series", "Seed-004 alias of /api/v1/analytics/anomalies/series");

export function registerAnomalyRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const route of [latencyRoute, latencyAliasRoute]) {
    app.openapi(route, async (context) => {
      const query = context.req.valid("query");
      const result = await new AnomalyAnalytics(context.get("services").database).latency(context.get("scope"), query);
      if (typeof result === "string") return problem(context, 404, "not_found", result) as never;
      return context.json(result as z.infer<typeof latencyAnomaliesSchema>, 200);
    });
  }
  for (const route of [seriesRoute, seriesAliasRoute]) {
    app.openapi(route, async (context) => {
      const query = context.req.valid("query");
      const result = await new AnomalyAnalytics(context.get("services").database).series(context.get("scope"), query);
      if (!result) return problem(context, 404, "not_found", `no set ${query.setId}`) as never;
      return context.json(result as z.infer<typeof anomalySeriesSchema>, 200);
    });
  }
}
