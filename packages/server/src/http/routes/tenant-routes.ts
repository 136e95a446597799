/**
 * Tenants and members. The installation's administrator (a signed-in user
 * marked so; route-permissions.ts `instance:admin`) lists and creates
 * tenants and adds members to any tenant; a tenant's Admins list, add and
 * remove their own tenant's members. A new member gets a one-time password,
 * shown in this response only. Every change is audited in the tenant's chain.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { z } from "zod";
import type { TenantScope } from "../../services/tenant-scope.js";
import { addMember, createTenant, tenantIdPattern } from "../../services/tenants.js";
import { memberRoles } from "../../services/users.js";
import { memberships, sessions, users } from "../../store/schema.js";
import { listTenants, tenantExists } from "../../store/tenant-queries.js";
import { actorOf } from "../actor.js";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse } from "../problem.js";

const security = [{ bearer: [] }];

const tenantSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).meta({ id: "Tenant" });
const memberBody = z
  .strictObject({
    email: z.email().max(320),
    name: z.string().min(1).max(200).optional(),
    role: z.enum(memberRoles),
  })
  .meta({ id: "MemberChange" });
const memberAdded = z
  .object({
    userId: z.string(),
    created: z.boolean(),
    password: z
      .string()
      .nullable()
      .meta({ description: "a new user's one-time password, shown once; null for an existing user" }),
  })
  .meta({ id: "MemberAdded" });
const memberSchema = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: z.string(), since: z.string() })
  .meta({ id: "Member" });

const refusals = {
  401: problemResponse("Not signed in"),
  403: problemResponse("Not allowed"),
};

const listTenantsRoute = createRoute({
  method: "get",
  path: "/api/v1/tenants",
  tags: ["tenants"],
  summary: "Every tenant of the installation (instance administrator)",
  security,
  responses: {
    200: { description: "Tenants", content: { "application/json": { schema: z.object({ items: z.array(tenantSchema) }) } } },
    ...refusals,
  },
});

const createTenantRoute = createRoute({
  method: "post",
  path: "/api/v1/tenants",
  tags: ["tenants"],
  summary: "Create a tenant; the instance administrator becomes its admin",
  security,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            id: z
              .string()
              .regex(tenantIdPattern, "must be 1-63 lowercase letters, digits and dashes, starting with a letter or digit"),
            name: z.string().min(1).max(200),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: "The tenant", content: { "application/json": { schema: tenantSchema } } },
    400: problemResponse("Not a valid tenant"),
    409: problemResponse("The tenant exists"),
    ...refusals,
  },
});

const tenantMemberRoute = createRoute({
  method: "put",
  path: "/api/v1/tenants/{tenantId}/members",
  tags: ["tenants"],
  summary: "Add a member to a tenant or set their role (instance administrator)",
  security,
  request: {
    params: z.object({ tenantId: z.string().min(1).max(63) }),
    body: { required: true, content: { "application/json": { schema: memberBody } } },
  },
  responses: {
    200: { description: "The member", content: { "application/json": { schema: memberAdded } } },
    400: problemResponse("Not a valid member"),
    404: problemResponse("No such tenant"),
    ...refusals,
  },
});

const listMembersRoute = createRoute({
  method: "get",
  path: "/api/v1/members",
  tags: ["tenants"],
  summary: "The tenant's members",
  security,
  responses: {
    200: { description: "Members", content: { "application/json": { schema: z.object({ items: z.array(memberSchema) }) } } },
    ...refusals,
  },
});

const putMemberRoute = createRoute({
  method: "put",
  path: "/api/v1/members",
  tags: ["tenants"],
  summary: "Add a member to the tenant or set their role",
  security,
  request: { body: { required: true, content: { "application/json": { schema: memberBody } } } },
  responses: {
    200: { description: "The member", content: { "application/json": { schema: memberAdded } } },
    400: problemResponse("Not a valid member"),
    ...refusals,
  },
});

const removeMemberRoute = createRoute({
  method: "delete",
  path: "/api/v1/members/{userId}",
  tags: ["tenants"],
  summary: "Remove a member from the tenant and end their sessions in it",
  security,
  request: { params: z.object({ userId: z.string().min(1).max(64) }) },
  responses: {
    204: { description: "Removed" },
    404: problemResponse("No such member"),
    409: problemResponse("Removing yourself"),
    ...refusals,
  },
});

/** The caller's email, when the caller is a signed-in user. */
async function callerEmail(context: Context<AppEnv>, scope: TenantScope): Promise<string | undefined> {
  if (scope.principal.kind !== "user") return undefined;
  return (await context.get("services").users.byId(scope.principal.id))?.email;
}

