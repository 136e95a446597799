/**
 * The read API under `/api/v1`: runs (filters, keyset pages), a run's detail,
 * transcript and events, a scenario's previous runs, batches and sets (a
 * set's analytics: analytics-routes.ts). Every route needs a key; another
 * tenant's ids answer 404 like unknown ones. Run data a caller may only see
 * redacted (metadata included) goes through the caller's read view.
 */
import { createRoute, type OpenAPIHono, type RouteHandler } from "@hono/zod-openapi";
import { z } from "zod";
import { cursors, setCursors } from "../../services/history.js";
import type { AppEnv } from "../app-env.js";
import { problem } from "../problem.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";
import {
  batchPageSchema,
  batchSchema,
  eventPageSchema,
  messagePageSchema,
  runDetailSchema,
  runPageSchema,
  setListSchema,
  setSchema,
} from "../schemas.js";

const limit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const text = z.string().min(1).max(200);
const problems = readProblems();

const runsQuery = z.object({
  setId: text.optional(),
  batchId: text.optional(),
  scenarioId: text.optional(),
  status: z.enum(["pass", "fail", "error", "skipped"]).optional(),
  state: z.enum(["queued", "running", "stalled", "interrupted", "finished", "cancelled"]).optional(),
  label: text.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: text.optional(),
  limit: limit(50, 200),
  cursor: z.string().max(500).optional(),
});

const listRunsRoute = createRoute({
  method: "get",
  path: "/api/v1/runs",
  tags: ["runs"],
  summary: "Runs, newest first (summary rows, no transcripts)",
  security: bearerSecurity,
  request: { query: runsQuery },
  responses: { 200: jsonResponse(runPageSchema, "A page of runs"), ...problems },
});
const runRoute = createRoute({
  method: "get",
  path: "/api/v1/runs/{runId}",
  tags: ["runs"],
  summary: "One run: results, criteria, usage, counters",
  security: bearerSecurity,
  request: { params: z.object({ runId: text }) },
  responses: { 200: jsonResponse(runDetailSchema, "The run"), ...problems },
});
const messagesRoute = createRoute({
  method: "get",
  path: "/api/v1/runs/{runId}/messages",
  tags: ["runs"],
  summary: "A run's latest transcript, paged by message index",
  security: bearerSecurity,
  request: {
    params: z.object({ runId: text }),
    query: z.object({ from: z.coerce.number().int().min(0).default(0), limit: limit(100, 500) }),
  },
  responses: { 200: jsonResponse(messagePageSchema, "Messages"), ...problems },
});
const eventsRoute = createRoute({
  method: "get",
  path: "/api/v1/runs/{runId}/events",
  tags: ["runs"],
  summary: "A run's stored events by seq",
  security: bearerSecurity,
  request: {
    params: z.object({ runId: text }),
    query: z.object({
      afterSeq: z.coerce.number().int().min(-1).default(-1),
      types: z.string().max(500).optional(),
      limit: limit(100, 500),
    }),
  },
  responses: { 200: jsonResponse(eventPageSchema, "Events"), ...problems },
});
const scenarioRunsRoute = createRoute({
  method: "get",
  path: "/api/v1/scenarios/{scenarioId}/runs",
  tags: ["runs"],
  summary: "A scenario's previous runs",
  security: bearerSecurity,
  request: {
    params: z.object({ scenarioId: text }),
    query: z.object({ limit: limit(20, 200), cursor: z.string().max(500).optional() }),
  },
  responses: { 200: jsonResponse(runPageSchema, "Runs of the scenario"), ...problems },
});
const batchesRoute = createRoute({
  method: "get",
  path: "/api/v1/batches",
  tags: ["batches"],
  summary: "Batches, newest first, with counts derived from runs",
  security: bearerSecurity,
  request: { query: z.object({ setId: text.optional(), limit: limit(50, 200), cursor: z.string().max(500).optional() }) },
  responses: { 200: jsonResponse(batchPageSchema, "A page of batches"), ...problems },
});
const batchRoute = createRoute({
  method: "get",
  path: "/api/v1/batches/{batchId}",
  tags: ["batches"],
  summary: "One batch with counts and canonical pass rate",
  security: bearerSecurity,
  request: { params: z.object({ batchId: text }) },
  responses: { 200: jsonResponse(batchSchema, "The batch"), ...problems },
});
const setsRoute = createRoute({
  method: "get",
  path: "/api/v1/sets",
  tags: ["sets"],
  summary: "Scenario sets, failure-first, with their latest batch, trend and flaky scenarios",
  security: bearerSecurity,
  request: {
    query: z.object({
      q: text.optional().meta({ description: "the set id contains this (case-insensitive)" }),
      limit: limit(100, 500),
      cursor: z.string().max(500).optional(),
    }),
  },
  responses: { 200: jsonResponse(setListSchema, "Sets"), ...problems },
});
const setRoute = createRoute({
  method: "get",
  path: "/api/v1/sets/{setId}",
  tags: ["sets"],
  summary: "One scenario set",
  security: bearerSecurity,
  request: { params: z.object({ setId: text }) },
  responses: { 200: jsonResponse(setSchema, "The set"), ...problems },
});

