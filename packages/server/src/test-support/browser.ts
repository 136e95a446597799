/**
 * A browser's part of signing in, for tests: the cookies it keeps, the CSRF
 * token it echoes, a password sign-in and requests with the session.
 */
import type { Json, TestApp } from "./test-app.js";

export interface Browser {
  /** Cookies by name, as a browser keeps them. */
  cookies: Map<string, string>;
  csrf?: string;
}

export function cookieHeader(browser: Browser): string {
  return [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}

/** Keeps the cookies `response` sets (and forgets the ones it clears). */
export function keep(browser: Browser, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const [name = "", value = ""] = pair.split("=");
    if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) browser.cookies.delete(name);
    else browser.cookies.set(name, value);
  }
}

/** Signs in with `body` (`{email, password, tenantId?}`) from `address`; the browser holds the session. */
export async function login(
  server: TestApp,
  body: Record<string, unknown>,
  options: { address?: string; url?: string } = {},
): Promise<{ response: Response; browser: Browser; body: Json }> {
  const response = await server.app.request(options.url ?? "/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": options.address ?? "192.0.2.1" },
    body: JSON.stringify(body),
  });
  const browser: Browser = { cookies: new Map() };
  keep(browser, response);
  const parsed: Json = await response.json();
  browser.csrf = parsed.csrfToken;
  return { response, browser, body: parsed };
}

/** A request with the browser's cookies (and its CSRF token unless `csrf` is false). */
export function browse(server: TestApp, browser: Browser, method: string, path: string, body?: unknown, csrf = true) {
  return Promise.resolve(
    server.app.request(path, {
      method,
      headers: {
        cookie: cookieHeader(browser),
        ...(csrf && browser.csrf ? { "x-csrf-token": browser.csrf } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}
