/**
 * API keys of the caller's tenant (admin only, route-permissions.ts):
 * issue (the secret is in the 201 response and nowhere else, ever), list
 * (hints, never secrets or hashes), revoke (effective at once on this
 * server), rotate (a successor with the same name, role and scopes; the old
 * key keeps working for `graceSeconds`, default a day, so both are active
 * while clients switch). Each change and its audit entry commit together.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import type { KeyInfo } from "../../services/api-keys.js";
import type { AuditEntry } from "../../services/audit-log.js";
import { keyScopes, roles } from "../../services/permissions.js";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse } from "../problem.js";
import { storableText } from "../text-schema.js";

const security = [{ bearer: [] }];
const MAX_GRACE_SECONDS = 30 * 24 * 3600;

const keySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    hint: z
      .string()
      .meta({ description: "The key's environment, first 12 and last 4 characters: enough to recognise it, not to use it" }),
    role: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string().nullable(),
    rotatedFrom: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().meta({ description: "Sampled: written at most once a minute" }),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: "ApiKey" });
const issuedSchema = z
  .object({
    key: keySchema,
    secret: z.string().meta({ description: "The key itself. Shown once: only a keyed hash is stored" }),
  })
  .meta({ id: "IssuedApiKey" });

const keyIdParam = z.object({ keyId: z.string().regex(/^[0-9a-f]{16}$/, "a key id is 16 hexadecimal characters") });

const createBody = z
  .object({
    name: storableText(200).pipe(z.string().trim().min(1)),
    role: z.enum(roles).default("api"),
    scopes: z.array(z.enum(keyScopes)).max(keyScopes.length).default([]),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((body) => body.role !== "api" || body.scopes.length > 0, {
    message: "an api key needs at least one scope",
    path: ["scopes"],
  })
  .refine((body) => body.role === "api" || body.scopes.length === 0, {
    message: "scopes are for role api; other roles hold their role's permissions",
    path: ["scopes"],
  });
const rotateBody = z
  .object({
    graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).default(86_400),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/keys",
  tags: ["keys"],
  summary: "The tenant's API keys, newest first (never their secrets)",
  security,
  responses: {
    200: { description: "Keys", content: { "application/json": { schema: z.object({ items: z.array(keySchema) }) } } },
    401: problemResponse("No valid API key"),
    403: problemResponse("Not an admin"),
  },
});
const createKeyRoute = createRoute({
  method: "post",
  path: "/api/v1/keys",
  tags: ["keys"],
  summary: "Issue an API key; the secret is in this response only",
  security,
  request: { body: { required: true, content: { "application/json": { schema: createBody } } } },
  responses: {
    201: { description: "The new key and its secret", content: { "application/json": { schema: issuedSchema } } },
    400: problemResponse("Not a key request"),
    401: problemResponse("No valid API key"),
    403: problemResponse("Not an admin"),
  },
});
const revokeRoute = createRoute({
  method: "delete",
  path: "/api/v1/keys/{keyId}",
  tags: ["keys"],
  summary: "Revoke an API key at once",
  security,
  request: { params: keyIdParam },
  responses: {
    200: { description: "The revoked key", content: { "application/json": { schema: keySchema } } },
    401: problemResponse("No valid API key"),
    403: problemResponse("Not an admin"),
    404: problemResponse("No such key in this tenant"),
  },
});
const rotateRoute = createRoute({
  method: "post",
  path: "/api/v1/keys/{keyId}/rotate",
  tags: ["keys"],
  summary: "Issue the successor of a key; the old one keeps working for `graceSeconds` (default a day)",
  security,
  request: {
    params: keyIdParam,
    body: { required: false, content: { "application/json": { schema: rotateBody } } },
  },
  responses: {
    201: {
      description: "The successor with its secret, and the old key with its new expiry",
      content: { "application/json": { schema: issuedSchema.extend({ previous: keySchema }) } },
    },
    400: problemResponse("Not a rotation request"),
    401: problemResponse("No valid API key"),
    403: problemResponse("Not an admin"),
    404: problemResponse("No such key in this tenant"),
    409: problemResponse("The key is revoked or expired, or already being rotated"),
  },
});

/** An audit entry for an action on key `keyId` by the caller. */
function actedBy(context: Context<AppEnv>, action: string, keyId: string, details: Record<string, unknown>): AuditEntry {
  const principal = context.get("scope").principal;
  return {
    actorType: principal.kind,
    actorId: principal.id,
    action,
    targetType: "api_key",
    targetId: keyId,
    requestId: context.get("requestId"),
    details,
  };
}

