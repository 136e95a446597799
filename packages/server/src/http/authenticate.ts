/**
 * The auth middleware: a request carries an API key as
 * `Authorization: Bearer <key>` (or `X-Auth-Token: <key>` where
 * `acceptTokenHeader`, the LangWatch-compatible route); a missing or bad key
 * is 401 problem JSON, a key without the route's permission 403. On success
 * the caller's `TenantScope` is set on the context; handlers read it and
 * nothing else decides the tenant.
 */
import { createMiddleware } from "hono/factory";
import { type Permission, permissionMatrix } from "../services/permissions.js";
import type { AppEnv } from "./app-env.js";
import { problem } from "./problem.js";

/** Checks the credential, then `permission` (`undefined`: any valid credential; the route is unknown). */
export function guard(permission: Permission | undefined, options: { acceptTokenHeader?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (context, next) => {
    const header = context.req.header("authorization");
    let presented = header?.toLowerCase().startsWith("bearer ") ? header.slice(7) : undefined;
    if (presented === undefined && options.acceptTokenHeader) presented = context.req.header("x-auth-token");
    const scope = await context.get("services").authenticator.authenticate(presented);
    if (!scope) {
      const detail =
        presented === undefined
          ? "send an API key as `Authorization: Bearer <key>`"
          : "the API key is not valid (unknown, revoked or expired)";
      return problem(context, 401, "unauthorized", detail, { headers: { "www-authenticate": 'Bearer realm="rehearse"' } });
    }
    if (permission && !scope.may(permission)) {
      const needed = permissionMatrix[permission].scope;
      const detail =
        scope.role === "api"
          ? needed
            ? `this API key lacks the scope \`${needed}\``
            : "API keys cannot use this route; it needs a member role"
          : `the ${scope.role} role may not use this route (it needs \`${permission}\`)`;
      return problem(context, 403, "forbidden", detail);
    }
    context.set("scope", scope);
    await next();
  });
}
