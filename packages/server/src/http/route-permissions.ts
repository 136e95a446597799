/**
 * Every route and the permission it needs: the one table the auth middleware
 * consults (services/permissions.ts says which roles and key scopes hold each
 * permission). `createApp` refuses to build when a route has no entry here or
 * an entry has no route, so a new route cannot ship unguarded, and the RBAC
 * test is generated from this table. Paths are Hono's (`:param`).
 */
import type { Permission } from "../services/permissions.js";

/**
 * The last route: every other GET is a dashboard page (index.html). It is
 * public only for paths the dashboard owns (`isDashboardPath`); under the
 * API's prefixes it is an unknown route, which needs a credential first.
 */
export const DASHBOARD_FALLBACK = "/*";

/** Prefixes the server's own routes live under; the dashboard's pages are everywhere else. */
const SERVER_PREFIXES = ["/api", "/health", "/ready", "/metrics", "/openapi.json", "/docs"] as const;

/** Whether `path` (a request's path) is a dashboard page rather than a server route, known or not. */
export function isDashboardPath(path: string): boolean {
  if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  // seed 004's run-diff alias, /runs/{id}/diff/{other}, and anomaly aliases, /analytics/anomalies/…
  return (
    !/^\/runs\/[^/]+\/diff(\/|$)/.test(path) && !/^\/analytics\/anomalies(\/|$)/.test(path) && !/^\/user-testing(\/|$)/.test(path)
  );
}

export interface RoutePermission {
  method: "GET" | "POST" | "DELETE" | "PUT" | "PATCH";
  path: string;
  permission: Permission;
}

