/**
 * Judge calibration (decision 0050, docs/calibration.md):
 * `GET /api/v1/calibration/queue` (runs the caller has not finished labelling, blind),
 * `PUT /api/v1/runs/{runId}/labels` (the caller's labels; re-labelling replaces),
 * `GET /api/v1/calibration/agreement` (judge–human agreement per criterion and judge version) and
 * `POST /api/v1/calibration/evaluate` (a candidate judge prompt against the labels; nothing adopted).
 * Another tenant's run answers 404; a server without a calibration model answers the evaluation 503.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { UnknownCriterion } from "../../services/calibration.js";
import {
  CalibrationModelFailed,
  CalibrationModelRefused,
  CalibrationUnconfigured,
} from "../../services/calibration-evaluation.js";
import type { AppEnv } from "../app-env.js";
import {
  agreementQuerySchema,
  agreementReportSchema,
  calibrationQueueSchema,
  evaluationRequestSchema,
  evaluationSchema,
  labelRequestSchema,
  runLabelsSchema,
} from "../calibration-schemas.js";
import { problem, problemResponse } from "../problem.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";

const problems = { ...readProblems(), 403: problemResponse("Not allowed") };

const queueRoute = createRoute({
  method: "get",
  path: "/api/v1/calibration/queue",
  tags: ["calibration"],
  summary: "Runs with judged criteria the caller has not labelled, newest first (blind: no judge verdicts)",
  security: bearerSecurity,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }) },
  responses: { 200: jsonResponse(calibrationQueueSchema, "The caller's review queue"), ...problems },
});

const labelRoute = createRoute({
  method: "put",
  path: "/api/v1/runs/{runId}/labels",
  tags: ["calibration"],
  summary: "Label a run's judged criteria met, unmet or unsure (one label per person per criterion; replaces)",
  security: bearerSecurity,
  request: {
    params: z.object({ runId: z.string().min(1).max(200) }),
    body: { required: true, content: { "application/json": { schema: labelRequestSchema } } },
  },
  responses: { 200: jsonResponse(runLabelsSchema, "The caller's labels of the run"), ...problems },
});

const agreementRoute = createRoute({
  method: "get",
  path: "/api/v1/calibration/agreement",
  tags: ["calibration"],
  summary: "Judge–human agreement per criterion and judge version: n, observed agreement, Cohen's κ, confusion",
  security: bearerSecurity,
  request: { query: agreementQuerySchema },
  responses: { 200: jsonResponse(agreementReportSchema, "Agreement of the judge with people's labels"), ...problems },
});

const evaluateRoute = createRoute({
  method: "post",
  path: "/api/v1/calibration/evaluate",
  tags: ["calibration"],
  summary: "Re-judge the newest labelled runs with a candidate judge prompt; its agreement beside the current judge's",
  description:
    "The candidate grades the stored transcripts through the library's judge with the server's `REHEARSE_CALIBRATION_MODEL` (or the body's `model`). Nothing is adopted or stored.",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: evaluationRequestSchema } } } },
  responses: {
    200: jsonResponse(evaluationSchema, "The candidate's and the current judge's agreement with the labels"),
    ...problems,
    502: problemResponse("The model failed or gave no usable verdict (the run is named)"),
    503: problemResponse("No model is configured: the detail names REHEARSE_CALIBRATION_MODEL"),
  },
});

/** Registers the calibration routes. */
export function registerCalibrationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(queueRoute, async (context) => {
    const { limit } = context.req.valid("query");
    const services = context.get("services");
    const view = await services.reading.viewFor(context.get("scope"));
    const queue = await services.calibration.queue(context.get("scope"), limit, view);
    return context.json(queue as z.infer<typeof calibrationQueueSchema>, 200);
  });
  app.openapi(labelRoute, async (context) => {
    const { runId } = context.req.valid("param");
    const { labels } = context.req.valid("json");
    try {
      const saved = await context.get("services").calibration.label(context.get("scope"), runId, new Map(Object.entries(labels)));
      if (!saved) return problem(context, 404, "not_found", `no run ${runId}`) as never;
      return context.json(saved, 200);
    } catch (error) {
      if (error instanceof UnknownCriterion)
        return problem(context, 400, "validation_error", `body.labels: ${error.message}`, { field: "labels" }) as never;
      throw error;
    }
  });
  app.openapi(agreementRoute, async (context) => {
    const query = context.req.valid("query");
    const report = await context.get("services").calibration.agreement(context.get("scope"), {
      criterion: query.criterion,
      judgeVersion: query.judge_version,
      since: query.since === undefined ? undefined : new Date(query.since),
    });
    return context.json(report, 200);
  });
  app.openapi(evaluateRoute, async (context) => {
    const services = context.get("services");
    try {
      const evaluation = await services.calibrationEvaluator.evaluate(
        services.database,
        services.calibration,
        context.get("scope"),
        context.req.valid("json"),
        context.req.raw.signal,
      );
      return context.json(evaluation, 200);
    } catch (error) {
      if (error instanceof CalibrationUnconfigured) return problem(context, 503, "unavailable", error.message) as never;
      if (error instanceof CalibrationModelRefused)
        return problem(context, 400, "validation_error", `body.model: ${error.message}`, { field: "model" }) as never;
      if (error instanceof CalibrationModelFailed) {
        services.logger.warn({ err: error.message }, "the calibration model failed");
        return problem(context, 502, "unavailable", error.message) as never;
      }
      throw error;
    }
  });
}
