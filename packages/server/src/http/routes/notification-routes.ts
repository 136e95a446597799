/**
 * Notification channels and their delivery log (platform research §3.9,
 * docs/notifications.md). Admins add and delete channels (audited, in the
 * same transaction as the change); admins and operators list them, send a
 * test message through the outbox and read the delivery log. Seed 004's
 * `POST /collab/slack/notify {text}` sends a message to the tenant's Slack
 * channels (`SLACK_WEBHOOK_URL`'s implicit one included).
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import type { AuditEntry } from "../../services/audit-log.js";
import type { ChannelView } from "../../services/notification-channels.js";
import type { AttemptOutcome } from "../../services/notification-relay.js";
import type { Notifications } from "../../services/notifications.js";
import type { AppEnv } from "../app-env.js";
import {
  attemptSchema,
  channelIdParam,
  channelSchema,
  createChannelBody,
  createdChannelSchema,
  deliveryQuery,
  deliverySchema,
  slackNotifyBody,
  testBody,
} from "../notification-schemas.js";
import { problem, problemResponse } from "../problem.js";

const security = [{ bearer: [] }];
const tags = ["notifications"];
const json = <Schema extends z.ZodType>(description: string, schema: Schema) => ({
  description,
  content: { "application/json": { schema } },
});
const denied = { 401: problemResponse("No valid credential"), 403: problemResponse("Not allowed for this role") };

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/channels",
  tags,
  summary: "The tenant's notification channels (URLs as hints only)",
  security,
  responses: { 200: json("Channels", z.object({ items: z.array(channelSchema) })), ...denied },
});
const createChannelRoute = createRoute({
  method: "post",
  path: "/api/v1/notifications/channels",
  tags,
  summary: "Add a Slack incoming webhook or a generic signed webhook; a webhook's secret is in this response only",
  security,
  request: { body: { required: true, content: { "application/json": { schema: createChannelBody } } } },
  responses: {
    201: json("The channel (and a webhook's signing secret)", createdChannelSchema),
    400: problemResponse("Not a channel, or the URL is refused (scheme, resolution, a non-public address)"),
    ...denied,
  },
});
const deleteRoute = createRoute({
  method: "delete",
  path: "/api/v1/notifications/channels/{channelId}",
  tags,
  summary: "Delete a channel; its undelivered messages are cancelled, its delivery log stays",
  security,
  request: { params: channelIdParam },
  responses: {
    200: json("The deleted channel", channelSchema),
    404: problemResponse("No such channel"),
    409: problemResponse("The implicit channel of SLACK_WEBHOOK_URL belongs to the server's configuration"),
    ...denied,
  },
});
const testRoute = createRoute({
  method: "post",
  path: "/api/v1/notifications/channels/{channelId}/test",
  tags,
  summary: "Send a test message through the outbox and wait (bounded) for the first attempt",
  security,
  request: { params: channelIdParam, body: { required: false, content: { "application/json": { schema: testBody } } } },
  responses: {
    202: json("Queued, and the first attempt when it came in time", attemptSchema),
    404: problemResponse("No such channel"),
    ...denied,
  },
});
const deliveriesRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/deliveries",
  tags,
  summary: "The delivery log: every attempt, newest first (of one channel with `channelId`)",
  security,
  request: { query: deliveryQuery },
  responses: {
    200: json("Attempts", z.object({ items: z.array(deliverySchema), nextBefore: z.number().int().nullable() })),
    ...denied,
  },
});
const slackNotifyRoute = createRoute({
  method: "post",
  path: "/collab/slack/notify",
  tags,
  summary: "Seed 004: send a text to the tenant's Slack channels (SLACK_WEBHOOK_URL's included)",
  security,
  request: { body: { required: true, content: { "application/json": { schema: slackNotifyBody } } } },
  responses: {
    202: json("Queued", z.object({ queued: z.number().int(), outboxIds: z.array(z.string()) })),
    409: problemResponse("No Slack channel: set SLACK_WEBHOOK_URL or add one"),
    ...denied,
  },
});

function wire(channel: ChannelView): z.infer<typeof channelSchema> {
  return { ...channel, createdAt: channel.createdAt ? new Date(channel.createdAt).toISOString() : null };
}

function audited(context: Context<AppEnv>, action: string, channel: ChannelView): AuditEntry {
  const principal = context.get("scope").principal;
  return {
    actorType: principal.kind,
    actorId: principal.id,
    action,
    targetType: "notification_channel",
    targetId: channel.id,
    requestId: context.get("requestId"),
    details: { name: channel.name, kind: channel.kind, urlHint: channel.urlHint, triggers: channel.triggers },
  };
}

/** The service, or a 503 when this server was built without one. */
function service(context: Context<AppEnv>): Notifications | Response {
  return (
    context.get("services").notifications ?? problem(context, 503, "unavailable", "notifications are not enabled on this server")
  );
}

