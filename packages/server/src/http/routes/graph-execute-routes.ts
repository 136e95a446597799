/**
 * Executing an uploaded graph through the launched-runs queue (decision
 * 0036): `POST /api/v1/runs/{graphId}/execute/async` answers 202 with the
 * batch, its runs and where to watch them; `POST …/execute` waits for the
 * runs (bounded by `timeout_ms`) and answers each run's verdict and graph
 * view, or 202 with `timed_out` when the wait ended first (the runs go on).
 * Seed 004's paths without `/api/v1` are served too. The WebSocket paths
 * (`/runs/stream/{runId}`) are documented here; the upgrade itself is
 * handled on the HTTP server (services/run-sockets.ts).
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { graphRunsFromEvents, type StoredGraphEvent } from "@rehearse/core/platform";
import type { Context } from "hono";
import { z } from "zod";
import { GraphProblem } from "../../services/graph-upload.js";
import { IdempotencyConflict } from "../../services/idempotency.js";
import { LaunchProblem } from "../../services/launches.js";
import { SuiteProblem } from "../../services/suites.js";
import type { TenantScope } from "../../services/tenant-scope.js";
import { graphBatchRuns } from "../../store/graph-queries.js";
import { actorOf } from "../actor.js";
import type { AppEnv, Services } from "../app-env.js";
import { graphExecutedSchema, graphExecuteSchema, graphLaunchedSchema } from "../graph-schemas.js";
import { problem, problemResponse } from "../problem.js";
import { bearerSecurity, jsonResponse } from "../route-parts.js";
import { graphProblem, graphsOf } from "./graph-route-parts.js";
import { waitForBatch } from "./wait-for-batch.js";

const tags = ["graphs"];
/** The sync wait when the body gives none. */
const DEFAULT_WAIT_MILLISECONDS = 60_000;
/** The graph events a view is built from, read per page. */
const GRAPH_EVENT_TYPES = ["graph_started", "node_started", "node_finished", "handoff", "injection"];
const EVENT_PAGE = 2_000;

const executeProblems = {
  400: problemResponse("Invalid body"),
  401: problemResponse("No valid credential"),
  403: problemResponse("Not allowed to launch (needs runs:launch)"),
  404: problemResponse("No such graph, version or scenario"),
  422: problemResponse("The body breaks a rule (trials × seeds, neither scenario nor script, …)"),
  503: problemResponse("The run queue is unavailable"),
};

const executeRequest = {
  params: z.object({ graphId: z.string().min(1).max(200) }),
  headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
  body: { required: true, content: { "application/json": { schema: graphExecuteSchema } } },
};

const executeRoute = (path: string) =>
  createRoute({
    method: "post",
    path,
    tags,
    summary: "Execute a graph and wait (bounded by timeout_ms) for its runs' verdicts and graph views",
    description:
      "Launches the scenario (or the user turns of `script`) against the graph on the server's workers. An `Idempotency-Key` header makes a retry launch once.",
    security: bearerSecurity,
    request: executeRequest,
    responses: {
      200: jsonResponse(graphExecutedSchema, "Every run settled: verdicts and graph views"),
      202: jsonResponse(graphLaunchedSchema, "The wait ended first (`timed_out`): the runs go on"),
      ...executeProblems,
    },
  });

const executeAsyncRoute = (path: string) =>
  createRoute({
    method: "post",
    path,
    tags,
    summary: "Execute a graph on the server's workers: the batch, its runs and their live streams",
    security: bearerSecurity,
    request: executeRequest,
    responses: { 202: jsonResponse(graphLaunchedSchema, "Launched: the runs are queued"), ...executeProblems },
  });

const socketRoute = (path: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["live"],
    summary: "A run's events as a WebSocket: stored ones first, then live, one JSON message each; closed when the run ends",
    description:
      'Authenticate with `Authorization: Bearer <key>`, the dashboard\'s session cookie (same origin), or, from a browser, the subprotocols `rehearse.v1` and `bearer.<key>`. Messages: `{ id, kind, type, runId, seq, event }` per event, then `{ kind: "run.finished", … }` and close 1000. An unknown run closes with 4404.',
    security: bearerSecurity,
    request: { params: z.object({ runId: z.string().min(1).max(200) }) },
    responses: {
      101: { description: "Switching to the WebSocket protocol" },
      401: problemResponse("No valid credential"),
      426: problemResponse("Not a WebSocket upgrade request"),
    },
  });

type Body = z.infer<typeof graphExecuteSchema>;

/** Launches the body's runs; the 202 body (the same for a repeated Idempotency-Key). */
async function launch(context: Context<AppEnv>, graphId: string, body: Body, key: string | undefined) {
  const services = context.get("services");
  const tenantId = context.get("scope").tenantId;
  const work = async () => {
    const actor = actorOf(context);
    const target = await graphsOf(context).resolve(tenantId, graphId, body, actor.actorId);
    const launched = await services.launching.launches.launch(
      tenantId,
      {
        suite: target.suite.name,
        version: target.suite.version,
        scenarios: [target.scenarioPath],
        trials: body.trials,
        seeds: body.seeds,
        setId: target.graph.suiteName,
        note: `graph ${target.graph.name} ${target.graph.version.slice(0, 19)}`,
      },
      actor,
    );
    const base = services.publicUrl();
    const socketBase = base.replace(/^http/, "ws");
    const answer = {
      graph_id: target.graph.name,
      version: target.graph.version,
      scenario: target.scenarioPath,
      suite: launched.suite,
      batch_id: launched.batchId,
      run_ids: launched.runIds,
      stream: {
        sse: launched.runIds.map((id) => `${base}/api/v1/stream?topics=${encodeURIComponent(`run:${id}`)}`),
        websocket: launched.runIds.map((id) => `${socketBase}/runs/stream/${encodeURIComponent(id)}`),
      },
    };
    return { status: 202, body: answer as Record<string, unknown> };
  };
  const answer = key
    ? await services.launching.idempotency.run(tenantId, "graphs.execute", key, { graphId, ...body }, work)
    : await work();
  return answer.body as z.infer<typeof graphLaunchedSchema>;
}

