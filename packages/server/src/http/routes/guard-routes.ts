/**
 * The release guard (docs/guard.md): `POST /api/v1/guard/evaluate` (alias
 * `POST /release/guard`, seed 004's path) decides pass, fail or inconclusive
 * for a batch or a set's latest batch under a policy given by name or
 * inline, and records the decision (audited); named policies are read by
 * anyone who may evaluate and written by admins; past decisions are listed
 * newest first. Permissions: route-permissions.ts.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { guardPolicyNameSchema, guardPolicySchema } from "@rehearse/core/guard";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { guardActorOf, nulProblem, resolvePolicy } from "../guard-request.js";
import {
  environmentSchema,
  evaluateRequestSchema,
  guardEvaluationPageSchema,
  guardEvaluationSchema,
  storedPolicySchema,
} from "../guard-schemas.js";
import { problem, problemResponse } from "../problem.js";
import { jsonResponse, readProblems, bearerSecurity as security } from "../route-parts.js";

const limit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const text = z.string().min(1).max(200);
const nameParam = z.object({ name: guardPolicyNameSchema });

const writeProblems = {
  400: problemResponse("Invalid body"),
  401: problemResponse("No valid credential"),
  403: problemResponse("Not allowed"),
};

const evaluateRoute = (path: string, summary: string) =>
  createRoute({
    method: "post",
    path,
    tags: ["guard"],
    summary,
    security,
    request: { body: { required: true, content: { "application/json": { schema: evaluateRequestSchema } } } },
    responses: {
      200: jsonResponse(guardEvaluationSchema, "The decision, recorded and audited (a fail is also notified)"),
      ...writeProblems,
      404: problemResponse("No such batch, set or stored policy"),
    },
  });

const readPolicyRoute = createRoute({
  method: "get",
  path: "/api/v1/guard/policies/{name}",
  tags: ["guard"],
  summary: "A stored guard policy",
  security,
  request: { params: nameParam },
  responses: { 200: jsonResponse(storedPolicySchema, "The policy"), ...readProblems("No policy by that name") },
});

const listPoliciesRoute = createRoute({
  method: "get",
  path: "/api/v1/guard/policies",
  tags: ["guard"],
  summary: "The stored guard policies, by name",
  security,
  request: { query: z.object({ limit: limit(100, 500) }) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(storedPolicySchema) }).meta({ id: "StoredGuardPolicyList" }), "The policies"),
    ...readProblems(),
  },
});

const savePolicyRoute = createRoute({
  method: "put",
  path: "/api/v1/guard/policies/{name}",
  tags: ["guard"],
  summary: "Store a guard policy under a name (a new version when it exists; audited with before and after)",
  security,
  request: {
    params: nameParam,
    body: { required: true, content: { "application/json": { schema: guardPolicySchema } } },
  },
  responses: { 200: jsonResponse(storedPolicySchema, "The policy as stored"), ...writeProblems },
});

const listEvaluationsRoute = createRoute({
  method: "get",
  path: "/api/v1/guard/evaluations",
  tags: ["guard"],
  summary: "Past guard decisions, newest first",
  security,
  request: {
    query: z.object({
      batchId: text.optional(),
      setId: text.optional(),
      environment: environmentSchema.optional(),
      decision: z.enum(["pass", "fail", "inconclusive"]).optional(),
      policyName: guardPolicyNameSchema.optional(),
      limit: limit(50, 200),
      cursor: z.string().max(500).optional(),
    }),
  },
  responses: { 200: jsonResponse(guardEvaluationPageSchema, "A page of decisions"), ...readProblems() },
});

const readEvaluationRoute = createRoute({
  method: "get",
  path: "/api/v1/guard/evaluations/{evaluationId}",
  tags: ["guard"],
  summary: "One guard decision",
  security,
  request: { params: z.object({ evaluationId: text }) },
  responses: { 200: jsonResponse(guardEvaluationSchema, "The decision"), ...readProblems("No such decision") },
});

type EvaluateContext = Context<AppEnv, string, { out: { json: z.output<typeof evaluateRequestSchema> } }>;

async function evaluate(context: EvaluateContext) {
  const body = context.req.valid("json");
  const refused = nulProblem(context, body);
  if (refused) return refused;
  const resolved = await resolvePolicy(context, body.policy);
  if (resolved instanceof Response) return resolved;
  const services = context.get("services");
  const evaluation = await services.guard.evaluate(
    context.get("scope"),
    { target: body.target, ...resolved, ...(body.environment ? { environment: body.environment } : {}) },
    guardActorOf(context),
  );
  if (!evaluation) {
    const detail = "batchId" in body.target ? `no batch ${body.target.batchId}` : `no batch in set ${body.target.setId}`;
    return problem(context, 404, "not_found", detail, { field: "target" });
  }
  return context.json(evaluation, 200);
}

/** Registers the guard's routes on `app`. */
export function registerGuardRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    evaluateRoute("/api/v1/guard/evaluate", "Evaluate the release guard for a batch or a set's latest batch"),
    (context) => evaluate(context) as never,
  );
  app.openapi(
    evaluateRoute("/release/guard", "Seed 004's path of POST /api/v1/guard/evaluate"),
    (context) => evaluate(context) as never,
  );

  app.openapi(readPolicyRoute, async (context) => {
    const { name } = context.req.valid("param");
    const stored = await context.get("services").guardRecords.policy(context.get("scope"), name);
    if (!stored) return problem(context, 404, "not_found", `no guard policy named "${name}"`) as never;
    return context.json(stored, 200);
  });

  app.openapi(listPoliciesRoute, async (context) => {
    const { limit: size } = context.req.valid("query");
    return context.json({ items: await context.get("services").guardRecords.policies(context.get("scope"), size) }, 200);
  });

  app.openapi(savePolicyRoute, async (context) => {
    const { name } = context.req.valid("param");
    const policy = context.req.valid("json");
    const refused = nulProblem(context, policy);
    if (refused) return refused as never;
    const saved = await context
      .get("services")
      .guardRecords.savePolicy(context.get("scope"), name, policy, guardActorOf(context));
    return context.json(saved, 200);
  });

  app.openapi(listEvaluationsRoute, async (context) => {
    const { limit: size, cursor, ...filter } = context.req.valid("query");
    const page = await context.get("services").guardRecords.evaluations(context.get("scope"), filter, size, cursor);
    if (page === "invalid")
      return problem(context, 400, "validation_error", "query.cursor: not a cursor this server gave", {
        field: "cursor",
      }) as never;
    return context.json(page, 200);
  });

  app.openapi(readEvaluationRoute, async (context) => {
    const { evaluationId } = context.req.valid("param");
    const evaluation = await context.get("services").guardRecords.evaluation(context.get("scope"), evaluationId);
    if (!evaluation) return problem(context, 404, "not_found", `no guard decision ${evaluationId}`) as never;
    return context.json(evaluation, 200);
  });
}
