/**
 * The browser session's cookies: `rehearse_session` (the token; `HttpOnly`,
 * so page scripts never see it) and `rehearse_csrf` (readable by the
 * dashboard's own scripts, which echo it in `X-CSRF-Token`). Both
 * `SameSite=Lax; Path=/`, and `Secure` when the request came over HTTPS or
 * the server is told it sits behind TLS (`REHEARSE_SECURE_COOKIES=true`).
 */
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./app-env.js";

export const SESSION_COOKIE = "rehearse_session";
export const CSRF_COOKIE = "rehearse_csrf";
export const CSRF_HEADER = "x-csrf-token";

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
