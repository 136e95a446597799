/**
 * The tenant's data policy and deletions (admin only, route-permissions.ts):
 * `GET`/`PATCH /api/v1/policy` (store raw transcripts or redact them,
 * retention, the governance floor, redaction rules; every change audited
 * with the policy before and after), `POST /api/v1/retention/sweep`
 * (apply retention now) and `DELETE /api/v1/runs/:runId` (audited).
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { policyChangeSchema, type TenantPolicy } from "../../services/tenant-policy.js";
import { deleteOrphans, deleteRuns } from "../../store/deletion-queries.js";
import { actorOf } from "../actor.js";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse } from "../problem.js";

const security = [{ bearer: [] }];

const policySchema = z
  .object({
    storeRaw: z
      .boolean()
      .meta({ description: "keep transcripts as sent; false (the default): ingest redacts secrets and personal data" }),
    retentionDays: z
      .number()
      .int()
      .nullable()
      .meta({ description: "runs whose last event is older are deleted hourly; null: kept" }),
    minSafetyScore: z.number().nullable().meta({ description: "governance floor for a run's declared metadata.minSafetyScore" }),
    redaction: z.object({ allow: z.array(z.string()), keyPaths: z.array(z.string()) }),
    governance: z.object({
      enabled: z.boolean().meta({ description: "GOVERNANCE_ENABLED on this server" }),
      floor: z.number().nullable().meta({ description: "the floor in force: the tenant's, else GOVERNANCE_DEFAULT_MIN_SCORE" }),
    }),
  })
  .meta({ id: "TenantPolicy" });

const sweepSchema = z
  .object({
    runs: z.number().int(),
    events: z.number().int(),
    messages: z.number().int(),
    criteria: z.number().int(),
    emptied: z.number().int(),
    cutoff: z.string().nullable(),
  })
  .meta({ id: "RetentionSweep" });

const readRoute = createRoute({
  method: "get",
  path: "/api/v1/policy",
  tags: ["policy"],
  summary: "The tenant's data policy",
  security,
  responses: {
    200: { description: "The policy", content: { "application/json": { schema: policySchema } } },
    401: problemResponse("No valid credential"),
    403: problemResponse("Not an admin"),
  },
});

const changeRoute = createRoute({
  method: "patch",
  path: "/api/v1/policy",
  tags: ["policy"],
  summary: "Change the tenant's data policy (audited, with the policy before and after)",
  security,
  request: { body: { required: true, content: { "application/json": { schema: policyChangeSchema } } } },
  responses: {
    200: { description: "The policy now", content: { "application/json": { schema: policySchema } } },
    400: problemResponse("Not a valid change"),
    401: problemResponse("No valid credential"),
    403: problemResponse("Not an admin"),
  },
});

const sweepRoute = createRoute({
  method: "post",
  path: "/api/v1/retention/sweep",
  tags: ["policy"],
  summary: "Apply the tenant's retention now (the server also does hourly)",
  security,
  responses: {
    200: { description: "What was deleted", content: { "application/json": { schema: sweepSchema } } },
    401: problemResponse("No valid credential"),
    403: problemResponse("Not an admin"),
  },
});

const deleteRunRoute = createRoute({
  method: "delete",
  path: "/api/v1/runs/{runId}",
  tags: ["policy"],
  summary: "Delete a run with its events, transcript and criteria (audited)",
  security,
  request: { params: z.object({ runId: z.string().min(1).max(200) }) },
  responses: {
    200: { description: "What was deleted", content: { "application/json": { schema: sweepSchema } } },
    401: problemResponse("No valid credential"),
    403: problemResponse("Not an admin"),
    404: problemResponse("No such run"),
  },
});

export function registerPolicyRoutes(app: OpenAPIHono<AppEnv>): void {
  const wire = (policy: TenantPolicy, floor: number | undefined, enabled: boolean) => ({
    ...policy,
    governance: { enabled, floor: floor ?? null },
  });

  app.openapi(readRoute, async (context) => {
    const { policies } = context.get("services");
    const policy = await policies.get(context.get("scope").tenantId);
    return context.json(wire(policy, policies.floor(policy), policies.governance.enabled), 200);
  });

  app.openapi(changeRoute, async (context) => {
    const change = context.req.valid("json");
    const services = context.get("services");
    const scope = context.get("scope");
    const by = scope.principal.kind === "user" ? `user:${scope.principal.id}` : scope.principal.id;
    const { after } = await services.database.forTenant(scope.tenantId, async ({ drizzle: executor }) => {
      const changed = await services.policies.change(scope.tenantId, change, by, executor);
      await services.audit.append(
        scope.tenantId,
        {
          ...actorOf(context),
          action: "policy.changed",
          targetType: "tenant",
          targetId: scope.tenantId,
          details: { before: changed.before, after: changed.after },
        },
        executor,
      );
      return changed;
    });
    return context.json(wire(after, services.policies.floor(after), services.policies.governance.enabled), 200);
  });

  app.openapi(sweepRoute, async (context) => {
    const services = context.get("services");
    const tenantId = context.get("scope").tenantId;
    const policy = await services.policies.get(tenantId);
    if (policy.retentionDays === null)
      return context.json({ runs: 0, events: 0, messages: 0, criteria: 0, emptied: 0, cutoff: null }, 200);
    const sweep = await services.retention.sweep(tenantId, policy.retentionDays);
    return context.json(
      {
        runs: sweep.runs,
        events: sweep.events,
        messages: sweep.messages,
        criteria: sweep.criteria,
        emptied: sweep.emptied,
        cutoff: sweep.cutoff,
      },
      200,
    );
  });

  app.openapi(deleteRunRoute, async (context) => {
    const { runId } = context.req.valid("param");
    const services = context.get("services");
    const scope = context.get("scope");
    const deleted = await services.database.forTenant(scope.tenantId, async (executor) => {
      const removed = await deleteRuns(executor, scope.tenantId, { runId });
      if (removed.runs === 0) return undefined;
      const emptied = await deleteOrphans(executor, scope.tenantId);
      await services.audit.append(
        scope.tenantId,
        {
          ...actorOf(context),
          action: "run.deleted",
          targetType: "run",
          targetId: runId,
          details: { ...removed, emptied },
        },
        executor.drizzle,
      );
      return { ...removed, emptied, cutoff: null };
    });
    if (!deleted) return problem(context, 404, "not_found", `no run ${runId}`) as never;
    return context.json(deleted, 200);
  });
}
