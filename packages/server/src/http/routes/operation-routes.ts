/**
 * Operations: `/health` (the process answers) and `/ready` (the database
 * answers and the migrations are applied) need no key (app.ts); `/metrics`
 * (Prometheus text; alias `/metrics/prometheus`) and `/openapi.json` do.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { RUN_QUEUE_NAME } from "../../services/bullmq-connection.js";
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
    const services = context.get("services");
    const { body, contentType } = await services.metrics.text();
    return context.body(body + (await queueMetrics(services)), 200, { "content-type": contentType });
  };
  app.get("/metrics", metrics);
  app.get("/metrics/prometheus", metrics);
  app.get("/openapi.json", (context) => context.json(app.getOpenAPI31Document(openApiInfo)));
}

/** `bullmq_job_count{queue,state}`: BullMQ's own export, or the embedded runner's counts in the same form. */
async function queueMetrics(services: AppEnv["Variables"]["services"]): Promise<string> {
  try {
    const queue = services.launching.queue();
    if (queue.prometheus) return `${(await queue.prometheus()).trimEnd()}\n`;
    const counts = await queue.counts();
    const lines = Object.entries(counts).map(
      ([state, count]) => `bullmq_job_count{queue="${RUN_QUEUE_NAME}",state="${state}"} ${count}`,
    );
    return ["# HELP bullmq_job_count Number of jobs in the queue by state", "# TYPE bullmq_job_count gauge", ...lines, ""].join(
      "\n",
    );
  } catch (error) {
    services.logger.warn({ err: error }, "the run queue's metrics could not be read");
    return "";
  }
}
