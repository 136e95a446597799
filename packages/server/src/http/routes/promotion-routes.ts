/**
 * Promotions (docs/guard.md, `rehearse promote`): `POST /api/v1/promotions`
 * evaluates the release guard for a batch and an environment and records the
 * batch as promoted there only when the decision is `pass` (201); a `fail`
 * answers 422 `guard_failed`, an `inconclusive` 409 `guard_inconclusive`,
 * both with the recorded decision as the problem's `evaluation` member.
 * `GET /api/v1/promotions` lists them newest first. Permissions:
 * route-permissions.ts (promoting is an operator's act: `runs:launch`).
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { promotionView } from "../../services/guard-records.js";
import type { AppEnv } from "../app-env.js";
import { guardActorOf, nulProblem, resolvePolicy } from "../guard-request.js";
import { environmentSchema, promotedSchema, promotionPageSchema, promotionRequestSchema } from "../guard-schemas.js";
import { problem, problemResponse } from "../problem.js";
import { jsonResponse, readProblems, bearerSecurity as security } from "../route-parts.js";

const promoteRoute = createRoute({
  method: "post",
  path: "/api/v1/promotions",
  tags: ["guard"],
  summary: "Promote a batch to an environment when the release guard passes",
  security,
  request: { body: { required: true, content: { "application/json": { schema: promotionRequestSchema } } } },
  responses: {
    201: jsonResponse(promotedSchema, "Promoted: the promotion and the passing decision"),
    400: problemResponse("Invalid body"),
    401: problemResponse("No valid credential"),
    403: problemResponse("Not an admin or operator (API keys: `runs:launch`)"),
    404: problemResponse("No such batch or stored policy"),
    409: problemResponse("`guard_inconclusive`: not promoted; the problem's `evaluation` says why"),
    422: problemResponse("`guard_failed`: not promoted; the problem's `evaluation` says which checks failed"),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/promotions",
  tags: ["guard"],
  summary: "Promotions, newest first",
  security,
  request: {
    query: z.object({
      environment: environmentSchema.optional(),
      setId: z.string().min(1).max(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(500).optional(),
    }),
  },
  responses: { 200: jsonResponse(promotionPageSchema, "A page of promotions"), ...readProblems() },
});

/** Registers the promotion routes on `app`. */
export function registerPromotionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(promoteRoute, async (context) => {
    const body = context.req.valid("json");
    const refused = nulProblem(context, body);
    if (refused) return refused as never;
    const resolved = await resolvePolicy(context, body.policy);
    if (resolved instanceof Response) return resolved as never;
    const outcome = await context
      .get("services")
      .guard.promote(
        context.get("scope"),
        { batchId: body.batchId, environment: body.environment, ...resolved },
        guardActorOf(context),
      );
    if (!outcome) return problem(context, 404, "not_found", `no batch ${body.batchId}`, { field: "batchId" }) as never;
    const { evaluation, promotion } = outcome;
    if (promotion) return context.json({ promotion: promotionView(promotion), evaluation }, 201);
    const blocking = evaluation.checks.filter((check) =>
      evaluation.decision === "fail" ? check.ok === false : check.ok !== true,
    );
    const names = blocking.map((check) => check.name).join(", ");
    return (
      evaluation.decision === "fail"
        ? problem(context, 422, "guard_failed", `not promoted: the release guard failed (${names})`, { members: { evaluation } })
        : problem(context, 409, "guard_inconclusive", `not promoted: the release guard could not decide (${names})`, {
            members: { evaluation },
          })
    ) as never;
  });

  app.openapi(listRoute, async (context) => {
    const { limit, cursor, ...filter } = context.req.valid("query");
    const page = await context.get("services").guardRecords.promotions(context.get("scope"), filter, limit, cursor);
    if (page === "invalid")
      return problem(context, 400, "validation_error", "query.cursor: not a cursor this server gave", {
        field: "cursor",
      }) as never;
    return context.json(page, 200);
  });
}
