/**
 * The routes `rehearse worker` processes call with the installation's worker
 * token (`permission worker:operate`, which no user or API key holds): claim
 * a run before starting it, fetch a suite version's files, poll controls
 * with a heartbeat, and end an attempt. Events do not come here: workers
 * send them to the normal ingest route with the tenant's reporting key.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse } from "../problem.js";
import { jsonResponse } from "../route-parts.js";

const tags = ["worker"];
const security = [{ bearer: [] }];
const problems = { 400: problemResponse("Invalid body"), 401: problemResponse("Not the worker token") };
const id = z.string().min(1).max(200);

const claimSchema = z
  .discriminatedUnion("action", [
    z.object({
      action: z.literal("run"),
      job: z.record(z.string(), z.unknown()),
      attempt: z.number().int(),
      reportingKey: z.string(),
    }),
    z.object({ action: z.literal("defer"), delayMs: z.number().int(), reason: z.string() }),
    z.object({ action: z.literal("skip"), reason: z.string() }),
  ])
  .meta({ id: "WorkerClaim" });

const claimRoute = createRoute({
  method: "post",
  path: "/api/v1/worker/claims",
  tags,
  summary:
    "Claim an attempt of a launched run: run it (with the tenant's reporting key), defer it (batch paused) or skip it (stopped, settled)",
  security,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ tenantId: id, runId: id, attempt: z.number().int().min(1).max(1_000), workerId: id }).strict(),
        },
      },
    },
  },
  responses: { 200: jsonResponse(claimSchema, "What to do"), ...problems },
});

const suiteFilesRoute = createRoute({
  method: "post",
  path: "/api/v1/worker/suite-files",
  tags,
  summary: "The files of a suite version",
  security,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ tenantId: id, name: id, version: id }).strict() } },
    },
  },
  responses: {
    200: jsonResponse(z.object({ files: z.array(z.object({ path: z.string(), content: z.string() })) }), "The files"),
    404: problemResponse("No such suite version"),
    ...problems,
  },
});

const statusSchema = z
  .object({
    id,
    host: z.string().max(300),
    pid: z.number().int(),
    backend: z.string().max(50),
    concurrency: z.number().int().min(0).max(10_000),
    version: z.string().max(100),
    startedAt: z.number(),
    active: z.number().int().min(0),
    processed: z.number().int().min(0),
    failed: z.number().int().min(0),
    stopping: z.boolean().optional(),
  })
  .strict();

const pollRoute = createRoute({
  method: "post",
  path: "/api/v1/worker/poll",
  tags,
  summary: "A heartbeat, answered with the control state (active, paused, stopped) of the runs the worker holds",
  security,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              status: statusSchema,
              runIds: z.array(id).max(10_000),
              attempts: z
                .record(z.string(), z.number().int().min(1))
                .optional()
                .meta({ description: "the attempt held of each run" }),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: jsonResponse(z.object({ controls: z.record(z.string(), z.string()) }), "Control states by run id"),
    ...problems,
  },
});

const attemptRoute = createRoute({
  method: "post",
  path: "/api/v1/worker/attempts",
  tags,
  summary: "End an attempt (finished, cancelled, interrupted, or failed: the run could not start, with why)",
  security,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              tenantId: id,
              runId: id,
              attempt: z.number().int().min(1),
              outcome: z.enum(["finished", "cancelled", "interrupted", "failed", "skipped", "deferred"]),
              reason: z.string().max(4_000).optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: { 204: { description: "Recorded" }, ...problems },
});

/** A cassette may be large (every model call of a long run), within reason. */
const CASSETTE_MAX_CHARACTERS = 20_000_000;

const cassetteStoreRoute = createRoute({
  method: "post",
  path: "/api/v1/worker/cassettes",
  tags,
  summary: "Keep the cassette (recorded model calls) of a launched run",
  security,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ tenantId: id, runId: id, content: z.string().max(CASSETTE_MAX_CHARACTERS) }).strict(),
        },
      },
    },
  },
  responses: { 204: { description: "Kept" }, ...problems },
});

const cassetteReadRoute = createRoute({
  method: "post",
  path: "/api/v1/worker/cassettes/read",
  tags,
  summary: "The cassette a launched run recorded (null: none)",
  security,
  request: {
    body: { required: true, content: { "application/json": { schema: z.object({ tenantId: id, runId: id }).strict() } } },
  },
  responses: { 200: jsonResponse(z.object({ content: z.string().nullable() }), "The cassette"), ...problems },
});

const progressRoute = createRoute({
  method: "post",
  path: "/api/v1/worker/attempts/progress",
  tags,
  summary: "Whether an attempt's run is stored as settled (its events arrived), was taken over by a later attempt, or is pending",
  security,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: z.object({ tenantId: id, runId: id, attempt: z.number().int().min(1) }).strict() },
      },
    },
  },
  responses: {
    200: jsonResponse(z.object({ progress: z.enum(["settled", "superseded", "pending"]) }), "The attempt's progress"),
    ...problems,
  },
});

export function registerWorkerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(progressRoute, async (context) => {
    const body = context.req.valid("json");
    const progress = await context.get("services").launching.launches.attemptProgress(body.tenantId, body.runId, body.attempt);
    return context.json({ progress }, 200);
  });

  app.openapi(cassetteStoreRoute, async (context) => {
    const body = context.req.valid("json");
    await context.get("services").launching.reruns.storeCassette(body.tenantId, body.runId, body.content);
    return context.body(null, 204);
  });

  app.openapi(cassetteReadRoute, async (context) => {
    const body = context.req.valid("json");
    const content = await context.get("services").launching.reruns.cassette(body.tenantId, body.runId);
    return context.json({ content: content ?? null }, 200);
  });

  app.openapi(claimRoute, async (context) => {
    const body = context.req.valid("json");
    const claim = await context.get("services").launching.launches.claim(body, body.attempt, body.workerId);
    return context.json(claim as z.infer<typeof claimSchema>, 200);
  });

  app.openapi(suiteFilesRoute, async (context) => {
    const body = context.req.valid("json");
    const suite = await context.get("services").launching.suites.read(body.tenantId, body.name, body.version);
    if (!suite) return problem(context, 404, "not_found", `suite ${body.name} has no version ${body.version}`) as never;
    return context.json({ files: suite.files }, 200);
  });

  app.openapi(pollRoute, async (context) => {
    const { status, runIds, attempts } = context.req.valid("json");
    const { launching } = context.get("services");
    await launching.workers.beat({ ...status, startedAt: new Date(status.startedAt), stopping: status.stopping === true });
    const controls = await launching.launches.controls(runIds, attempts ?? {});
    return context.json({ controls: Object.fromEntries(controls) }, 200);
  });

  app.openapi(attemptRoute, async (context) => {
    const body = context.req.valid("json");
    await context
      .get("services")
      .launching.launches.endAttempt(body.tenantId, body.runId, body.attempt, body.outcome, body.reason);
    return context.body(null, 204);
  });
}