export function registerTenantRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listTenantsRoute, async (context) => {
    const rows = await context.get("services").database.asSystem(({ drizzle }) => listTenants(drizzle));
    return context.json({ items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) }, 200);
  });

  app.openapi(createTenantRoute, async (context) => {
    const { id, name } = context.req.valid("json");
    const services = context.get("services");
    const scope = context.get("scope");
    const email = await callerEmail(context, scope);
    const created = await services.database.asSystem(async ({ drizzle }) => {
      if (await tenantExists(drizzle, id)) return false;
      await createTenant(drizzle, services.audit, id, name, actorOf(context));
      if (email) await addMember(drizzle, services, { tenantId: id, email, name: email, role: "admin" }, actorOf(context));
      return true;
    });
    if (!created) return problem(context, 409, "conflict", `tenant "${id}" exists already`) as never;
    const [row] = (await services.database.asSystem(({ drizzle }) => listTenants(drizzle))).filter((tenant) => tenant.id === id);
    return context.json({ id, name, createdAt: (row?.createdAt ?? new Date()).toISOString() }, 201);
  });

  app.openapi(tenantMemberRoute, async (context) => {
    const { tenantId } = context.req.valid("param");
    const body = context.req.valid("json");
    const services = context.get("services");
    const added = await services.database.asSystem(async ({ drizzle }) =>
      (await tenantExists(drizzle, tenantId))
        ? addMember(
            drizzle,
            services,
            { tenantId, email: body.email, name: body.name ?? body.email, role: body.role },
            actorOf(context),
          )
        : undefined,
    );
    if (!added) return problem(context, 404, "not_found", `no tenant ${tenantId}`) as never;
    return context.json({ userId: added.userId, created: added.created, password: added.password ?? null }, 200);
  });

  app.openapi(listMembersRoute, async (context) => {
    const tenantId = context.get("scope").tenantId;
    // users are the installation's (no tenant_id): one system read of this tenant's members and their names
    const rows = await context.get("services").database.asSystem(({ drizzle }) =>
      drizzle
        .select({
          userId: memberships.userId,
          email: users.email,
          name: users.name,
          role: memberships.role,
          since: memberships.createdAt,
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.tenantId, tenantId))
        .orderBy(asc(memberships.createdAt)),
    );
    const items = rows.map((row) => ({ ...row, since: row.since.toISOString() }));
    return context.json({ items }, 200);
  });

  app.openapi(putMemberRoute, async (context) => {
    const body = context.req.valid("json");
    const services = context.get("services");
    const tenantId = context.get("scope").tenantId;
    const added = await services.database.asSystem(({ drizzle }) =>
      addMember(
        drizzle,
        services,
        { tenantId, email: body.email, name: body.name ?? body.email, role: body.role },
        actorOf(context),
      ),
    );
    return context.json({ userId: added.userId, created: added.created, password: added.password ?? null }, 200);
  });

  app.openapi(removeMemberRoute, async (context) => {
    const { userId } = context.req.valid("param");
    const services = context.get("services");
    const scope = context.get("scope");
    if (scope.principal.kind === "user" && scope.principal.id === userId)
      return problem(context, 409, "conflict", "remove yourself through another admin") as never;
    const removed = await services.database.forTenant(scope.tenantId, async ({ drizzle }) => {
      const gone = await drizzle
        .delete(memberships)
        .where(and(eq(memberships.tenantId, scope.tenantId), eq(memberships.userId, userId)))
        .returning({ userId: memberships.userId });
      if (gone.length === 0) return false;
      await drizzle
        .update(sessions)
        .set({ revokedAt: new Date(services.now()) })
        .where(and(eq(sessions.tenantId, scope.tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
      await services.audit.append(
        scope.tenantId,
        { ...actorOf(context), action: "member.removed", targetType: "user", targetId: userId },
        drizzle,
      );
      return true;
    });
    if (!removed) return problem(context, 404, "not_found", `no member ${userId}`) as never;
    services.logins.forgetSessionsOf(userId);
    return context.body(null, 204);
  });
}