export const routePermissions: readonly RoutePermission[] = [
  { method: "GET", path: "/health", permission: "public" },
  { method: "GET", path: "/ready", permission: "public" },
  { method: "GET", path: "/metrics", permission: "metrics:read" },
  { method: "GET", path: "/metrics/prometheus", permission: "metrics:read" },
  { method: "GET", path: "/openapi.json", permission: "authenticated" },
  { method: "POST", path: "/api/v1/events", permission: "events:write" },
  { method: "POST", path: "/api/scenario-events", permission: "events:write" },
  // OTLP/HTTP traces (docs/tracing-server.md): the same ingest keys as events
  { method: "POST", path: "/api/otel/v1/traces", permission: "events:write" },
  { method: "GET", path: "/api/v1/sets", permission: "runs:read" },
  { method: "GET", path: "/api/v1/sets/:setId", permission: "runs:read" },
  { method: "GET", path: "/api/v1/sets/:setId/criteria-matrix", permission: "runs:read" },
  { method: "GET", path: "/api/v1/sets/:setId/flakiness", permission: "runs:read" },
  { method: "GET", path: "/api/v1/sets/:setId/series", permission: "runs:read" },
  { method: "GET", path: "/api/v1/analytics/anomalies/latency", permission: "runs:read" },
  { method: "GET", path: "/api/v1/analytics/anomalies/series", permission: "runs:read" },
  { method: "GET", path: "/analytics/anomalies/latency", permission: "runs:read" },
  { method: "GET", path: "/analytics/anomalies/series", permission: "runs:read" },
  { method: "GET", path: "/api/v1/batches", permission: "runs:read" },
  { method: "GET", path: "/api/v1/batches/:batchId", permission: "runs:read" },
  { method: "GET", path: "/api/v1/runs", permission: "runs:read" },
  { method: "GET", path: "/api/v1/runs/:runId", permission: "runs:read" },
  { method: "GET", path: "/api/v1/runs/:runId/messages", permission: "transcripts:read" },
  { method: "GET", path: "/api/v1/runs/:runId/events", permission: "transcripts:read" },
  { method: "GET", path: "/api/v1/runs/:runId/trace", permission: "transcripts:read" },
  // the graph view shows node inputs and outputs: a transcript read
  { method: "GET", path: "/api/v1/runs/:runId/graph", permission: "transcripts:read" },
  // the graph builder calls the server's model on the caller's behalf: an operator's act, like launching
  { method: "POST", path: "/graphs/builder/generate", permission: "runs:launch" },
  { method: "POST", path: "/api/v1/graphs/builder/generate", permission: "runs:launch" },
  // judge calibration (decision 0050): labelling is a person's act on runs (not viewers); the queue shows
  // transcripts to labellers; agreement is a read; evaluating calls the server's model, like the graph builder
  { method: "GET", path: "/api/v1/calibration/queue", permission: "runs:label" },
  { method: "PUT", path: "/api/v1/runs/:runId/labels", permission: "runs:label" },
  { method: "GET", path: "/api/v1/calibration/agreement", permission: "runs:read" },
  { method: "POST", path: "/api/v1/calibration/evaluate", permission: "runs:launch" },
  { method: "GET", path: "/api/v1/scenarios/:scenarioId/runs", permission: "runs:read" },
  { method: "GET", path: "/api/v1/diff/runs", permission: "transcripts:read" },
  { method: "GET", path: "/runs/:runId/diff/:otherId", permission: "transcripts:read" },
  { method: "GET", path: "/api/v1/diff/batches", permission: "runs:read" },
  { method: "GET", path: "/api/v1/stream", permission: "runs:read" },
  { method: "POST", path: "/api/v1/runs/:runId/replay", permission: "runs:playback" },
  // the release guard (docs/guard.md): evaluate and read for everyone who may evaluate; policies written by
  // admins; promoting is an operator's act (an inline policy lets the caller set the bar), keys need runs:launch
  { method: "POST", path: "/api/v1/guard/evaluate", permission: "guard:evaluate" },
  { method: "POST", path: "/release/guard", permission: "guard:evaluate" },
  { method: "GET", path: "/api/v1/guard/policies", permission: "guard:evaluate" },
  { method: "GET", path: "/api/v1/guard/policies/:name", permission: "guard:evaluate" },
  { method: "PUT", path: "/api/v1/guard/policies/:name", permission: "settings:write" },
  { method: "GET", path: "/api/v1/guard/evaluations", permission: "guard:evaluate" },
  { method: "GET", path: "/api/v1/guard/evaluations/:evaluationId", permission: "guard:evaluate" },
  { method: "POST", path: "/api/v1/promotions", permission: "runs:launch" },
  { method: "GET", path: "/api/v1/promotions", permission: "guard:evaluate" },
  // launching (docs/launching.md): pushing and launching are an operator's act (keys need runs:launch), reading
  // suites, attempts and workers is everyone's; the worker routes take only the installation's worker token
  { method: "POST", path: "/api/v1/suites", permission: "runs:launch" },
  { method: "GET", path: "/api/v1/suites", permission: "runs:read" },
  { method: "GET", path: "/api/v1/suites/:name", permission: "runs:read" },
  { method: "POST", path: "/api/v1/batches", permission: "runs:launch" },
  { method: "POST", path: "/api/v1/batches/:batchId/controls", permission: "runs:launch" },
  { method: "POST", path: "/api/v1/runs/:runId/controls", permission: "runs:launch" },
  { method: "POST", path: "/user-testing/runs/:runId/control", permission: "runs:launch" },
  { method: "GET", path: "/user-testing/runs/history", permission: "runs:read" },
  { method: "GET", path: "/user-testing/runs/:runId/timeline", permission: "transcripts:read" },
  { method: "GET", path: "/user-testing/runs/:runId/assertions", permission: "runs:read" },
  { method: "GET", path: "/user-testing/runs/:runId/compliance", permission: "transcripts:read" },
  { method: "POST", path: "/api/v1/runs/:runId/rerun", permission: "runs:launch" },
  { method: "GET", path: "/api/v1/runs/:runId/attempts", permission: "runs:read" },
  // behavioral graphs (docs/graphs.md): uploading and executing launch code on workers (runs:launch); reading
  // graphs and a run's WebSocket stream are everyone's, as the SSE stream (runs:read)
  { method: "POST", path: "/api/v1/graphs", permission: "runs:launch" },
  { method: "POST", path: "/graphs/upload", permission: "runs:launch" },
  { method: "GET", path: "/api/v1/graphs", permission: "runs:read" },
  { method: "GET", path: "/api/v1/graphs/:graphId", permission: "runs:read" },
  { method: "GET", path: "/api/v1/graphs/:graphId/versions/:version", permission: "runs:read" },
  { method: "POST", path: "/api/v1/runs/:graphId/execute", permission: "runs:launch" },
  { method: "POST", path: "/api/v1/runs/:graphId/execute/async", permission: "runs:launch" },
  { method: "POST", path: "/runs/:graphId/execute", permission: "runs:launch" },
  { method: "POST", path: "/runs/:graphId/execute/async", permission: "runs:launch" },
  { method: "GET", path: "/runs/stream/:runId", permission: "runs:read" },
  { method: "GET", path: "/api/v1/runs/:runId/stream/ws", permission: "runs:read" },
  { method: "GET", path: "/api/v1/workers", permission: "runs:read" },
  { method: "POST", path: "/api/v1/worker/claims", permission: "worker:operate" },
  { method: "POST", path: "/api/v1/worker/suite-files", permission: "worker:operate" },
  { method: "POST", path: "/api/v1/worker/poll", permission: "worker:operate" },
  { method: "POST", path: "/api/v1/worker/attempts", permission: "worker:operate" },
  { method: "POST", path: "/api/v1/worker/attempts/progress", permission: "worker:operate" },
  { method: "POST", path: "/api/v1/worker/cassettes", permission: "worker:operate" },
  { method: "POST", path: "/api/v1/worker/cassettes/read", permission: "worker:operate" },
  { method: "GET", path: "/api/v1/policy", permission: "settings:read" },
  { method: "PATCH", path: "/api/v1/policy", permission: "settings:write" },
  { method: "POST", path: "/api/v1/retention/sweep", permission: "settings:write" },
  { method: "DELETE", path: "/api/v1/runs/:runId", permission: "runs:delete" },
  // notifications (docs/notifications.md): admins manage channels, operators also list, test and read the log
  { method: "GET", path: "/api/v1/notifications/channels", permission: "notifications:operate" },
  { method: "POST", path: "/api/v1/notifications/channels", permission: "settings:write" },
  { method: "DELETE", path: "/api/v1/notifications/channels/:channelId", permission: "settings:write" },
  { method: "POST", path: "/api/v1/notifications/channels/:channelId/test", permission: "notifications:operate" },
  { method: "GET", path: "/api/v1/notifications/deliveries", permission: "notifications:operate" },
  { method: "POST", path: "/collab/slack/notify", permission: "notifications:operate" },
  { method: "GET", path: "/api/v1/tenants", permission: "instance:admin" },
  { method: "POST", path: "/api/v1/tenants", permission: "instance:admin" },
  { method: "PUT", path: "/api/v1/tenants/:tenantId/members", permission: "instance:admin" },
  { method: "GET", path: "/api/v1/members", permission: "members:manage" },
  { method: "PUT", path: "/api/v1/members", permission: "members:manage" },
  { method: "DELETE", path: "/api/v1/members/:userId", permission: "members:manage" },
  { method: "GET", path: "/api/v1/keys", permission: "keys:manage" },
  { method: "POST", path: "/api/v1/keys", permission: "keys:manage" },
  { method: "DELETE", path: "/api/v1/keys/:keyId", permission: "keys:manage" },
  { method: "POST", path: "/api/v1/keys/:keyId/rotate", permission: "keys:manage" },
  { method: "GET", path: "/api/v1/audit", permission: "audit:read" },
  { method: "GET", path: "/api/v1/audit/verify", permission: "audit:read" },
  { method: "POST", path: "/api/v1/auth/login", permission: "public" },
  { method: "GET", path: "/api/v1/auth/session", permission: "authenticated" },
  { method: "POST", path: "/api/v1/auth/logout", permission: "authenticated" },
  { method: "POST", path: "/api/v1/auth/logout-all", permission: "authenticated" },
  { method: "POST", path: "/api/v1/auth/password", permission: "authenticated" },
  { method: "GET", path: "/api/v1/auth/methods", permission: "public" },
  { method: "GET", path: "/api/v1/auth/sso/login", permission: "public" },
  { method: "GET", path: "/api/v1/auth/sso/callback", permission: "public" },
  // the dashboard's files and pages: public (its data comes from the API, with the session cookie)
  { method: "GET", path: "/assets/*", permission: "public" },
  { method: "GET", path: DASHBOARD_FALLBACK, permission: "public" },
];

const byRoute = new Map(routePermissions.map((entry) => [`${entry.method} ${entry.path}`, entry.permission]));

/**
 * The permission of a registered route (`path` as registered), or `undefined`
 * when the table has none; for the dashboard's fallback, `undefined` unless
 * `requestPath` is a dashboard page (an unknown API path needs a credential).
 */
export function permissionOf(method: string, path: string, requestPath?: string): Permission | undefined {
  if (path === DASHBOARD_FALLBACK && (requestPath === undefined || !isDashboardPath(requestPath))) return undefined;
  return byRoute.get(`${method.toUpperCase()} ${path}`);
}

/**
 * The mismatches between the registered routes and the table: routes without
 * an entry, and entries without a route. Empty when they agree.
 */
export function uncoveredRoutes(registered: ReadonlyArray<{ method: string; path: string }>): string[] {
  const routes = new Set(registered.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${route.path}`));
  const missing = [...routes].filter((route) => !byRoute.has(route)).map((route) => `${route} has no entry in routePermissions`);
  const stale = [...byRoute.keys()]
    .filter((route) => !routes.has(route))
    .map((route) => `${route} is in routePermissions but not served`);
  return [...missing, ...stale];
}
