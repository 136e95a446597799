import { afterEach, describe, expect, it } from "vitest";
import type { Json, TestApp } from "../../test-support/test-app.js";
import { testApp } from "../../test-support/test-app.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../test-support/webhook-receiver.js";

const CHANNELS = "/api/v1/notifications/channels";

describe("notification routes", () => {
  let server: TestApp | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await server?.close();
    await receiver?.close();
  });

  const keyOf = async (role: "operator" | "viewer") =>
    (await (server as TestApp).services.keys.issue("default", { name: role, role })).secret;

  it("lets an admin add a signed webhook (secret shown once, URL only as a hint), audited", async () => {
    receiver = await startWebhookReceiver();
    server = await testApp("pglite", { notifications: { allowPrivateAddresses: true } });
    const url = `${receiver.url}/hooks/rehearse-ci`;
    const response = await server.post(CHANNELS, { name: "CI hook", kind: "webhook", url, triggers: ["batch.finished"] });
    expect(response.status).toBe(201);
    const created: Json = await response.json();
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.channel).toMatchObject({
      id: expect.stringMatching(/^ch_[0-9a-f]{16}$/),
      name: "CI hook",
      kind: "webhook",
      urlHint: `${receiver.url}/…e-ci`,
      triggers: ["batch.finished"],
      enabled: true,
      source: "api",
    });
    const listing = await server.get(CHANNELS);
    const text = await listing.text();
    expect(text).not.toContain("/hooks/rehearse-ci");
    expect(text).not.toContain(created.secret);
    expect(JSON.parse(text).items).toHaveLength(1);
    const audit = await server.read("/api/v1/audit?limit=10");
    expect(audit.items.map((entry: Json) => entry.action)).toContain("notification_channel.created");
    const entry = audit.items.find((item: Json) => item.action === "notification_channel.created");
    expect(entry).toMatchObject({ targetType: "notification_channel", targetId: created.channel.id });
    expect(JSON.stringify(entry)).not.toContain("rehearse-ci");

    // a Slack channel takes no secret; a secret of one's own must be a whsec_ secret
    const slackWithSecret = await server.post(CHANNELS, { name: "x", kind: "slack", url, secret: "whsec_AAAA" });
    expect(slackWithSecret.status).toBe(400);
    expect(await slackWithSecret.json()).toMatchObject({ field: "secret" });
    const badSecret = await server.post(CHANNELS, { name: "x", kind: "webhook", url, secret: "hunter2" });
    expect(await badSecret.json()).toMatchObject({ status: 400, field: "secret" });
  });

  it("refuses URLs that are not http(s) or reach loopback or private addresses, by name or by number", async () => {
    receiver = await startWebhookReceiver();
    server = await testApp();
    const attempts: Array<[string, RegExp]> = [
      [`${receiver.url}/hook`, /127\.0\.0\.1, a loopback address/],
      [`http://localhost:${receiver.port}/hook`, /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
      ["http://169.254.169.254/latest/meta-data", /link-local/],
      ["http://[fd00::1]/hook", /unique local/],
      ["ftp://hooks.example.com/x", /http or https/],
    ];
    for (const [url, reason] of attempts) {
      const response = await server.post(CHANNELS, { name: "bad", kind: "slack", url });
      expect(response.status, url).toBe(400);
      const body: Json = await response.json();
      expect(body.field).toBe("url");
      expect(body.detail).toMatch(reason);
    }
    expect((await server.read(CHANNELS)).items).toEqual([]);
  });

  it("sends a test message through the outbox (operators may), and shows it in the delivery log", async () => {
    receiver = await startWebhookReceiver();
    server = await testApp("pglite", { notifications: { allowPrivateAddresses: true } });
    server.services.notifications?.start();
    const created: Json = await (
      await server.post(CHANNELS, { name: "CI", kind: "webhook", url: `${receiver.url}/hook` })
    ).json();
    const operator = await keyOf("operator");
    const viewer = await keyOf("viewer");
    const test = `${CHANNELS}/${created.channel.id}/test`;
    expect((await server.post(test, {}, viewer)).status).toBe(403);
    const response = await server.post(test, {}, operator);
    expect(response.status).toBe(202);
    const result: Json = await response.json();
    expect(result).toMatchObject({ outboxId: expect.stringMatching(/^msg_/), status: "delivered", statusCode: 200, error: null });
    expect(receiver.received).toHaveLength(1);
    const body = JSON.parse(receiver.received[0]?.body ?? "");
    expect(body).toMatchObject({
      type: "test",
      data: { title: "Test message from Rehearse to “CI”", url: "http://127.0.0.1:4319/" },
    });
    expect(receiver.received[0]?.headers["webhook-id"]).toBe(result.outboxId);

    receiver.answer({ status: 500, body: "down for maintenance" });
    const failing: Json = await (await server.post(test, { waitSeconds: 5 })).json();
    expect(failing).toMatchObject({ status: "retry", statusCode: 500, error: "HTTP 500: down for maintenance" });

    const log: Json = await (
      await server.get(`/api/v1/notifications/deliveries?channelId=${created.channel.id}`, operator)
    ).json();
    expect(log.items.map((item: Json) => [item.trigger, item.statusCode, item.messageStatus])).toEqual([
      ["test", 500, "pending"],
      ["test", 200, "delivered"],
    ]);
    expect(log.items[0]).toMatchObject({ outboxId: failing.outboxId, attempt: 1, channelId: created.channel.id });
    expect((await server.get("/api/v1/notifications/deliveries", viewer)).status).toBe(403);
    const page: Json = await (await server.get("/api/v1/notifications/deliveries?limit=1")).json();
    expect(page.items).toHaveLength(1);
    const next: Json = await (await server.get(`/api/v1/notifications/deliveries?limit=1&before=${page.nextBefore}`)).json();
    expect(next.items[0].statusCode).toBe(200);
  });

  it("lets only admins add and delete channels; deleting is audited and cancels queued messages", async () => {
    server = await testApp("pglite", { notifications: { allowPrivateAddresses: true } });
    const operator = await keyOf("operator");
    const spec = { name: "ops", kind: "slack", url: "http://127.0.0.1:9/services/T/B/x" };
    expect((await server.post(CHANNELS, spec, operator)).status).toBe(403);
    const created: Json = await (await server.post(CHANNELS, spec)).json();
    expect(created.secret).toBeUndefined();
    expect((await server.get(CHANNELS, operator)).status).toBe(200);
    const path = `${CHANNELS}/${created.channel.id}`;
    expect((await server.request("DELETE", path, undefined, operator)).status).toBe(403);
    await server.services.notifications?.notify({
      tenantId: "default",
      trigger: "batch.finished",
      dedupeKey: "batch.finished:b1",
      title: "done",
      details: {},
    });
    const deleted = await server.request("DELETE", path);
    expect(deleted.status).toBe(200);
    expect((await server.request("DELETE", path)).status).toBe(404);
    expect(await server.services.notifications?.deliverDue()).toBe(0);
    const audit = await server.read("/api/v1/audit?limit=10");
    expect(audit.items.map((entry: Json) => entry.action)).toContain("notification_channel.deleted");
  });

  it("has SLACK_WEBHOOK_URL's implicit channel, which /collab/slack/notify sends through", async () => {
    receiver = await startWebhookReceiver();
    server = await testApp("pglite", { notifications: { slackWebhookUrl: `${receiver.url}/services/T1/B1/secret-part` } });
    const listing = await server.read(CHANNELS);
    expect(listing.items).toEqual([
      expect.objectContaining({ id: "environment-slack", kind: "slack", source: "environment", createdAt: null }),
    ]);
    expect(JSON.stringify(listing)).not.toContain("secret-part");
    expect((await server.request("DELETE", `${CHANNELS}/environment-slack`)).status).toBe(409);
    const operator = await keyOf("operator");
    const response = await server.post("/collab/slack/notify", { text: "Deploy finished\n*all* green <3" }, operator);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ queued: 1 });
    await server.services.notifications?.deliverDue();
    const message = JSON.parse(receiver.received[0]?.body ?? "");
    expect(receiver.received[0]?.path).toBe("/services/T1/B1/secret-part");
    expect(message.text).toBe("Deploy finished");
    expect(message.blocks[1]).toEqual({ type: "section", text: { type: "mrkdwn", text: "*all* green &lt;3" } });
    // another tenant has no Slack channel
    const other = await server.services.keys.issue("other", { name: "other operator", role: "operator" });
    const refused = await server.post("/collab/slack/notify", { text: "hi" }, other.secret);
    expect(refused.status).toBe(409);
  });
});
