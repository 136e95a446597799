/**
 * A run's behavioral graphs: `GET /api/v1/runs/{runId}/graph` folds the
 * run's stored graph events (`graph_started`, `node_started`,
 * `node_finished`, `handoff`, `graph_fault` injections, by seq) into one
 * view per graph with core's `graphRunsFromEvents` — what the dashboard
 * draws. Works on a live run (visits still running). Payloads are shown as
 * the caller may read them (read-time redaction, like the events route).
 * An unknown run, or another tenant's, answers 404; a run without a graph
 * answers `graphs: []`.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { graphRunsFromEvents, type StoredGraphEvent } from "@rehearse/core/platform";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { runGraphsSchema } from "../graph-view-schemas.js";
import { problem } from "../problem.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";

/** The event types a graph view is built from (other types are never read). */
const GRAPH_EVENT_TYPES = ["graph_started", "node_started", "node_finished", "handoff", "injection"];
/** Events read per query, and the most one response folds (a bound on a runaway run). */
const PAGE_SIZE = 2_000;
const MAX_EVENTS = 20_000;

const graphRoute = createRoute({
  method: "get",
  path: "/api/v1/runs/{runId}/graph",
  tags: ["runs"],
  summary: "A run's behavioral graphs: outline, path taken, per-node verdicts, contract breaches, chaos",
  security: bearerSecurity,
  request: { params: z.object({ runId: z.string().min(1).max(200) }) },
  responses: { 200: jsonResponse(runGraphsSchema, "One view per graph the run streamed"), ...readProblems() },
});

/** Registers the graph view route. */
export function registerGraphViewRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(graphRoute, async (context) => {
    const { runId } = context.req.valid("param");
    const services = context.get("services");
    const scope = context.get("scope");
    const events: StoredGraphEvent[] = [];
    let afterSeq = -1;
    let truncated = false;
    for (;;) {
      const page = await services.history.events(scope, runId, afterSeq, GRAPH_EVENT_TYPES, PAGE_SIZE);
      if (!page) return problem(context, 404, "not_found", `no run ${runId}`) as never;
      for (const item of page.items) events.push({ type: item.type, payload: item.event });
      if (page.nextAfterSeq === null) break;
      if (events.length >= MAX_EVENTS) {
        truncated = true;
        break;
      }
      afterSeq = page.nextAfterSeq;
    }
    const view = await services.reading.viewFor(scope);
    const shown = events.map((event) => ({ type: event.type, payload: view.showEvent(event.payload) }));
    const graphs = graphRunsFromEvents(shown).map((graph) => ({
      ...graph,
      outline: graph.outline ?? null,
      answeredBy: graph.answeredBy ?? null,
    }));
    return context.json({ graphs, truncated } as z.infer<typeof runGraphsSchema>, 200);
  });
}