export function registerNotificationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (context) => {
    const notifications = service(context);
    if (notifications instanceof Response) return notifications as never;
    const items = await notifications.channels.list(context.get("scope").tenantId);
    return context.json({ items: items.map(wire) }, 200);
  });

  app.openapi(createChannelRoute, async (context) => {
    const notifications = service(context);
    if (notifications instanceof Response) return notifications as never;
    const body = context.req.valid("json");
    const { database, audit } = context.get("services");
    const scope = context.get("scope");
    const url = await notifications.channels.checkUrl(body.url);
    if (!(url instanceof URL))
      return problem(context, 400, "validation_error", `body.url: ${url.refused}`, { field: "url" }) as never;
    const createdBy = scope.principal.kind === "user" ? `user:${scope.principal.id}` : scope.principal.id;
    const created = await database.forTenant(scope.tenantId, async ({ drizzle }) => {
      const made = await notifications.channels.create(scope.tenantId, body, url, createdBy, drizzle);
      await audit.append(scope.tenantId, audited(context, "notification_channel.created", made.channel), drizzle);
      return made;
    });
    return context.json({ channel: wire(created.channel), ...(created.secret ? { secret: created.secret } : {}) }, 201);
  });

  app.openapi(deleteRoute, async (context) => {
    const notifications = service(context);
    if (notifications instanceof Response) return notifications as never;
    const { channelId } = context.req.valid("param");
    const { database, audit } = context.get("services");
    const scope = context.get("scope");
    const removed = await database.forTenant(scope.tenantId, async ({ drizzle }) => {
      const channel = await notifications.channels.remove(scope.tenantId, channelId, drizzle);
      if (channel && channel !== "environment")
        await audit.append(scope.tenantId, audited(context, "notification_channel.deleted", channel), drizzle);
      return channel;
    });
    if (removed === "environment")
      return problem(
        context,
        409,
        "conflict",
        "this channel is the server's SLACK_WEBHOOK_URL; unset the variable to remove it",
      ) as never;
    if (!removed) return problem(context, 404, "not_found", `no notification channel ${channelId}`) as never;
    return context.json(wire(removed), 200);
  });

  app.openapi(testRoute, async (context) => {
    const notifications = service(context);
    if (notifications instanceof Response) return notifications as never;
    const { channelId } = context.req.valid("param");
    const { waitSeconds } = testBody.parse(context.req.valid("json") ?? {});
    const scope = context.get("scope");
    const channel = await notifications.channels.find(scope.tenantId, channelId);
    if (!channel) return problem(context, 404, "not_found", `no notification channel ${channelId}`) as never;
    const sent = await notifications.send(
      scope.tenantId,
      [channel.id],
      {
        trigger: "test",
        title: `Test message from Rehearse to “${channel.name}”`,
        path: "/",
        details: { channel: channel.name },
      },
      waitSeconds * 1000,
    );
    const outboxId = sent.outboxIds[0] as string;
    const attempt: AttemptOutcome | undefined = sent.attempts[0];
    return context.json(
      attempt
        ? {
            outboxId,
            status: attempt.status,
            statusCode: attempt.statusCode,
            error: attempt.error,
            durationMs: attempt.durationMs,
          }
        : { outboxId, status: "pending" as const, statusCode: null, error: null, durationMs: null },
      202,
    );
  });

  app.openapi(deliveriesRoute, async (context) => {
    const notifications = service(context);
    if (notifications instanceof Response) return notifications as never;
    const query = context.req.valid("query");
    const tenantId = context.get("scope").tenantId;
    const filter = {
      ...(query.channelId ? { channelId: query.channelId } : {}),
      ...(query.before ? { before: query.before } : {}),
    };
    const rows = await notifications.deliveries(tenantId, filter, query.limit);
    const page = rows.slice(0, query.limit);
    return context.json(
      {
        items: page.map((row) => ({
          id: Number(row.id),
          outboxId: row.outbox_id,
          channelId: row.channel_id,
          trigger: row.trigger,
          attempt: row.attempt,
          at: new Date(row.at).toISOString(),
          statusCode: row.status_code,
          error: row.error,
          durationMs: row.duration_ms,
          messageStatus: row.message_status as z.infer<typeof deliverySchema>["messageStatus"],
        })),
        nextBefore: rows.length > query.limit ? Number(page.at(-1)?.id) : null,
      },
      200,
    );
  });

  app.openapi(slackNotifyRoute, async (context) => {
    const notifications = service(context);
    if (notifications instanceof Response) return notifications as never;
    const body = context.req.valid("json");
    const tenantId = context.get("scope").tenantId;
    const channelIds = await notifications.slackChannelIds(tenantId);
    if (channelIds.length === 0)
      return problem(context, 409, "conflict", "no Slack channel: set SLACK_WEBHOOK_URL or add a Slack channel") as never;
    // the first line is the title unless one is given; the text below it is what is left
    const [first = "", ...rest] = body.text.split("\n");
    const title = body.title ?? first.slice(0, 150);
    const text = body.title || first.length > 150 ? body.text : rest.join("\n").trim();
    const sent = await notifications.send(tenantId, channelIds, { trigger: "message", title, ...(text ? { text } : {}) });
    return context.json({ queued: sent.outboxIds.length, outboxIds: sent.outboxIds }, 202);
  });
}
