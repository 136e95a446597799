/**
 * The auth middleware: a request carries an API key as
 * `Authorization: Bearer <key>` (or `X-Auth-Token: <key>` where
 * `acceptTokenHeader`, the LangWatch-compatible route) or a signed-in
 * browser's session cookie (then a change — any method but GET, HEAD,
 * OPTIONS — also needs the session's CSRF token in `X-CSRF-Token`). A
 * missing or bad credential is 401 problem JSON, one without the route's
 * permission 403. On success
 * the caller's `TenantScope` is set on the context; handlers read it and
 * nothing else decides the tenant.
 */
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { type Permission, permissionMatrix } from "../services/permissions.js";
import type { AppEnv } from "./app-env.js";
import { problem } from "./problem.js";
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from "./session-cookies.js";

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Checks the credential, then `permission` (`undefined`: any valid credential; the route is unknown). */
export function guard(permission: Permission | undefined, options: { acceptTokenHeader?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (context, next) => {
    const services = context.get("services");
    const header = context.req.header("authorization");
    let presented = header?.toLowerCase().startsWith("bearer ") ? header.slice(7) : undefined;
    if (presented === undefined && options.acceptTokenHeader) presented = context.req.header("x-auth-token");
    // a Prometheus scraper holds only the scrape token, which opens /metrics and nothing else
    if (permission === "metrics:read" && presented !== undefined && services.metricsToken?.(presented)) return next();
    // a worker holds only the worker token, which opens the worker routes (and nothing else; no key or role does)
    if (permission === "worker:operate" && services.launching.credentials.matches(presented)) return next();
    // a key wins over a session cookie; without a key, the browser's session is the credential
    const session = presented === undefined ? getCookie(context, SESSION_COOKIE) : undefined;
    const scope = session ? await services.logins.authenticate(session) : await services.authenticator.authenticate(presented);
    if (!scope) {
      const detail =
        presented !== undefined
          ? "the API key is not valid (unknown, revoked or expired)"
          : session !== undefined
            ? "the session has ended; sign in again"
            : "send an API key as `Authorization: Bearer <key>`, or sign in";
      return problem(context, 401, "unauthorized", detail, { headers: { "www-authenticate": 'Bearer realm="rehearse"' } });
    }
    // a browser sends the cookie on any request to this host: changes need the token only our pages can read
    if (
      session &&
      !SAFE_METHODS.has(context.req.method) &&
      !services.logins.csrfMatches(session, context.req.header(CSRF_HEADER))
    )
      return problem(context, 403, "csrf_failed", `send the session's CSRF token (the ${CSRF_COOKIE} cookie) as ${CSRF_HEADER}`);
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
