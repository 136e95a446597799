/**
 * The live stream and playback (docs/server.md, "Live stream"):
 * `GET /api/v1/stream?topics=…` is one SSE connection multiplexing the
 * caller's tenant's topics, resumable with `Last-Event-ID`;
 * `POST /api/v1/runs/{runId}/replay` plays a stored run back on its topic.
 */
import { randomBytes } from "node:crypto";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { parseTopics, resumePoint } from "../../services/live-protocol.js";
import { serveLiveStream } from "../../services/live-stream.js";
import { MAX_PLAYBACK_SPEED, playbackMessages, playbackOffsets, startPlayback } from "../../services/playback.js";
import { runTimeline } from "../../store/live-queries.js";
import type { AppEnv } from "../app-env.js";
import { rerunSchema } from "../launch-schemas.js";
import { problem, problemResponse } from "../problem.js";
import { answerRerun } from "./launch-routes.js";

/** The most events one playback re-emits. */
const MAX_PLAYBACK_EVENTS = 10_000;

const security = [{ bearer: [] }];

const streamRoute = createRoute({
  method: "get",
  path: "/api/v1/stream",
  tags: ["live"],
  summary: "Live events of the caller's tenant (Server-Sent Events), topics multiplexed, resumable",
  description:
    "Frames: `retry: 3000` first; then `id` (the global ingest id), `event` (run.state | run.messages | run.event | resync) and `data` (JSON delta). " +
    "A comment line every 15 s. Send `Last-Event-ID` (or `?lastEventId=`) to replay what was missed; past 5 000 events or 10 minutes " +
    "the server sends `event: resync` instead and the client refetches. Playback frames have ids `<liveId>:<playbackId>:<index>`.",
  security,
  request: {
    query: z.object({
      topics: z.string().meta({ example: "tenant,run:run-1" }),
      lastEventId: z.string().optional(),
    }),
    headers: z.object({ "last-event-id": z.string().optional() }),
  },
  responses: {
    200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } },
    400: problemResponse("A topic is not valid"),
    401: problemResponse("No valid API key"),
  },
});

const replayBody = z.object({
  mode: z.enum(["playback", "rerun"]),
  speed: z.number().min(0).max(MAX_PLAYBACK_SPEED).default(1),
  /** For `rerun`: as `POST /api/v1/runs/{runId}/rerun`. */
  agent: rerunSchema.shape.agent,
  cassette: rerunSchema.shape.cassette,
});
const replayRoute = createRoute({
  method: "post",
  path: "/api/v1/runs/{runId}/replay",
  tags: ["live"],
  summary:
    "Play a stored run back on its live topic (`mode: playback`), or rerun a launched run (`mode: rerun`, as POST …/rerun)",
  security,
  request: {
    params: z.object({ runId: z.string().min(1).max(200) }),
    body: { required: true, content: { "application/json": { schema: replayBody } } },
  },
  responses: {
    202: {
      description: "The playback started on `topic`",
      content: {
        "application/json": {
          schema: z.object({
            runId: z.string(),
            topic: z.string(),
            playbackId: z.string(),
            events: z.number().int(),
            durationMs: z.number().int(),
          }),
        },
      },
    },
    400: problemResponse("Not a replay request"),
    401: problemResponse("No valid API key"),
    403: problemResponse("Without `runs:read`, or `rerun` without `runs:launch`"),
    404: problemResponse("No such run (or another tenant's)"),
    409: problemResponse("`rerun` of a run not launched here (not_controllable) or without a cassette (no_cassette)"),
  },
});

export function registerLiveRoutes(app: OpenAPIHono<AppEnv>): void {
  // documented from the route, served by a plain handler: the response is a stream, not a JSON schema
  app.openAPIRegistry.registerPath(streamRoute);
  app.get(streamRoute.path, async (context) => {
    const parsed = parseTopics(context.req.queries("topics") ?? []);
    if ("error" in parsed) return problem(context, 400, "validation_error", `query.topics: ${parsed.error}`, { field: "topics" });
    const services = context.get("services");
    const resumeFrom = resumePoint(context.req.header("last-event-id") ?? context.req.query("lastEventId"));
    const socket = (context.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
    const view = await services.reading.viewFor(context.get("scope"));
    return streamSSE(context, (stream) =>
      serveLiveStream(stream, {
        view,
        hub: services.live,
        database: services.database,
        metrics: services.metrics,
        tenantId: context.get("scope").tenantId,
        topics: parsed.topics,
        resumeFrom,
        now: services.now,
        ...(socket ? { disconnect: () => socket.destroy() } : {}),
      }),
    );
  });

  app.openapi(replayRoute, async (context) => {
    const { runId } = context.req.valid("param");
    const { mode, speed, agent, cassette } = context.req.valid("json");
    // a rerun launches a run: it needs what launching needs (platform research §7.3), playback only reading
    if (mode === "rerun" && !context.get("scope").may("runs:launch"))
      return problem(context, 403, "forbidden", "mode rerun launches a run and needs `runs:launch`") as never;
    if (mode === "rerun")
      return (await answerRerun(context, runId, { ...(agent ? { agent } : {}), ...(cassette ? { cassette } : {}) })) as never;
    const services = context.get("services");
    const tenantId = context.get("scope").tenantId;
    const rows = await services.database.forTenant(tenantId, (executor) =>
      runTimeline(executor, tenantId, runId, MAX_PLAYBACK_EVENTS),
    );
    if (!rows) return problem(context, 404, "not_found", `no run ${runId}`) as never;
    const playbackId = randomBytes(6).toString("base64url");
    const offsets = playbackOffsets(
      rows.map((row) => new Date(row.ts).getTime()),
      speed,
    );
    startPlayback(services.live, playbackMessages(tenantId, runId, rows, playbackId), offsets);
    return context.json(
      { runId, topic: `run:${runId}`, playbackId, events: rows.length, durationMs: offsets[offsets.length - 1] ?? 0 },
      202,
    );
  });
}