function wire(key: KeyInfo): z.infer<typeof keySchema> {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    ...key,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: iso(key.lastUsedAt),
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
  };
}

export function registerKeyRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (context) => {
    const items = await context.get("services").keys.list(context.get("scope"));
    return context.json({ items: items.map(wire) }, 200);
  });

  app.openapi(createKeyRoute, async (context) => {
    const body = context.req.valid("json");
    const services = context.get("services");
    const scope = context.get("scope");
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
    if (expiresAt && expiresAt.getTime() <= services.now())
      return problem(context, 400, "validation_error", "body.expiresAt: must be in the future", { field: "expiresAt" }) as never;
    // the key and its audit entry commit together
    const issued = await services.database.forTenant(scope.tenantId, async ({ drizzle: transaction }) => {
      const made = await services.keys.issue(
        scope.tenantId,
        {
          name: body.name,
          role: body.role,
          scopes: body.scopes,
          createdBy: scope.principal.kind === "user" ? `user:${scope.principal.id}` : scope.principal.id,
          ...(expiresAt ? { expiresAt } : {}),
        },
        transaction,
      );
      await services.audit.append(
        scope.tenantId,
        actedBy(context, "key.created", made.id, { name: body.name, role: body.role, scopes: body.scopes, hint: made.hint }),
        transaction,
      );
      return made;
    });
    const key = await services.keys.find(scope, issued.id);
    if (!key) throw new Error(`the key ${issued.id} was issued but cannot be read back`);
    return context.json({ key: wire(key), secret: issued.secret }, 201);
  });

  app.openapi(revokeRoute, async (context) => {
    const { keyId } = context.req.valid("param");
    const services = context.get("services");
    const scope = context.get("scope");
    const revoked = await services.database.forTenant(scope.tenantId, async ({ drizzle: transaction }) => {
      const key = await services.keys.revoke(scope, keyId, transaction);
      if (key)
        await services.audit.append(scope.tenantId, actedBy(context, "key.revoked", keyId, { name: key.name }), transaction);
      return key;
    });
    if (!revoked) return problem(context, 404, "not_found", `no API key ${keyId}`) as never;
    services.authenticator.forget(keyId);
    return context.json(wire(revoked), 200);
  });

  app.openapi(rotateRoute, async (context) => {
    const { keyId } = context.req.valid("param");
    // the body is optional: without one, validation is skipped and the defaults apply here
    const body = rotateBody.parse(context.req.valid("json") ?? {});
    const services = context.get("services");
    const scope = context.get("scope");
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
    if (expiresAt && expiresAt.getTime() <= services.now())
      return problem(context, 400, "validation_error", "body.expiresAt: must be in the future", { field: "expiresAt" }) as never;
    const result = await services.database.forTenant(scope.tenantId, async ({ drizzle: transaction }) => {
      const rotated = await services.keys.rotate(
        scope,
        keyId,
        { graceSeconds: body.graceSeconds, ...(expiresAt ? { expiresAt } : {}) },
        transaction,
      );
      if (typeof rotated !== "string")
        await services.audit.append(
          scope.tenantId,
          actedBy(context, "key.rotated", keyId, {
            successor: rotated.key.id,
            graceSeconds: body.graceSeconds,
            previousExpiresAt: rotated.previous.expiresAt?.toISOString() ?? null,
          }),
          transaction,
        );
      return rotated;
    });
    if (result === "not_found") return problem(context, 404, "not_found", `no API key ${keyId}`) as never;
    if (result === "inactive") return problem(context, 409, "conflict", `API key ${keyId} is revoked or expired`) as never;
    if (result === "already_rotating")
      return problem(
        context,
        409,
        "conflict",
        `API key ${keyId} already has an active successor; revoke it or the old key first`,
      ) as never;
    services.authenticator.forget(keyId);
    const key = await services.keys.find(scope, result.key.id);
    if (!key) throw new Error(`the key ${result.key.id} was issued but cannot be read back`);
    return context.json({ key: wire(key), secret: result.key.secret, previous: wire(result.previous) }, 201);
  });
}
