/**
 * Launching runs from the platform: pushed suites (`POST/GET
 * /api/v1/suites`), launches (`POST /api/v1/batches` with an
 * `Idempotency-Key`; `?wait=true` answers when the runs settle, bounded),
 * controls of launched batches and runs (pause, resume, stop; seed 004's
 * `/user-testing/runs/{id}/control` too), a run's attempts, and the workers.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { IdempotencyConflict } from "../../services/idempotency.js";
import { ControlProblem, LaunchProblem } from "../../services/launches.js";
import { SuiteProblem } from "../../services/suites.js";
import { attemptsOf } from "../../store/launch-queries.js";
import { actorOf } from "../actor.js";
import type { AppEnv } from "../app-env.js";
import {
  attemptListSchema,
  controlledSchema,
  controlSchema,
  launchedSchema,
  launchSchema,
  rerunLaunchedSchema,
  rerunSchema,
  seedControlSchema,
  suiteDetailSchema,
  suiteListSchema,
  suitePushedSchema,
  suitePushSchema,
  workerListSchema,
} from "../launch-schemas.js";
import { problem, problemResponse } from "../problem.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";
import { waitForBatch } from "./wait-for-batch.js";

const tags = ["launch"];
const writeProblems = {
  400: problemResponse("Invalid body"),
  401: problemResponse("No valid credential"),
  403: problemResponse("Not allowed to launch"),
};

const pushRoute = createRoute({
  method: "post",
  path: "/api/v1/suites",
  tags,
  summary: "Push a suite version (`rehearse push`): its files and scenarios, versioned by content hash",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: suitePushSchema } } } },
  responses: {
    200: jsonResponse(suitePushedSchema, "The same files were pushed before: that version"),
    201: jsonResponse(suitePushedSchema, "A new version"),
    422: problemResponse("The files break a rule (path, size, a scenario not among them)"),
    ...writeProblems,
  },
});

const listSuitesRoute = createRoute({
  method: "get",
  path: "/api/v1/suites",
  tags,
  summary: "The tenant's suites",
  security: bearerSecurity,
  responses: { 200: jsonResponse(suiteListSchema, "Suites, newest push first"), ...readProblems() },
});

const suiteRoute = createRoute({
  method: "get",
  path: "/api/v1/suites/{name}",
  tags,
  summary: "A suite version: its scenarios and files (the newest unless `version` is given)",
  security: bearerSecurity,
  request: {
    params: z.object({ name: z.string().min(1).max(100) }),
    query: z.object({ version: z.string().max(100).optional() }),
  },
  responses: { 200: jsonResponse(suiteDetailSchema, "The version"), ...readProblems("No such suite or version") },
});

const launchRoute = createRoute({
  method: "post",
  path: "/api/v1/batches",
  tags,
  summary: "Launch a batch of a pushed suite's scenarios × trials on the server's workers",
  description:
    "Requires an `Idempotency-Key` header: a repeat with the same key and body answers the first response; the same key with another body is refused (422). `?wait=true` answers when every run settled or `timeoutSeconds` (default 60, at most 300) passed.",
  security: bearerSecurity,
  request: {
    headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
    query: z.object({
      wait: z.enum(["true", "false"]).optional(),
      timeoutSeconds: z.coerce.number().int().min(1).max(300).optional(),
    }),
    body: { required: true, content: { "application/json": { schema: launchSchema } } },
  },
  responses: {
    200: jsonResponse(launchedSchema, "With ?wait=true: the batch, settled or not"),
    202: jsonResponse(launchedSchema, "Launched: the runs are queued"),
    404: problemResponse("No such suite or version"),
    409: problemResponse("A request with this Idempotency-Key is still being processed"),
    422: problemResponse("The launch breaks a rule, or the Idempotency-Key was used for another request"),
    503: problemResponse("The run queue is unavailable"),
    ...writeProblems,
  },
});

const controlParams = {
  batch: z.object({ batchId: z.string().min(1).max(200) }),
  run: z.object({ runId: z.string().min(1).max(200) }),
};

const controlResponses = {
  202: jsonResponse(controlledSchema, "Accepted: the desired state; workers apply it within a second"),
  404: problemResponse("No such batch or run"),
  409: problemResponse("Not launched by this server (not_controllable), or already finished (already_settled)"),
  ...writeProblems,
};

const batchControlRoute = createRoute({
  method: "post",
  path: "/api/v1/batches/{batchId}/controls",
  tags,
  summary: "Pause (hold runs not yet started), resume or stop (remove queued runs, abort running ones) a launched batch",
  security: bearerSecurity,
  request: { params: controlParams.batch, body: { required: true, content: { "application/json": { schema: controlSchema } } } },
  responses: controlResponses,
});

const runControlRoute = createRoute({
  method: "post",
  path: "/api/v1/runs/{runId}/controls",
  tags,
  summary: "Pause (at the next turn, bounded), resume or stop a launched run",
  security: bearerSecurity,
  request: { params: controlParams.run, body: { required: true, content: { "application/json": { schema: controlSchema } } } },
  responses: controlResponses,
});

const seedControlRoute = createRoute({
  method: "post",
  path: "/user-testing/runs/{runId}/control",
  tags,
  summary: "Seed 004's run control path: pause, resume, stop (as POST /api/v1/runs/{runId}/controls) and replay (as …/rerun)",
  security: bearerSecurity,
  request: {
    params: controlParams.run,
    body: { required: true, content: { "application/json": { schema: seedControlSchema } } },
  },
  responses: { ...controlResponses, 202: jsonResponse(z.union([controlledSchema, rerunLaunchedSchema]), "Accepted") },
});

const rerunRoute = createRoute({
  method: "post",
  path: "/api/v1/runs/{runId}/rerun",
  tags,
  summary:
    "Run a launched run again with its seed: its suite version and cassette (determinism check) or the newest version (regression check)",
  security: bearerSecurity,
  request: { params: controlParams.run, body: { required: false, content: { "application/json": { schema: rerunSchema } } } },
  responses: {
    202: jsonResponse(rerunLaunchedSchema, "The rerun is queued"),
    404: problemResponse("No such run, or its suite is gone"),
    409: problemResponse("Not launched by this server (not_controllable), or no cassette for a replay (no_cassette)"),
    422: problemResponse("The newest suite version has no such scenario"),
    ...writeProblems,
  },
});

const attemptsRoute = createRoute({
  method: "get",
  path: "/api/v1/runs/{runId}/attempts",
  tags,
  summary: "The attempts of a launched run: which worker, when, and how each ended",
  security: bearerSecurity,
  request: { params: controlParams.run },
  responses: { 200: jsonResponse(attemptListSchema, "Attempts, oldest first (empty for SDK runs)"), ...readProblems() },
});

const workersRoute = createRoute({
  method: "get",
  path: "/api/v1/workers",
  tags,
  summary: "Worker health: heartbeats, active jobs, processed and failed counts; the queue's job counts",
  security: bearerSecurity,
  responses: { 200: jsonResponse(workerListSchema, "Workers seen in the last 24 hours, and the queue"), ...readProblems() },
});

export function registerLaunchRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(pushRoute, async (context) => {
    const push = context.req.valid("json");
    const { launching, audit } = context.get("services");
    const tenantId = context.get("scope").tenantId;
    try {
      const pushed = await launching.suites.push(tenantId, push, actorOf(context).actorId);
      if (pushed.created)
        await audit.append(tenantId, {
          ...actorOf(context),
          action: "suite.pushed",
          targetType: "suite",
          targetId: push.name,
          details: { version: pushed.version, files: push.files.length, scenarios: push.scenarios.length },
        });
      return context.json({ ...pushed, scenarios: push.scenarios.length }, pushed.created ? 201 : 200);
    } catch (error) {
      if (error instanceof SuiteProblem)
        return problem(context, 422, "validation_error", `${error.field}: ${error.message}`, { field: error.field }) as never;
      throw error;
    }
  });

  app.openapi(listSuitesRoute, async (context) => {
    const rows = await context.get("services").launching.suites.list(context.get("scope").tenantId);
    return context.json({ suites: rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() })) }, 200);
  });

  app.openapi(suiteRoute, async (context) => {
    const { name } = context.req.valid("param");
    const { version } = context.req.valid("query");
    const suite = await context.get("services").launching.suites.read(context.get("scope").tenantId, name, version);
    if (!suite)
      return problem(
        context,
        404,
        "not_found",
        version ? `suite ${name} has no version ${version}` : `no suite ${name}`,
      ) as never;
    return context.json(
      {
        name: suite.suiteName,
        version: suite.version,
        createdAt: suite.createdAt.toISOString(),
        createdBy: suite.createdBy,
        scenarios: suite.scenarios,
        files: suite.files.map((file) => ({ path: file.path, bytes: Buffer.byteLength(file.content) })),
      },
      200,
    );
  });

  app.openapi(launchRoute, async (context) => {
    const request = context.req.valid("json");
    const query = context.req.valid("query");
    const key = context.req.valid("header")["idempotency-key"];
    if (!key)
      return problem(
        context,
        400,
        "validation_error",
        "send an Idempotency-Key header (any unique string, e.g. a UUID) so a retried launch runs once",
        {
          field: "Idempotency-Key",
        },
      ) as never;
    const services = context.get("services");
    const tenantId = context.get("scope").tenantId;
    let answer: { status: number; body: Record<string, unknown> };
    try {
      answer = await services.launching.idempotency.run(tenantId, "batches.launch", key, request, async () => {
        const launched = await services.launching.launches.launch(tenantId, request, actorOf(context));
        const url = `${services.publicUrl()}/batches/${encodeURIComponent(launched.batchId)}`;
        return { status: 202, body: { ...launched, url, settled: false } };
      });
    } catch (error) {
      return launchFailure(context, error) as never;
    }
    if (query.wait !== "true") return context.json(answer.body as z.infer<typeof launchedSchema>, answer.status as 202);
    const waited = await waitForBatch(services, tenantId, String(answer.body.batchId), (query.timeoutSeconds ?? 60) * 1000);
    return context.json({ ...(answer.body as z.infer<typeof launchedSchema>), ...waited }, 200);
  });

  const control =
    (type: "run" | "batch") => async (context: Context<AppEnv>, id: string, body: z.infer<typeof controlSchema>) => {
      const services = context.get("services");
      try {
        const outcome = await services.launching.launches.control(
          context.get("scope").tenantId,
          { type, id },
          body.action,
          body.reason,
          actorOf(context),
        );
        return context.json(outcome, 202);
      } catch (error) {
        if (error instanceof ControlProblem) return problem(context, error.status, error.code, error.message) as never;
        throw error;
      }
    };
  const controlRun = control("run");
  app.openapi(
    batchControlRoute,
    (context) => control("batch")(context, context.req.valid("param").batchId, context.req.valid("json")) as never,
  );
  app.openapi(
    runControlRoute,
    (context) => controlRun(context, context.req.valid("param").runId, context.req.valid("json")) as never,
  );
  app.openapi(seedControlRoute, (context) => {
    const { runId } = context.req.valid("param");
    const body = context.req.valid("json");
    if (body.action === "replay") return answerRerun(context, runId, {}) as never;
    return controlRun(context, runId, { action: body.action, ...(body.reason ? { reason: body.reason } : {}) }) as never;
  });
  app.openapi(rerunRoute, async (context) => {
    const body = (context.req.valid("json") ?? {}) as z.infer<typeof rerunSchema>;
    return (await answerRerun(context, context.req.valid("param").runId, body)) as never;
  });

  app.openapi(attemptsRoute, async (context) => {
    const { runId } = context.req.valid("param");
    const services = context.get("services");
    const rows = await services.database.forTenant(context.get("scope").tenantId, (executor) => attemptsOf(executor, runId));
    return context.json(
      {
        attempts: rows.map((row) => ({
          attempt: row.attempt,
          workerId: row.workerId,
          startedAt: row.startedAt.toISOString(),
          endedAt: row.endedAt?.toISOString() ?? null,
          outcome: row.outcome,
        })),
      },
      200,
    );
  });

  app.openapi(workersRoute, async (context) => {
    const { launching } = context.get("services");
    const queue = launching.queue();
    let counts: Record<string, number> = {};
    try {
      counts = await queue.counts();
    } catch (error) {
      context.get("services").logger.warn({ err: error }, "the run queue's counts could not be read");
    }
    return context.json({ workers: await launching.workers.list(), queue: { backend: queue.backend, counts } }, 200);
  });
}

/**
 * Queues a rerun of `runId` and answers 202 with the new run, its URL and the
 * diff to watch (or the problem): for `POST …/rerun`, seed 004's `replay`
 * control and `POST …/replay {mode: "rerun"}`.
 */
