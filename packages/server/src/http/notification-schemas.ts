/** Request and response schemas of the notification routes (routes/notification-routes.ts). */
import { z } from "zod";
import { channelKinds, ENVIRONMENT_CHANNEL_ID } from "../services/notification-channels.js";
import { notificationTriggers } from "../services/notification-event.js";
import { webhookSecretKey } from "../services/standard-webhooks.js";
import { storableText } from "./text-schema.js";

export const channelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(channelKinds),
    urlHint: z.string().meta({ description: "The URL's origin and last four characters: the URL itself is stored sealed" }),
    triggers: z.array(z.enum(notificationTriggers)),
    enabled: z.boolean(),
    createdAt: z.string().nullable(),
    createdBy: z.string().nullable(),
    source: z
      .enum(["api", "environment"])
      .meta({ description: "`environment`: the implicit Slack channel of the server's SLACK_WEBHOOK_URL (not deletable)" }),
  })
  .meta({ id: "NotificationChannel" });

export const createChannelBody = z
  .object({
    name: storableText(200).pipe(z.string().trim().min(1)),
    kind: z.enum(channelKinds),
    url: storableText(2048).meta({
      description: "A Slack incoming-webhook URL or your endpoint: http(s), resolving to public addresses only",
    }),
    triggers: z
      .array(z.enum(notificationTriggers))
      .min(1)
      .default([...notificationTriggers]),
    secret: z
      .string()
      .max(200)
      .optional()
      .meta({ description: "Generic webhooks: a `whsec_` signing secret of your own; by default one is made and shown once" }),
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((body) => body.kind === "webhook" || body.secret === undefined, {
    message: "only generic webhooks are signed; a Slack channel takes no secret",
    path: ["secret"],
  })
  .refine((body) => body.secret === undefined || typeof webhookSecretKey(body.secret) !== "string", {
    message: "a signing secret is whsec_ followed by the base64 of 24 to 64 bytes",
    path: ["secret"],
  });

export const createdChannelSchema = z
  .object({
    channel: channelSchema,
    secret: z
      .string()
      .optional()
      .meta({ description: "Generic webhooks: the signing secret (Standard Webhooks, `whsec_…`). Shown once" }),
  })
  .meta({ id: "CreatedNotificationChannel" });

export const channelIdParam = z.object({
  channelId: z
    .string()
    .regex(
      new RegExp(`^(ch_[0-9a-f]{16}|${ENVIRONMENT_CHANNEL_ID})$`),
      `a channel id is ch_ and 16 hexadecimal characters, or ${ENVIRONMENT_CHANNEL_ID}`,
    ),
});

export const attemptSchema = z
  .object({
    outboxId: z.string(),
    status: z
      .enum(["delivered", "retry", "failed", "pending"])
      .meta({ description: "`pending`: no attempt yet within the wait (it is in the outbox and will be tried)" }),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
  })
  .meta({ id: "NotificationAttempt" });

export const testBody = z
  .object({ waitSeconds: z.number().int().min(0).max(30).default(10) })
  .strict()
  .meta({ description: "How long to wait for the first attempt's answer (default 10 s)" });

export const deliveryQuery = z.object({
  channelId: channelIdParam.shape.channelId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional().meta({ description: "The previous page's `nextBefore`" }),
});

export const deliverySchema = z
  .object({
    id: z.number().int(),
    outboxId: z.string(),
    channelId: z.string(),
    trigger: z.string(),
    attempt: z.number().int(),
    at: z.string(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    messageStatus: z
      .enum(["pending", "sending", "delivered", "failed", "cancelled"])
      .meta({ description: "Where the message stands now (after its latest attempt)" }),
  })
  .meta({ id: "NotificationDelivery" });

export const slackNotifyBody = z
  .object({
    text: storableText(3000).pipe(z.string().trim().min(1)),
    title: storableText(150).optional(),
  })
  .strict();
