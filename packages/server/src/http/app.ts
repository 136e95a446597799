/**
 * The HTTP application: request ids and JSON request logs, the services on
 * every context, the routes, problem JSON for everything that goes wrong,
 * the OpenAPI document generated from the routes' schemas, and the
 * dashboard's pages and files at `/` (routes/dashboard-routes.ts).
 */
import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { matchedRoutes } from "hono/route";
import type { AppEnv, Services } from "./app-env.js";
import { guard } from "./authenticate.js";
import { problem, validationProblem } from "./problem.js";
import { permissionOf, uncoveredRoutes } from "./route-permissions.js";
import { registerAnalyticsRoutes } from "./routes/analytics-routes.js";
import { registerAnomalyRoutes } from "./routes/anomaly-routes.js";
import { registerAuditRoutes } from "./routes/audit-routes.js";
import { registerAuthRoutes } from "./routes/auth-routes.js";
import { registerCalibrationRoutes } from "./routes/calibration-routes.js";
import { registerCompatRoutes } from "./routes/compat-routes.js";
import { registerDashboardRoutes } from "./routes/dashboard-routes.js";
import { registerDiffRoutes } from "./routes/diff-routes.js";
import { registerGraphBuilderRoutes } from "./routes/graph-builder-routes.js";
import { registerGraphRoutes } from "./routes/graph-routes.js";
import { registerGraphViewRoutes } from "./routes/graph-view-routes.js";
import { registerGuardRoutes } from "./routes/guard-routes.js";
import { registerHistoryRoutes } from "./routes/history-routes.js";
import { registerIngestRoutes } from "./routes/ingest-routes.js";
import { registerKeyRoutes } from "./routes/key-routes.js";
import { registerLaunchRoutes } from "./routes/launch-routes.js";
import { registerLiveRoutes } from "./routes/live-routes.js";
import { registerNotificationRoutes } from "./routes/notification-routes.js";
import { registerOperationRoutes } from "./routes/operation-routes.js";
import { registerPolicyRoutes } from "./routes/policy-routes.js";
import { registerPromotionRoutes } from "./routes/promotion-routes.js";
import { registerSsoRoutes } from "./routes/sso-routes.js";
import { registerTenantRoutes } from "./routes/tenant-routes.js";
import { registerTraceRoutes } from "./routes/trace-routes.js";
import { registerWorkerRoutes } from "./routes/worker-routes.js";

/** Routes that also take the key as `X-Auth-Token` (the LangWatch-compatible ingest). */
const TOKEN_HEADER_PATHS: ReadonlySet<string> = new Set(["/api/scenario-events"]);

/** Builds the application over `services`; `extend` adds routes before the dashboard's fallback and the 404. */
export function createApp(services: Services, extend: Array<(app: OpenAPIHono<AppEnv>) => void> = []): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, context) => {
      if (!result.success)
        return validationProblem(context, result.target === "param" ? "path" : result.target, result.error as never);
      return undefined;
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API key: `rh_<env>_<secret>_<checksum>`",
  });

  app.use("*", async (context, next) => {
    const requestId = context.req.header("x-request-id")?.slice(0, 100) || randomUUID();
    context.set("requestId", requestId);
    context.set("services", services);
    const started = performance.now();
    await next();
    context.header("x-request-id", requestId);
    const path = new URL(context.req.url).pathname;
    if (path !== "/health" && path !== "/ready") {
      services.logger.info(
        {
          requestId,
          method: context.req.method,
          path,
          status: context.res.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        "request",
      );
    }
  });

  // PostgreSQL text cannot hold NUL: an id or filter with one is the client's error, before any query sees it
  app.use("*", async (context, next) => {
    const url = new URL(context.req.url);
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname) + decodeURIComponent(url.search);
    } catch {
      return problem(context, 400, "validation_error", "the URL has a malformed percent-encoding");
    }
    if (decoded.includes("\u0000")) return problem(context, 400, "validation_error", "the URL contains a NUL character");
    return next();
  });

  // every route needs the permission route-permissions.ts gives it; an unknown path needs a valid key
  // before it learns that it is unknown. The route that answers is the first one registered that
  // matches (the dashboard's fallback, registered last, matches every GET).
  app.use("*", async (context, next) => {
    const route = matchedRoutes(context).find((matched) => matched.method !== "ALL");
    const path = new URL(context.req.url).pathname;
    const permission = route ? permissionOf(route.method, route.path, path) : undefined;
    if (permission === "public") return next();
    const acceptTokenHeader = TOKEN_HEADER_PATHS.has(path);
    return guard(permission, { acceptTokenHeader })(context, next);
  });

  registerOperationRoutes(app);
  registerIngestRoutes(app);
  registerHistoryRoutes(app);
  registerTraceRoutes(app);
  registerAnalyticsRoutes(app);
  registerAnomalyRoutes(app);
  registerCompatRoutes(app);
  registerDiffRoutes(app);
  registerGraphViewRoutes(app);
  registerGraphBuilderRoutes(app);
  registerCalibrationRoutes(app);
  registerGraphRoutes(app);
  registerLiveRoutes(app);
  registerNotificationRoutes(app);
  registerKeyRoutes(app);
  registerLaunchRoutes(app);
  registerWorkerRoutes(app);
  registerAuditRoutes(app);
  registerPolicyRoutes(app);
  registerGuardRoutes(app);
  registerPromotionRoutes(app);
  registerTenantRoutes(app);
  registerAuthRoutes(app);
  registerSsoRoutes(app);
  for (const register of extend) register(app);
  // last: its fallback answers every GET no route above matched
  registerDashboardRoutes(app);
  const uncovered = uncoveredRoutes(app.routes);
  if (uncovered.length > 0) throw new Error(`routes and their permissions disagree: ${uncovered.join("; ")}`);

  app.notFound((context) =>
    problem(context, 404, "not_found", `no route ${context.req.method} ${new URL(context.req.url).pathname}`),
  );
  app.onError((error, context) => {
    // Hono's own refusals (a body that is not JSON reaching a validator) are the client's error, not ours
    if (error instanceof HTTPException && error.status < 500) {
      const invalidJson = /json/i.test(error.message);
      return problem(context, error.status, invalidJson ? "invalid_json" : "validation_error", `body: ${error.message}`);
    }
    services.logger.error({ err: error, requestId: context.get("requestId") }, "request failed");
    return problem(
      context,
      500,
      "internal_error",
      `the server failed on this request (request id ${context.get("requestId") ?? "unknown"})`,
    );
  });
  return app;
}
