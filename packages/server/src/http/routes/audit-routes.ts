/**
 * The tenant's audit trail (admin only, route-permissions.ts):
 * `GET /api/v1/audit` pages the hash chain oldest first;
 * `GET /api/v1/audit/verify` recomputes it (and checks the signed anchors)
 * and records that it did, with the result, in the chain itself.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { problemResponse } from "../problem.js";

const security = [{ bearer: [] }];
const seq = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const entrySchema = z
  .object({
    seq: z.number().int(),
    ts: z.string(),
    actorType: z.string(),
    actorId: z.string(),
    action: z.string().meta({ example: "key.created" }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable().meta({ description: "null once erased; the chain still verifies" }),
    detailsDigest: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });

const verificationSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBadSeq: z.number().int().optional(),
    fault: z
      .enum([
        "missing_entry",
        "broken_link",
        "details_changed",
        "hash_mismatch",
        "anchor_mismatch",
        "anchor_bad_signature",
        "truncated",
      ])
      .optional(),
    expectedHash: z.string().optional(),
    anchorSeq: z.number().int().optional(),
    headSeq: z.number().int(),
    headHash: z.string().nullable(),
    anchorsChecked: z.number().int(),
    anchorsSkipped: z.number().int(),
  })
  .meta({ id: "AuditVerification" });

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/audit",
  tags: ["audit"],
  summary: "The tenant's audit entries after `afterSeq`, oldest first",
  security,
  request: {
    query: z.object({
      afterSeq: seq.default(0),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: {
      description: "Entries",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(entrySchema), nextAfterSeq: z.number().int().nullable() }),
        },
      },
    },
    400: problemResponse("Not a valid page"),
    401: problemResponse("No valid API key"),
    403: problemResponse("Not an admin"),
  },
});

const verifyRoute = createRoute({
  method: "get",
  path: "/api/v1/audit/verify",
  tags: ["audit"],
  summary: "Recompute the tenant's audit chain and check its signed anchors",
  security,
  request: { query: z.object({ fromSeq: seq.optional(), toSeq: seq.optional() }) },
  responses: {
    200: { description: "The verification", content: { "application/json": { schema: verificationSchema } } },
    400: problemResponse("Not a valid range"),
    401: problemResponse("No valid API key"),
    403: problemResponse("Not an admin"),
  },
});

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (context) => {
    const { afterSeq, limit } = context.req.valid("query");
    const items = await context.get("services").audit.page(context.get("scope").tenantId, afterSeq, limit);
    const last = items.at(-1);
    return context.json({ items, nextAfterSeq: items.length === limit && last ? last.seq : null }, 200);
  });

  app.openapi(verifyRoute, async (context) => {
    const { fromSeq, toSeq } = context.req.valid("query");
    const services = context.get("services");
    const scope = context.get("scope");
    const result = await services.audit.verify(scope.tenantId, {
      ...(fromSeq !== undefined ? { fromSeq } : {}),
      ...(toSeq !== undefined ? { toSeq } : {}),
    });
    services.metrics.auditVerified(result.ok);
    await services.audit.append(scope.tenantId, {
      actorType: scope.principal.kind,
      actorId: scope.principal.id,
      action: "audit.verified",
      requestId: context.get("requestId"),
      details: { ok: result.ok, checked: result.checked, firstBadSeq: result.firstBadSeq ?? null, fault: result.fault ?? null },
    });
    return context.json(result, 200);
  });
}
