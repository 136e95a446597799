/**
 * The outbox relay against a local webhook receiver (a real HTTP server on
 * 127.0.0.1): signatures checked with an implementation of the Standard
 * Webhooks scheme written here from the spec, retries, Retry-After, giving
 * up, redirects, and the address check at delivery time.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../store/database.js";
import { engines, freshDatabase, systemRows } from "../test-support/database.js";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver.js";
import type { ChannelSpec } from "./notification-channels.js";
import type { NotificationEvent } from "./notification-event.js";
import { Notifications, type NotificationsOptions } from "./notifications.js";
import { ServerMetrics } from "./server-metrics.js";

const START = Date.parse("2026-12-01T12:00:00Z");
const logger = pino({ level: process.env.SERVER_TEST_LOG ?? "silent" });

/** Standard Webhooks verification, written from the spec (not the server's code): true when one v1 signature matches. */
function verifySignature(secret: string, headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const content = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  const expected = Buffer.from(createHmac("sha256", key).update(content, "utf8").digest("base64"));
  return String(headers["webhook-signature"] ?? "")
    .split(" ")
    .some((entry) => {
      const [version, signature] = entry.split(",");
      const given = Buffer.from(signature ?? "");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const event = (overrides: Partial<NotificationEvent> = {}): NotificationEvent => ({
  tenantId: "default",
  trigger: "guard.failed",
  dedupeKey: "guard.failed:evaluation-1",
  title: "Release guard failed for production",
  path: "/batches/batch-7",
  details: { decision: "fail", failedChecks: ["passRate"] },
  ...overrides,
});

describe.each(engines())("the notification relay on %s", (engine) => {
  let database: Database;
  let receiver: WebhookReceiver;
  let notifications: Notifications;
  let metrics: ServerMetrics;
  let now: number;
  const pepper = randomBytes(32);

  const make = (options: Partial<NotificationsOptions> = {}) => {
    notifications = new Notifications({
      database,
      pepper,
      logger,
      metrics,
      publicUrl: () => "https://rehearse.example.com/",
      allowPrivateAddresses: true,
      now: () => now,
      random: () => 0.5,
      retry: { maxAttempts: 3 },
      ...options,
    });
    return notifications;
  };

  const addChannel = async (spec: Partial<ChannelSpec> & { url?: string } = {}) => {
    const url = await notifications.channels.checkUrl(spec.url ?? `${receiver.url}/hook`);
    if (!(url instanceof URL)) throw new Error(url.refused);
    return database.forTenant("default", ({ drizzle }) =>
      notifications.channels.create(
        "default",
        { name: "ci hook", kind: "webhook", triggers: ["guard.failed", "batch.finished"], ...spec },
        url,
        "test",
        drizzle,
      ),
    );
  };

  const log = () =>
    systemRows<{ attempt: number; status_code: number | null; error: string | null }>(
      database,
      sql`select attempt, status_code, error from notification_deliveries order by id`,
    );
  const messages = () =>
    systemRows<{ id: string; status: string; attempts: number; next_attempt_at: Date }>(
      database,
      sql`select id, status, attempts, next_attempt_at from notification_outbox order by created_at, id`,
    ).then((rows) => rows.map((row) => ({ ...row, next_attempt_at: new Date(row.next_attempt_at) })));
  const counted = async (result: string) => {
    const text = (await metrics.text()).body;
    const line = text
      .split("\n")
      .find((entry) => entry.startsWith("rehearse_notifications_total") && entry.includes(`result="${result}"`));
    return line ? Number(line.split(" ").at(-1)) : 0;
  };

  beforeEach(async () => {
    database = await freshDatabase(engine);
    receiver = await startWebhookReceiver();
    metrics = new ServerMetrics({ processMetrics: false });
    now = START;
  });
  afterEach(async () => {
    await notifications?.stop();
    await receiver.close();
    await database.close();
  });

  it("delivers a generic webhook signed per Standard Webhooks, once per dedupe key", async () => {
    make();
    const { secret } = await addChannel();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await notifications.notify(event());
    await notifications.notify(event({ title: "the same event again" }));
    expect(await notifications.deliverDue()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(verifySignature(secret as string, request?.headers ?? {}, request?.body ?? "")).toBe(true);
    expect(verifySignature(newSecretLike(), request?.headers ?? {}, request?.body ?? "")).toBe(false);
    expect(request?.headers["webhook-timestamp"]).toBe(String(START / 1000));
    const [message] = await messages();
    expect(request?.headers["webhook-id"]).toBe(message?.id);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({
      type: "guard.failed",
      timestamp: new Date(START).toISOString(),
      data: {
        title: "Release guard failed for production",
        url: "https://rehearse.example.com/batches/batch-7",
        path: "/batches/batch-7",
        details: { decision: "fail", failedChecks: ["passRate"] },
      },
    });
    expect(await log()).toEqual([{ attempt: 1, status_code: 200, error: null }]);
    expect(message?.status).toBe("delivered");
    expect(await counted("delivered")).toBe(1);
    // a trigger the channel does not subscribe to queues nothing
    await notifications.notify(event({ trigger: "run.stalled", dedupeKey: "run.stalled:b" }));
    expect(await messages()).toHaveLength(1);
  });

  it("retries after 500s with exponential back-off and jitter, then delivers", async () => {
    make();
    await addChannel();
    receiver.answer({ status: 500, body: "boom" }, { status: 502 });
    await notifications.notify(event());
    expect(await notifications.deliverDue()).toBe(1);
    // step 10 s, half fixed and half random (0.5): 7.5 s
    expect((await messages())[0]).toMatchObject({ status: "pending", attempts: 1, next_attempt_at: new Date(START + 7_500) });
    now += 7_499;
    expect(await notifications.deliverDue()).toBe(0);
    now += 1;
    expect(await notifications.deliverDue()).toBe(1);
    // step 20 s: 15 s
    expect((await messages())[0]?.next_attempt_at).toEqual(new Date(now + 15_000));
    now += 15_000;
    expect(await notifications.deliverDue()).toBe(1);
    expect(receiver.received).toHaveLength(3);
    expect(await log()).toEqual([
      { attempt: 1, status_code: 500, error: "HTTP 500: boom" },
      { attempt: 2, status_code: 502, error: "HTTP 502" },
      { attempt: 3, status_code: 200, error: null },
    ]);
    expect((await messages())[0]?.status).toBe("delivered");
    // the id is the same on every attempt (receivers deduplicate on it); the timestamp is the attempt's
    expect(new Set(receiver.received.map((request) => request.headers["webhook-id"])).size).toBe(1);
    expect(receiver.received.map((request) => request.headers["webhook-timestamp"])).toEqual(
      [START, START + 7_500, START + 22_500].map((at) => String(Math.floor(at / 1000))),
    );
    expect([await counted("retry"), await counted("delivered")]).toEqual([2, 1]);
  });

  it("waits as long as a 429's Retry-After says", async () => {
    make();
    await addChannel();
    receiver.answer({ status: 429, headers: { "retry-after": "42" } });
    await notifications.notify(event());
    await notifications.deliverDue();
    now += 41_999;
    expect(await notifications.deliverDue()).toBe(0);
    now += 1;
    expect(await notifications.deliverDue()).toBe(1);
    expect((await log()).map((entry) => entry.status_code)).toEqual([429, 200]);
  });

  it("gives up after the last attempt and says so in the log and the metric", async () => {
    make();
    await addChannel();
    receiver.answer({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await notifications.notify(event());
    for (let attempt = 0; attempt < 5; attempt++) {
      await notifications.deliverDue();
      now += 3_600_000;
    }
    expect(receiver.received).toHaveLength(3);
    expect((await messages())[0]).toMatchObject({ status: "failed", attempts: 3 });
    expect((await log()).map((entry) => entry.status_code)).toEqual([503, 503, 503]);
    expect([await counted("retry"), await counted("failed")]).toEqual([2, 1]);
  });

  it("does not follow redirects and does not retry a 4xx", async () => {
    make();
    await addChannel();
    receiver.answer({ status: 302, headers: { location: `${receiver.url}/elsewhere` } });
    await notifications.notify(event());
    await notifications.deliverDue();
    now += 3_600_000;
    await notifications.deliverDue();
    expect(receiver.received.map((request) => request.path)).toEqual(["/hook"]);
    expect(await log()).toEqual([{ attempt: 1, status_code: 302, error: "HTTP 302" }]);
    expect((await messages())[0]?.status).toBe("failed");
  });

  it("checks the address again at delivery: a host that rebinds to 127.0.0.1 is refused and nothing is sent", async () => {
    let answer = "93.184.216.34";
    make({ allowPrivateAddresses: false, resolve: async () => [{ address: answer, family: 4 }] });
    await addChannel({ url: `http://rebind.example:${receiver.port}/hook` });
    answer = "127.0.0.1";
    await notifications.notify(event());
    await notifications.deliverDue();
    now += 3_600_000;
    await notifications.deliverDue();
    expect(receiver.received).toHaveLength(0);
    const entries = await log();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.error).toMatch(/^refused: rebind\.example resolves to 127\.0\.0\.1, a loopback address/);
    expect((await messages())[0]?.status).toBe("failed");
  });

  it("sends Slack a Block Kit summary through SLACK_WEBHOOK_URL's implicit channel", async () => {
    make({ slackWebhookUrl: `${receiver.url}/services/T000/B000/secret`, allowPrivateAddresses: false });
    await notifications.notify(
      event({
        trigger: "batch.finished",
        dedupeKey: "batch.finished:batch-7",
        title: "Batch finished · checkout · 90.0 % passed (45/50)",
        details: { passRate: 0.9, counts: { pass: 45, fail: 5, error: 0 }, durationMs: 83_000, costUsd: 0.0123, note: "<b>" },
      }),
    );
    // another tenant has no implicit channel
    await notifications.notify(event({ tenantId: "other", trigger: "batch.finished", dedupeKey: "batch.finished:x" }));
    expect(await notifications.deliverDue()).toBe(1);
    const [request] = receiver.received;
    expect(request?.path).toBe("/services/T000/B000/secret");
    expect(request?.headers["webhook-signature"]).toBeUndefined();
    const body = JSON.parse(request?.body ?? "");
    expect(body.text).toBe("Batch finished · checkout · 90.0 % passed (45/50)");
    expect(body.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: body.text, emoji: true } });
    expect(body.blocks[1].fields.map((field: { text: string }) => field.text)).toEqual([
      "*Pass rate*\n90.0 %",
      "*Counts*\n45 pass · 5 fail",
      "*Duration*\n1 min 23 s",
      "*Cost*\n$0.0123",
      "*Note*\n&lt;b&gt;",
    ]);
    expect(body.blocks[2].text.text).toBe("<https://rehearse.example.com/batches/batch-7|Open in Rehearse>");
  });

  it("keeps channel URLs and secrets sealed in the database and cancels a deleted channel's messages", async () => {
    make();
    const { channel, secret } = await addChannel();
    const [row] = await systemRows<Record<string, string>>(database, sql`select * from notification_channels`);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(`127.0.0.1:${receiver.port}/hook`);
    expect(stored).not.toContain((secret as string).slice(6));
    expect(row?.url_hint).toBe(`${receiver.url}/…`);
    await notifications.notify(event());
    await database.forTenant("default", ({ drizzle }) => notifications.channels.remove("default", channel.id, drizzle));
    expect(await notifications.deliverDue()).toBe(0);
    expect((await messages())[0]?.status).toBe("cancelled");
  });

  it("delivers each message once when two relays claim at the same time", async () => {
    make();
    await addChannel();
    const first = notifications;
    const second = make();
    for (let index = 0; index < 10; index++) await first.notify(event({ dedupeKey: `guard.failed:${index}` }));
    const claimed = await Promise.all([first.deliverDue(), second.deliverDue(), first.deliverDue(), second.deliverDue()]);
    expect(claimed.reduce((total, count) => total + count, 0)).toBe(10);
    expect(receiver.received).toHaveLength(10);
    expect(new Set(receiver.received.map((request) => request.headers["webhook-id"])).size).toBe(10);
    await first.stop();
  });

  it("runs on its own once started: a new message wakes the relay", async () => {
    make({ pollMs: 60_000 });
    await addChannel();
    notifications.start();
    await notifications.notify(event());
    await receiver.waitFor(1);
    expect(receiver.received).toHaveLength(1);
  });
});

/** A well-formed secret that is not the channel's. */
function newSecretLike(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