/** The event types the compliance view shows: detector findings and the faults injected into the run. */
const COMPLIANCE_TYPES = ["pii_leak", "policy_violation", "system_prompt_leak", "injection", "red_team_report"];

const complianceRoute = createRoute({
  method: "get",
  path: "/user-testing/runs/{runId}/compliance",
  tags: ["runs"],
  summary:
    "Seed 004's compliance view: a run's detector findings (personal data, policy, system prompt leaks), injections and red-team report",
  security: bearerSecurity,
  request: { params: z.object({ runId: text }) },
  responses: { 200: jsonResponse(eventPageSchema, "The findings, by seq (at most 500)"), ...problems },
});

export function registerHistoryRoutes(app: OpenAPIHono<AppEnv>): void {
  const listRuns: RouteHandler<typeof listRunsRoute, AppEnv> = async (context) => {
    const query = context.req.valid("query");
    const after = cursors.decode(query.cursor);
    if (after === "invalid")
      return problem(context, 400, "validation_error", "query.cursor: not a cursor this server gave", {
        field: "cursor",
      }) as never;
    const { cursor: _cursor, limit: size, q, from, to, ...filter } = query;
    const services = context.get("services");
    const page = await services.history.runs(
      context.get("scope"),
      { ...filter, ...(q ? { text: q } : {}), ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) },
      size,
      after ? { startedAt: after.at, id: after.id } : undefined,
      await services.reading.viewFor(context.get("scope")),
    );
    return context.json(page as z.infer<typeof runPageSchema>, 200);
  };
  app.openapi(listRunsRoute, listRuns);
  const runDetail: RouteHandler<typeof runRoute, AppEnv> = async (context) => {
    const { runId } = context.req.valid("param");
    const services = context.get("services");
    const run = await services.history.run(context.get("scope"), runId);
    if (!run) return problem(context, 404, "not_found", `no run ${runId}`) as never;
    const view = await services.reading.viewFor(context.get("scope"));
    const { description, metadata, reasoning, error } = view.show(runId, {
      description: run.description,
      metadata: run.metadata,
      reasoning: run.reasoning,
      error: run.error,
    });
    return context.json({ ...run, description, metadata, reasoning, error } as z.infer<typeof runDetailSchema>, 200);
  };
  app.openapi(runRoute, runDetail);
  app.openapi(messagesRoute, async (context) => {
    const { runId } = context.req.valid("param");
    const { from, limit: size } = context.req.valid("query");
    const services = context.get("services");
    const page = await services.history.messages(context.get("scope"), runId, from, size);
    if (!page) return problem(context, 404, "not_found", `no run ${runId}`) as never;
    const view = await services.reading.viewFor(context.get("scope"));
    return context.json({ ...page, items: view.show(runId, page.items) } as z.infer<typeof messagePageSchema>, 200);
  });
  const runEvents: RouteHandler<typeof eventsRoute, AppEnv> = async (context) => {
    const { runId } = context.req.valid("param");
    const { afterSeq, types, limit: size } = context.req.valid("query");
    const wanted = types
      ? types
          .split(",")
          .map((type) => type.trim())
          .filter(Boolean)
      : [];
    const services = context.get("services");
    const page = await services.history.events(context.get("scope"), runId, afterSeq, wanted, size);
    if (!page) return problem(context, 404, "not_found", `no run ${runId}`) as never;
    const view = await services.reading.viewFor(context.get("scope"));
    const items = page.items.map((item) => ({ ...item, event: view.showEvent(item.event) }));
    return context.json({ ...page, items } as z.infer<typeof eventPageSchema>, 200);
  };
  app.openapi(eventsRoute, runEvents);
  app.openapi(scenarioRunsRoute, async (context) => {
    const { scenarioId } = context.req.valid("param");
    const { limit: size, cursor } = context.req.valid("query");
    const after = cursors.decode(cursor);
    if (after === "invalid")
      return problem(context, 400, "validation_error", "query.cursor: not a cursor this server gave", {
        field: "cursor",
      }) as never;
    const services = context.get("services");
    const page = await services.history.runs(
      context.get("scope"),
      { scenarioId },
      size,
      after ? { startedAt: after.at, id: after.id } : undefined,
      await services.reading.viewFor(context.get("scope")),
    );
    return context.json(page as z.infer<typeof runPageSchema>, 200);
  });
  app.openapi(batchesRoute, async (context) => {
    const { setId, limit: size, cursor } = context.req.valid("query");
    const after = cursors.decode(cursor);
    if (after === "invalid")
      return problem(context, 400, "validation_error", "query.cursor: not a cursor this server gave", {
        field: "cursor",
      }) as never;
    const page = await context.get("services").history.batches(context.get("scope"), setId, size, after);
    return context.json(page as z.infer<typeof batchPageSchema>, 200);
  });
  app.openapi(batchRoute, async (context) => {
    const { batchId } = context.req.valid("param");
    const batch = await context.get("services").history.batch(context.get("scope"), batchId);
    if (!batch) return problem(context, 404, "not_found", `no batch ${batchId}`) as never;
    return context.json(batch as z.infer<typeof batchSchema>, 200);
  });
  app.openapi(setsRoute, async (context) => {
    const { q, limit: size, cursor } = context.req.valid("query");
    const after = setCursors.decode(cursor);
    if (after === "invalid")
      return problem(context, 400, "validation_error", "query.cursor: not a cursor this server gave", {
        field: "cursor",
      }) as never;
    const page = await context
      .get("services")
      .history.sets(context.get("scope"), { limit: size, ...(q ? { text: q } : {}), ...(after ? { after } : {}) });
    return context.json(page as z.infer<typeof setListSchema>, 200);
  });
  app.openapi(setRoute, async (context) => {
    const { setId } = context.req.valid("param");
    const {
      items: [set],
    } = await context.get("services").history.sets(context.get("scope"), { setId, limit: 1 });
    if (!set) return problem(context, 404, "not_found", `no set ${setId}`) as never;
    return context.json(set as z.infer<typeof setSchema>, 200);
  });
  // seed 004's QA paths (seed-others §4.2): the run history, a run's timeline and its assertions
  app.openapi(
    createRoute({
      ...listRunsRoute,
      path: "/user-testing/runs/history",
      summary: "Seed 004's QA run history (as GET /api/v1/runs)",
    }),
    listRuns as never,
  );
  app.openapi(
    createRoute({
      ...eventsRoute,
      path: "/user-testing/runs/{runId}/timeline",
      summary: "Seed 004's run timeline (as GET /api/v1/runs/{runId}/events)",
    }),
    runEvents as never,
  );
  app.openapi(
    createRoute({
      ...runRoute,
      path: "/user-testing/runs/{runId}/assertions",
      summary: "Seed 004's assertions view: the run with its criteria verdicts (as GET /api/v1/runs/{runId})",
    }),
    runDetail as never,
  );
  app.openapi(complianceRoute, async (context) => {
    const { runId } = context.req.valid("param");
    const services = context.get("services");
    const page = await services.history.events(context.get("scope"), runId, -1, COMPLIANCE_TYPES, 500);
    if (!page) return problem(context, 404, "not_found", `no run ${runId}`) as never;
    const view = await services.reading.viewFor(context.get("scope"));
    const items = page.items.map((item) => ({ ...item, event: view.showEvent(item.event) }));
    return context.json({ ...page, items } as z.infer<typeof eventPageSchema>, 200);
  });
}
