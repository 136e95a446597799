/**
 * The dashboard, served from the same origin as the API: `/assets/*` (the
 * build's hashed files, cached for a year), the build's other top-level
 * files (`/favicon.svg`, `/robots.txt`), and `index.html` for every other
 * GET outside the server's own prefixes (the single-page app routes in the
 * browser). None of it needs a credential (route-permissions.ts): the pages
 * are the same for everyone, and their data comes from the API. Every
 * response carries a strict Content-Security-Policy. Without a built
 * dashboard, `/` says how to build one.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { DashboardFile } from "../../services/dashboard-files.js";
import type { AppEnv } from "../app-env.js";
import { problem } from "../problem.js";
import { DASHBOARD_FALLBACK, isDashboardPath } from "../route-permissions.js";

/** Headers of every dashboard response: scripts, styles and data only from this origin; never framed. */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** Hashed build files never change under their name. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** index.html names the current hashed files: revalidated on every load (its ETag makes that a 304). */
const REVALIDATE = "no-cache";
/** Unhashed top-level files (favicon, robots.txt) may be an hour old. */
const HOURLY = "public, max-age=3600";

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Rehearse</title></head>
<body>
<h1>Rehearse run-history server</h1>
<p>The dashboard is not built, so there is nothing to show here yet. The server and its API work without it.</p>
<p>To build it from the repository: <code>npm run build</code> in <code>packages/dashboard</code>
(<code>npm run build --workspace @rehearse/dashboard</code>), then restart the server. With the packages from npm,
install <code>@rehearse/dashboard</code> beside <code>@rehearse/server</code>. Or point the server at a build:
<code>REHEARSE_DASHBOARD_DIR=/path/to/dist</code>.</p>
<p>The API's OpenAPI document is at <a href="/openapi.json">/openapi.json</a> (with an API key); the server's reference
is <code>docs/server.md</code>.</p>
</body>
</html>
`;

/** Whether `If-None-Match` names `etag` (weak comparison, as for GET). */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

function send(context: Context<AppEnv>, file: DashboardFile, cacheControl: string): Response {
  const headers: Record<string, string> = {
    ...DASHBOARD_SECURITY_HEADERS,
    "cache-control": cacheControl,
    etag: file.etag,
    vary: "Accept-Encoding",
  };
  if (notModified(context.req.header("if-none-match"), file.etag)) return context.body(null, 304, headers);
  return context.body(file.body, 200, {
    ...headers,
    "content-type": file.contentType,
    "content-length": String(file.body.byteLength),
    ...(file.encoding ? { "content-encoding": file.encoding } : {}),
  });
}

/** The request's path below `prefix`, decoded; `undefined` when it cannot be decoded. */
function decodedPath(context: Context<AppEnv>, prefix: string): string | undefined {
  try {
    return decodeURIComponent(new URL(context.req.url).pathname.slice(prefix.length));
  } catch {
    return undefined;
  }
}

export function registerDashboardRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get("/assets/*", async (context) => {
    const dashboard = context.get("services").dashboard;
    const relative = decodedPath(context, "/assets/");
    const file =
      dashboard && relative !== undefined
        ? await dashboard.file(`assets/${relative}`, context.req.header("accept-encoding"))
        : undefined;
    if (!file) return problem(context, 404, "not_found", `no file ${new URL(context.req.url).pathname}`);
    return send(context, file, IMMUTABLE);
  });

  app.get(DASHBOARD_FALLBACK, async (context) => {
    const path = new URL(context.req.url).pathname;
    // under the server's own prefixes this is an unknown route: the guard asked for a credential already
    if (!isDashboardPath(path)) return context.notFound();
    const dashboard = context.get("services").dashboard;
    const relative = decodedPath(context, "/");
    if (dashboard && relative && !relative.includes("/") && relative !== "index.html") {
      const file = await dashboard.file(relative, context.req.header("accept-encoding"));
      if (file) return send(context, file, HOURLY);
    }
    const index = await dashboard?.index();
    if (index) return send(context, index, REVALIDATE);
    return context.html(NOT_BUILT_PAGE, path === "/" ? 200 : 404, { ...DASHBOARD_SECURITY_HEADERS, "cache-control": REVALIDATE });
  });
}