/** The problem of a refused execution, or rethrows. */
function refused(context: Context<AppEnv>, error: unknown): Response {
  if (error instanceof GraphProblem) return graphProblem(context, error);
  if (error instanceof IdempotencyConflict)
    return problem(context, error.status, error.status === 422 ? "idempotency_key_reused" : "conflict", error.message, {
      field: "Idempotency-Key",
    });
  if (error instanceof LaunchProblem || error instanceof SuiteProblem) {
    const status = error instanceof LaunchProblem ? error.status : 422;
    return problem(context, status, status === 404 ? "not_found" : "validation_error", `${error.field}: ${error.message}`, {
      field: error.field,
    });
  }
  context.get("services").logger.error({ err: error }, "a graph execution could not be queued");
  return problem(context, 503, "unavailable", `the run queue could not take the runs: ${(error as Error).message}`);
}

/** A run's graph views from its stored events, as the caller may see them. */
async function graphViews(services: Services, scope: TenantScope, runId: string) {
  const events: StoredGraphEvent[] = [];
  let afterSeq = -1;
  for (;;) {
    const page = await services.history.events(scope, runId, afterSeq, GRAPH_EVENT_TYPES, EVENT_PAGE);
    if (!page) return [];
    for (const item of page.items) events.push({ type: item.type, payload: item.event });
    if (page.nextAfterSeq === null) break;
    afterSeq = page.nextAfterSeq;
  }
  const view = await services.reading.viewFor(scope);
  return graphRunsFromEvents(events.map((event) => ({ type: event.type, payload: view.showEvent(event.payload) }))).map(
    (graph) => ({ ...graph, outline: graph.outline ?? null, answeredBy: graph.answeredBy ?? null }),
  );
}

/** The nodes' verdicts of a run together: the worst of error, fail, running, pass; null without a graph. */
function graphStatusOf(graphs: ReadonlyArray<{ nodes: Record<string, { verdict: string }> }>) {
  if (graphs.length === 0) return null;
  const verdicts = new Set(graphs.flatMap((graph) => Object.values(graph.nodes).map((node) => node.verdict)));
  for (const worst of ["error", "fail", "running"] as const) if (verdicts.has(worst)) return worst;
  return "pass" as const;
}

export function registerGraphExecuteRoutes(app: OpenAPIHono<AppEnv>): void {
  const executeAsync = async (context: Context<AppEnv>, graphId: string, body: Body, key: string | undefined) => {
    try {
      return context.json(await launch(context, graphId, body, key), 202);
    } catch (error) {
      return refused(context, error);
    }
  };
  const execute = async (context: Context<AppEnv>, graphId: string, body: Body, key: string | undefined) => {
    let launched: z.infer<typeof graphLaunchedSchema>;
    try {
      launched = await launch(context, graphId, body, key);
    } catch (error) {
      return refused(context, error);
    }
    const services = context.get("services");
    const scope = context.get("scope");
    const waited = await waitForBatch(services, scope.tenantId, launched.batch_id, body.timeout_ms ?? DEFAULT_WAIT_MILLISECONDS);
    if (!waited.settled) return context.json({ ...launched, timed_out: true }, 202);
    const rows = await services.database.forTenant(scope.tenantId, (executor) => graphBatchRuns(executor, launched.batch_id));
    const runs = [];
    for (const row of rows) {
      const graphs = await graphViews(services, scope, row.runId);
      runs.push({
        run_id: row.runId,
        scenario_id: row.scenarioId,
        state: row.state,
        status: row.status,
        verdict: row.verdict,
        reasoning: row.reasoning,
        error: row.error,
        error_code: row.errorCode,
        graph_status: graphStatusOf(graphs),
        graphs,
      });
    }
    const statuses = new Set(runs.map((run) => run.status ?? "error"));
    const status = statuses.size === 1 ? ([...statuses][0] as string) : "mixed";
    return context.json({ ...launched, status, runs } as z.infer<typeof graphExecutedSchema>, 200);
  };
  for (const prefix of ["/api/v1", ""]) {
    app.openapi(
      executeRoute(`${prefix}/runs/{graphId}/execute`),
      (context) =>
        execute(
          context,
          context.req.valid("param").graphId,
          context.req.valid("json"),
          context.req.valid("header")["idempotency-key"],
        ) as never,
    );
    app.openapi(
      executeAsyncRoute(`${prefix}/runs/{graphId}/execute/async`),
      (context) =>
        executeAsync(
          context,
          context.req.valid("param").graphId,
          context.req.valid("json"),
          context.req.valid("header")["idempotency-key"],
        ) as never,
    );
  }
  // reached only without `Upgrade: websocket` (the HTTP server hands upgrades to services/run-sockets.ts)
  for (const path of ["/runs/stream/{runId}", "/api/v1/runs/{runId}/stream/ws"]) {
    app.openapi(
      socketRoute(path),
      (context) =>
        problem(
          context,
          426,
          "validation_error",
          "this path is a WebSocket: connect with `Upgrade: websocket` (or read `GET /api/v1/stream?topics=run:<id>` as Server-Sent Events)",
          { headers: { upgrade: "websocket" } },
        ) as never,
    );
  }
}
