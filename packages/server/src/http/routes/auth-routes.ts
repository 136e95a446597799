/**
 * Signing in and out of the dashboard:
 * `POST /api/v1/auth/login {email, password, tenant?}` sets the session
 * cookies and answers who signed in (and the CSRF token);
 * `GET /api/v1/auth/session` says who the caller is (a user or an API key);
 * `POST /api/v1/auth/logout` ends this session, `…/logout-all` every session
 * of the user. Sign-ins, failures of known accounts and logouts are audited.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { type Permission, permissionMatrix } from "../../services/permissions.js";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../services/users.js";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse } from "../problem.js";
import { clearSessionCookies, clientAddress, setSessionCookies } from "../session-cookies.js";
import { storableText } from "../text-schema.js";

const loginBody = z
  .object({
    email: storableText(320).pipe(z.string().trim().min(3)),
    password: z.string().min(1).max(1024),
    tenant: storableText(100).pipe(z.string().min(1)).optional(),
  })
  .strict();

const whoSchema = z
  .object({
    kind: z.enum(["user", "api_key"]),
    id: z.string(),
    tenantId: z.string(),
    role: z.string(),
    scopes: z.array(z.string()),
    permissions: z
      .array(z.string())
      .meta({ description: "What the caller may do (services/permissions.ts); the dashboard shows only these controls" }),
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }).optional(),
    tenants: z.array(z.object({ tenantId: z.string(), role: z.string() })).optional(),
  })
  .meta({ id: "Caller" });

const loginRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/login",
  tags: ["auth"],
  summary: "Sign in with an email and password; sets the session cookies",
  request: { body: { required: true, content: { "application/json": { schema: loginBody } } } },
  responses: {
    200: {
      description: "Signed in",
      content: {
        "application/json": {
          schema: z.object({
            user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
            tenantId: z.string(),
            role: z.string(),
            csrfToken: z.string(),
            expiresAt: z.string(),
          }),
        },
      },
    },
    400: problemResponse("Not a sign-in request"),
    401: problemResponse("The email or password is wrong (or the account is locked or disabled)"),
    403: problemResponse("The user is not a member of that tenant"),
    429: problemResponse("Too many failed attempts from this address; see Retry-After"),
  },
});

const sessionRoute = createRoute({
  method: "get",
  path: "/api/v1/auth/session",
  tags: ["auth"],
  summary: "Who the caller is: a signed-in user (with their tenants) or an API key",
  security: [{ bearer: [] }],
  responses: {
    200: { description: "The caller", content: { "application/json": { schema: whoSchema } } },
    401: problemResponse("Not signed in and no valid API key"),
  },
});

const ended = {
  200: { description: "Signed out", content: { "application/json": { schema: z.object({ sessionsEnded: z.number().int() }) } } },
};
const logoutRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/logout",
  tags: ["auth"],
  summary: "End this session and clear its cookies",
  responses: {
    ...ended,
    400: problemResponse("Not a session (an API key)"),
    401: problemResponse("Not signed in"),
    403: problemResponse("No CSRF token"),
  },
});
const logoutAllRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/logout-all",
  tags: ["auth"],
  summary: "End every session of the signed-in user, on every device",
  responses: {
    ...ended,
    400: problemResponse("Not a session (an API key)"),
    401: problemResponse("Not signed in"),
    403: problemResponse("No CSRF token"),
  },
});

const passwordBody = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
  })
  .strict();
const passwordRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/password",
  tags: ["auth"],
  summary: "Change the signed-in user's password; their other sessions end",
  request: { body: { required: true, content: { "application/json": { schema: passwordBody } } } },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: z.object({ changed: z.literal(true) }) } } },
    400: problemResponse("Not a password change, the current password is wrong, or not a session"),
    401: problemResponse("Not signed in"),
    403: problemResponse("No CSRF token"),
  },
});

export function registerAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(loginRoute, async (context) => {
    const { email, password, tenant } = context.req.valid("json");
    const services = context.get("services");
    const result = await services.logins.login(email, password, clientAddress(context), tenant);
    if (!result.ok) {
      const user = await services.users.byEmail(email);
      if (user && result.reason !== "rate_limited") {
        for (const { tenantId } of await services.users.tenantsOf(user.id))
          await services.audit.append(tenantId, {
            actorType: "user",
            actorId: user.id,
            action: "login.failed",
            requestId: context.get("requestId"),
            details: { reason: result.reason, address: clientAddress(context) },
          });
      }
      if (result.reason === "rate_limited")
        return problem(context, 429, "too_many_requests", "too many failed sign-ins from this address; try again later", {
          headers: { "retry-after": String(result.retryAfterSeconds) },
        }) as never;
      if (result.reason === "not_a_member")
        return problem(context, 403, "forbidden", `not a member of tenant ${tenant ?? "(any)"}`) as never;
      return problem(context, 401, "unauthorized", "the email or password is wrong") as never;
    }
    setSessionCookies(context, result.token, result.csrfToken, result.expiresAt);
    await services.audit.append(result.tenantId, {
      actorType: "user",
      actorId: result.user.id,
      action: "login.succeeded",
      requestId: context.get("requestId"),
      details: { address: clientAddress(context), role: result.role },
    });
    return context.json(
      {
        user: result.user,
        tenantId: result.tenantId,
        role: result.role,
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt.toISOString(),
      },
      200,
    );
  });

  app.openapi(sessionRoute, async (context) => {
    const scope = context.get("scope");
    const services = context.get("services");
    const base = {
      kind: scope.principal.kind,
      id: scope.principal.id,
      tenantId: scope.tenantId,
      role: scope.role,
      scopes: [...scope.scopes],
      permissions: (Object.keys(permissionMatrix) as Permission[]).filter(
        (permission) => permission !== "public" && permission !== "authenticated" && scope.may(permission),
      ),
    };
    if (scope.principal.kind === "api_key") return context.json(base, 200);
    const user = await services.users.byId(scope.principal.id);
    const tenants = await services.users.tenantsOf(scope.principal.id);
    return context.json(
      { ...base, ...(user ? { user: { id: user.id, email: user.email, name: user.name } } : {}), tenants },
      200,
    );
  });

  app.openapi(logoutRoute, async (context) => {
    const scope = context.get("scope");
    if (scope.principal.kind !== "user")
      return problem(context, 400, "validation_error", "an API key has no session; revoke the key instead") as never;
    const services = context.get("services");
    await services.logins.logout(scope.principal.session);
    await services.audit.append(scope.tenantId, {
      actorType: "user",
      actorId: scope.principal.id,
      action: "logout",
      requestId: context.get("requestId"),
    });
    clearSessionCookies(context);
    return context.json({ sessionsEnded: 1 }, 200);
  });

  app.openapi(passwordRoute, async (context) => {
    const scope = context.get("scope");
    if (scope.principal.kind !== "user")
      return problem(context, 400, "validation_error", "an API key has no password; rotate the key instead") as never;
    const { currentPassword, newPassword } = context.req.valid("json");
    const services = context.get("services");
    const outcome = await services.logins.changePassword(
      scope.principal.id,
      currentPassword,
      newPassword,
      scope.principal.session,
    );
    if (outcome === "wrong_password")
      return problem(context, 400, "validation_error", "body.currentPassword: the current password is wrong", {
        field: "currentPassword",
      }) as never;
    await services.audit.append(scope.tenantId, {
      actorType: "user",
      actorId: scope.principal.id,
      action: "user.password_changed",
      targetType: "user",
      targetId: scope.principal.id,
      requestId: context.get("requestId"),
    });
    return context.json({ changed: true as const }, 200);
  });

  app.openapi(logoutAllRoute, async (context) => {
    const scope = context.get("scope");
    if (scope.principal.kind !== "user")
      return problem(context, 400, "validation_error", "an API key has no session; revoke the key instead") as never;
    const services = context.get("services");
    const count = await services.logins.logoutEverywhere(scope.principal.id);
    await services.audit.append(scope.tenantId, {
      actorType: "user",
      actorId: scope.principal.id,
      action: "logout.everywhere",
      requestId: context.get("requestId"),
      details: { sessionsEnded: count },
    });
    clearSessionCookies(context);
    return context.json({ sessionsEnded: count }, 200);
  });
}
