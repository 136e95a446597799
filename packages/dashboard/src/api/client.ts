/**
 * The typed API client: openapi-fetch over the paths generated from the
 * server's OpenAPI document (schema.d.ts). Same origin, the session cookie
 * rides along; every request other than GET/HEAD echoes the session's CSRF
 * token (the `rehearse_csrf` cookie) in `X-CSRF-Token`, as the server asks.
 * A 401 tells the app (through `onSignedOut`) so it can show the sign-in page.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type ApiClient = ReturnType<typeof createClient<paths>>;

/** A failed request: the server's problem JSON when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const CSRF_COOKIE = "rehearse_csrf";

/** The CSRF token the server set beside the session cookie, if any. */
export function csrfToken(cookies: string): string | undefined {
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export function createApiClient(options: { onSignedOut: () => void; fetch?: typeof fetch }): ApiClient {
  const client = createClient<paths>({ baseUrl: "", credentials: "same-origin", fetch: options.fetch });
  const middleware: Middleware = {
    onRequest({ request }) {
      if (request.method !== "GET" && request.method !== "HEAD") {
        const token = csrfToken(document.cookie);
        if (token !== undefined) request.headers.set("X-CSRF-Token", token);
      }
      return request;
    },
    onResponse({ response, request }) {
      if (response.status === 401 && !new URL(request.url).pathname.startsWith("/api/v1/auth/")) options.onSignedOut();
      return response;
    },
  };
  client.use(middleware);
  return client;
}

/** The data of an openapi-fetch result, or an `ApiError` thrown with the problem's detail. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  const problem = (result.error ?? {}) as { code?: string; detail?: string; title?: string };
  throw new ApiError(
    result.response.status,
    problem.code,
    problem.detail ?? problem.title ?? `the server answered ${result.response.status}`,
  );
}
