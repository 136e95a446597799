/**
 * Signing in through the identity provider (OIDC, decision 0031), both
 * routes public (route-permissions.ts):
 * `GET /api/v1/auth/sso/login?returnTo=/path` redirects to the provider with
 * a new attempt's sealed state in the `rehearse_sso` cookie;
 * `GET /api/v1/auth/sso/callback` is where the provider sends the browser
 * back: it sets the session cookies a password sign-in sets and redirects to
 * `returnTo`, or answers 401 `sso_failed`. Without a configured provider both
 * answer 404. Sign-ins are audited (`auth.sso_login`); refusals of someone the
 * provider vouched for too (`auth.sso_failed`), others only logged, since
 * anyone can cause them and the audit trail is per tenant.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { z } from "zod";
import { SSO_CALLBACK_PATH } from "../../services/oidc-config.js";
import { isSameOriginPath, type SsoFailureReason } from "../../services/single-sign-on.js";
import { SSO_STATE_TTL_MS } from "../../services/sso-state.js";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse } from "../problem.js";
import {
  clearSsoStateCookie,
  clientAddress,
  SSO_STATE_COOKIE,
  setSessionCookies,
  setSsoStateCookie,
} from "../session-cookies.js";

/** What the person is told; the log gets the reason and the library's detail. Nothing here names tokens or secrets. */
const refusals: Record<SsoFailureReason, string> = {
  state_missing: "no sign-in was started in this browser, or it was already used; start again",
  state_invalid: "the sign-in attempt is not valid; start again",
  state_expired: "the sign-in attempt took longer than 10 minutes; start again",
  provider_error: "the identity provider did not sign you in",
  provider_unavailable: "the identity provider could not be reached; try again later",
  exchange_failed: "the identity provider's answer could not be verified; start again",
  email_missing: "the identity provider gave no email address",
  email_unverified: "the identity provider says the email address is not verified",
  tenant_missing: "this account is not allowed into any tenant here",
  tenant_not_allowed: "this account is not allowed into any tenant here",
  tenant_unknown: "this account is not allowed into any tenant here",
  role_unmapped: "this account has no role here",
  user_disabled: "this account is disabled",
};

const loginRoute = createRoute({
  method: "get",
  path: "/api/v1/auth/sso/login",
  tags: ["auth"],
  summary: "Sign in through the identity provider (OIDC): redirects there",
  request: {
    query: z.object({
      returnTo: z
        .string()
        .refine(isSameOriginPath, { message: "must be a path on this server, like /runs (not //host or a URL)" })
        .optional()
        .meta({ description: "Where to land after signing in; default `/`", example: "/runs" }),
    }),
  },
  responses: {
    302: { description: "To the provider's authorization endpoint (PKCE S256, state, nonce); sets `rehearse_sso`" },
    400: problemResponse("returnTo is not a path on this server"),
    404: problemResponse("SSO is not configured"),
    503: problemResponse("The identity provider could not be reached, or its metadata names another issuer"),
  },
});

const callbackRoute = createRoute({
  method: "get",
  path: SSO_CALLBACK_PATH,
  tags: ["auth"],
  summary: "Where the identity provider sends the browser back; sets the session cookies",
  request: {
    query: z.object({
      code: z.string().optional(),
      state: z.string().optional(),
      iss: z.string().optional(),
      error: z.string().optional(),
      error_description: z.string().optional(),
    }),
  },
  responses: {
    302: { description: "Signed in: the session cookies are set, to `returnTo`" },
    401: problemResponse("Refused (no or a bad attempt, provider error, token checks, no role or tenant here); no session"),
    404: problemResponse("SSO is not configured"),
  },
});

const methodsRoute = createRoute({
  method: "get",
  path: "/api/v1/auth/methods",
  tags: ["auth"],
  summary: "How one may sign in here (the sign-in page asks before offering single sign-on)",
  responses: {
    200: {
      description: "The sign-in methods",
      content: {
        "application/json": {
          schema: z.object({
            password: z.boolean().meta({ description: "Email and password (`POST /api/v1/auth/login`)" }),
            sso: z.boolean().meta({ description: "Single sign-on (`GET /api/v1/auth/sso/login`) is configured" }),
          }),
        },
      },
    },
  },
});

function notConfigured(context: Context<AppEnv>): Response {
  return problem(context, 404, "not_found", "SSO is not configured");
}

export function registerSsoRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(methodsRoute, (context) => context.json({ password: true, sso: context.get("services").sso !== undefined }, 200));

  app.openapi(loginRoute, async (context) => {
    const services = context.get("services");
    if (!services.sso) return notConfigured(context) as never;
    const { returnTo } = context.req.valid("query");
    const begun = await services.sso.begin(returnTo ?? "/");
    context.header("cache-control", "no-store");
    if (!begun.ok) {
      services.logger.warn({ requestId: context.get("requestId"), detail: begun.detail }, "SSO provider unavailable");
      return problem(context, 503, "unavailable", refusals.provider_unavailable, { headers: { "retry-after": "30" } }) as never;
    }
    setSsoStateCookie(context, begun.sealedState, SSO_STATE_TTL_MS / 1000);
    return context.redirect(begun.location, 302) as never;
  });

  app.openapi(
    callbackRoute,
    async (context) => {
      const services = context.get("services");
      const { sso, audit } = services;
      if (!sso) return notConfigured(context) as never;
      const requestId = context.get("requestId");
      const address = clientAddress(context);
      const result = await sso.complete(new URL(context.req.url).searchParams, getCookie(context, SSO_STATE_COOKIE));
      clearSsoStateCookie(context);
      context.header("cache-control", "no-store");
      if (!result.ok) {
        const { reason, detail, issuer, subject, email, tenantId, userId } = result;
        services.logger.warn({ requestId, reason, detail, subject, tenantId, address }, "SSO sign-in refused");
        if (tenantId)
          await audit.append(tenantId, {
            actorType: userId ? "user" : "system",
            actorId: userId ?? "sso",
            action: "auth.sso_failed",
            requestId,
            details: { reason, address, issuer, subject, email },
          });
        return problem(context, 401, "sso_failed", refusals[reason]) as never;
      }
      const { session } = result;
      setSessionCookies(context, session.token, session.csrfToken, session.expiresAt);
      await audit.append(session.tenantId, {
        actorType: "user",
        actorId: session.user.id,
        action: "auth.sso_login",
        requestId,
        details: {
          address,
          role: session.role,
          issuer: result.issuer,
          subject: result.subject,
          ...(result.userCreated ? { userCreated: true } : {}),
          ...(result.previousRole && result.previousRole !== session.role ? { previousRole: result.previousRole } : {}),
        },
      });
      return context.redirect(result.returnTo, 302) as never;
    },
    // a callback the schema refuses (a parameter given twice, say) is a refused sign-in like any other
    (result, context) => {
      if (result.success) return undefined;
      if (!context.get("services").sso) return notConfigured(context);
      clearSsoStateCookie(context);
      return problem(context, 401, "sso_failed", refusals.exchange_failed);
    },
  );
}