export async function answerRerun(context: Context<AppEnv>, runId: string, body: z.infer<typeof rerunSchema>): Promise<Response> {
  const services = context.get("services");
  try {
    const made = await services.launching.reruns.rerun(context.get("scope").tenantId, runId, body, actorOf(context));
    const base = services.publicUrl();
    return context.json(
      {
        ...made,
        url: `${base}/runs/${encodeURIComponent(made.runId)}`,
        diffUrl: `${base}/api/v1/diff/runs?base=${encodeURIComponent(runId)}&head=${encodeURIComponent(made.runId)}`,
      },
      202,
    );
  } catch (error) {
    if (error instanceof ControlProblem) return problem(context, error.status, error.code, error.message);
    return launchFailure(context, error);
  }
}

/** The problem for a launch that failed. */
function launchFailure(context: Context<AppEnv>, error: unknown): Response {
  if (error instanceof IdempotencyConflict)
    return problem(context, error.status, error.status === 422 ? "idempotency_key_reused" : "conflict", error.message, {
      field: "Idempotency-Key",
    }) as never;
  if (error instanceof LaunchProblem)
    return problem(
      context,
      error.status,
      error.status === 404 ? "not_found" : "validation_error",
      `${error.field}: ${error.message}`,
      { field: error.field },
    ) as never;
  context.get("services").logger.error({ err: error }, "a launch could not be queued");
  return problem(context, 503, "unavailable", `the run queue could not take the batch: ${(error as Error).message}`) as never;
}
