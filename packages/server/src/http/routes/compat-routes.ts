/**
 * `POST /api/scenario-events`: the LangWatch-compatible ingest, so users of
 * `@langwatch/scenario` (TS or Python) point `LANGWATCH_ENDPOINT` at Rehearse
 * and keep their code. One event per request, the key as
 * `Authorization: Bearer` or `X-Auth-Token`; each event is converted to the
 * ingest envelope (services/compat-event.ts) and stored by the same path as
 * `POST /api/v1/events`. Answers `201 {success: true, url}` like LangWatch:
 * the client prints `<url>/<batchRunId>` as "Follow it live", so `url` is the
 * scenario set's page. A repeated event is a duplicate and answers the same.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { INGEST_MAX_BYTES } from "@rehearse/core/events";
import { z } from "zod";
import { compatEventSchema, compatSender, toIngestEvent } from "../../services/compat-event.js";
import { ingestEvents } from "../../services/ingest.js";
import { findRun } from "../../store/run-queries.js";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse, validationProblem } from "../problem.js";
import { readJsonBody } from "../read-body.js";

const compatResponseSchema = z
  .object({
    success: z.literal(true),
    url: z.string().meta({ description: "The scenario set's page; clients print `<url>/<batchRunId>`" }),
  })
  .meta({ id: "CompatIngestResponse" });

const compatRoute = createRoute({
  method: "post",
  path: "/api/scenario-events",
  tags: ["ingest"],
  summary: "Store one LangWatch scenario event (what @langwatch/scenario posts)",
  security: [{ bearer: [] }],
  request: {
    body: { required: true, content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
  },
  responses: {
    201: { description: "Stored (or already stored)", content: { "application/json": { schema: compatResponseSchema } } },
    400: problemResponse("Not a LangWatch scenario event; `field` names the bad field"),
    401: problemResponse("No valid API key (Bearer or X-Auth-Token)"),
    413: problemResponse("Over 4 MB"),
    415: problemResponse("Not JSON"),
    503: problemResponse("The write failed; retry after Retry-After seconds"),
  },
});

export function registerCompatRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath(compatRoute);
  app.post(compatRoute.path, async (context) => {
    const read = await readJsonBody(context, INGEST_MAX_BYTES);
    if ("response" in read) return read.response;
    const parsed = compatEventSchema.safeParse(read.body);
    if (!parsed.success) return validationProblem(context, "body", parsed.error);
    const services = context.get("services");
    const scope = context.get("scope");
    const event = parsed.data;
    try {
      const finishedSeq =
        event.type === "SCENARIO_RUN_FINISHED"
          ? ((
              await services.database.forTenant(scope.tenantId, (executor) =>
                findRun(executor, scope.tenantId, event.scenarioRunId),
              )
            )?.last_seq ?? 0) + 1
          : 0;
      const converted = toIngestEvent(read.body, event, compatSender(context.req.header("user-agent")), finishedSeq);
      const outcome = await ingestEvents(services, scope, [converted]);
      services.metrics.ingested(outcome);
      const rejection = outcome.rejected[0];
      if (rejection) return problem(context, 400, "validation_error", rejection.message.replace(/^events\[0\]/, "body"));
      const url = `${services.publicUrl()}/sets/${encodeURIComponent(event.scenarioSetId ?? "default")}`;
      return context.json({ success: true as const, url }, 201);
    } catch (error) {
      services.logger.error({ err: error, requestId: context.get("requestId") }, "compat ingest write failed");
      return problem(context, 503, "unavailable", "the event could not be stored; retry", { headers: { "retry-after": "1" } });
    }
  });
}
