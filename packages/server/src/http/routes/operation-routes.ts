/**
 * Operations: `/health` (the process answers) and `/ready` (the database
 * answers and the migrations are applied) need no key (app.ts); `/metrics`
 * (Prometheus text; alias `/metrics/prometheus`) and `/openapi.json` do.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { openApiInfo } from "../openapi-info.js";
import { problem } from "../problem.js";

export function registerOperationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get("/health", (context) => context.json({ status: "ok" }));
  app.get("/ready", async (context) => {
    const ready = await context.get("services").database.ready();
    if (!ready)
      return problem(context, 503, "not_ready", "the database is not reachable or not migrated", {
        headers: { "retry-after": "1" },
      });
    return context.json({ status: "ready", database: context.get("services").database.kind });
  });
  const metrics = async (context: Context<AppEnv>) => {
    const { body, contentType } = await context.get("services").metrics.text();
    return context.body(body, 200, { "content-type": contentType });
  };
  app.get("/metrics", metrics);
  app.get("/metrics/prometheus", metrics);
  app.get("/openapi.json", (context) => context.json(app.getOpenAPI31Document(openApiInfo)));
}
