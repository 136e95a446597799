/**
 * `POST /api/v1/events`: a batch of ≤ 1 000 events, ≤ 4 MB, answered with
 * per-event results. Whole-request failures only: 400 (not a batch), 401,
 * 413 (split the batch), 415, 503 + Retry-After (the write failed; retry).
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { INGEST_MAX_BYTES, ingestRequestSchema, ingestResponseSchema } from "@rehearse/core/events";
import { ingestEvents } from "../../services/ingest.js";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse, validationProblem } from "../problem.js";
import { readJsonBody } from "../read-body.js";

const ingestRoute = createRoute({
  method: "post",
  path: "/api/v1/events",
  tags: ["ingest"],
  summary: "Store a batch of run events (idempotent on eventId)",
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { "application/json": { schema: ingestRequestSchema } } } },
  responses: {
    200: { description: "Per-event results", content: { "application/json": { schema: ingestResponseSchema } } },
    400: problemResponse("Not a batch of events"),
    401: problemResponse("No valid API key"),
    413: problemResponse("Over 4 MB: split the batch"),
    415: problemResponse("Not JSON"),
    503: problemResponse("The write failed; retry after Retry-After seconds"),
  },
});

export function registerIngestRoutes(app: OpenAPIHono<AppEnv>): void {
  // documented from the route, served by a plain handler: the body is read here, not by a validator,
  // so size, encoding and JSON each get their own problem
  app.openAPIRegistry.registerPath(ingestRoute);
  app.post(ingestRoute.path, async (context) => {
    const read = await readJsonBody(context, INGEST_MAX_BYTES);
    if ("response" in read) return read.response;
    const request = ingestRequestSchema.safeParse(read.body);
    if (!request.success) return validationProblem(context, "body", request.error);
    const services = context.get("services");
    try {
      const outcome = await ingestEvents(services, context.get("scope"), request.data.events);
      services.metrics.ingested(outcome);
      return context.json(outcome, 200);
    } catch (error) {
      services.logger.error({ err: error, requestId: context.get("requestId") }, "ingest write failed");
      return problem(context, 503, "unavailable", "the events could not be stored; retry", { headers: { "retry-after": "1" } });
    }
  });
}
