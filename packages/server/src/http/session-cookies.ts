/**
 * The browser session's cookies: `rehearse_session` (the token; `HttpOnly`,
 * so page scripts never see it) and `rehearse_csrf` (readable by the
 * dashboard's own scripts, which echo it in `X-CSRF-Token`). Both
 * `SameSite=Lax; Path=/`, and `Secure` when the request came over HTTPS or
 * the server is told it sits behind TLS (`REHEARSE_SECURE_COOKIES=true`).
 * During a single sign-on attempt, `rehearse_sso` holds its sealed state
 * (`HttpOnly; SameSite=Lax`, sent only to the sign-on routes, 10 minutes).
 */
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./app-env.js";

export const SESSION_COOKIE = "rehearse_session";
export const CSRF_COOKIE = "rehearse_csrf";
export const CSRF_HEADER = "x-csrf-token";
export const SSO_STATE_COOKIE = "rehearse_sso";
/** The sign-on routes' common prefix: the state cookie goes nowhere else. */
const SSO_COOKIE_PATH = "/api/v1/auth/sso";

function secure(context: Context<AppEnv>): boolean {
  return context.get("services").secureCookies || new URL(context.req.url).protocol === "https:";
}

export function setSessionCookies(context: Context<AppEnv>, token: string, csrfToken: string, expiresAt: Date): void {
  const common = { path: "/", sameSite: "Lax", secure: secure(context), expires: expiresAt } as const;
  setCookie(context, SESSION_COOKIE, token, { ...common, httpOnly: true });
  setCookie(context, CSRF_COOKIE, csrfToken, common);
}

export function clearSessionCookies(context: Context<AppEnv>): void {
  const common = { path: "/", sameSite: "Lax", secure: secure(context) } as const;
  deleteCookie(context, SESSION_COOKIE, { ...common, httpOnly: true });
  deleteCookie(context, CSRF_COOKIE, common);
}

/**
 * Keeps a sign-on attempt's sealed state until the provider sends the browser
 * back. `SameSite=Lax` still sends it on that top-level GET from the
 * provider's site; `Strict` would not.
 */
export function setSsoStateCookie(context: Context<AppEnv>, sealedState: string, maxAgeSeconds: number): void {
  setCookie(context, SSO_STATE_COOKIE, sealedState, {
    path: SSO_COOKIE_PATH,
    sameSite: "Lax",
    secure: secure(context),
    httpOnly: true,
    maxAge: maxAgeSeconds,
  });
}

/** Ends a sign-on attempt in the browser: a state is used once, whatever the outcome. */
export function clearSsoStateCookie(context: Context<AppEnv>): void {
  deleteCookie(context, SSO_STATE_COOKIE, { path: SSO_COOKIE_PATH, sameSite: "Lax", secure: secure(context), httpOnly: true });
}

/**
 * The caller's address: the socket's peer, or — only when the server is
 * told it sits behind a proxy (`REHEARSE_TRUST_PROXY=true`) — the first
 * address of `X-Forwarded-For`.
 */
export function clientAddress(context: Context<AppEnv>): string {
  if (context.get("services").trustProxy) {
    const forwarded = context.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  const incoming = (context.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}
