/**
 * The producers the notifications service owns, end to end: runs ingested
 * through the API, the sweeps on a clock the test moves, the relay posting
 * to a local receiver. A 50-run batch is one message; stalled runs are one
 * message per batch.
 */
import type { IngestEvent } from "@rehearse/core/events";
import { afterEach, describe, expect, it } from "vitest";
import { engines } from "../test-support/database.js";
import { runEvents } from "../test-support/events.js";
import { type TestApp, testApp } from "../test-support/test-app.js";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver.js";
import type { NotificationTrigger } from "./notification-event.js";
import type { Notifications } from "./notifications.js";

/** When the runs' events happen (runEvents' default start). */
const EVENTS_AT = 1_760_000_000_000;

/** `count` finished runs of one batch, scenario `s-<index>`, failing where `failing(index)`. */
function batch(batchId: string, count: number, start: number, failing: (index: number) => boolean = () => false): IngestEvent[] {
  return Array.from({ length: count }, (_, index) =>
    runEvents({
      runId: `${batchId}-run-${index}`,
      batchId,
      setId: "checkout",
      scenarioId: `s-${index}`,
      name: `scenario ${index}`,
      start: start + index * 10,
      outcome: failing(index) ? "fail" : "pass",
    }),
  ).flat();
}

describe.each(engines())("batch and stall announcements on %s", (engine) => {
  let server: TestApp;
  let receiver: WebhookReceiver;
  let now: number;
  afterEach(async () => {
    await server.close();
    await receiver.close();
  });

  const setUp = async (triggers: NotificationTrigger[]) => {
    receiver = await startWebhookReceiver();
    now = EVENTS_AT - 3 * 3_600_000;
    server = await testApp(engine, { now: () => now, notifications: { allowPrivateAddresses: true } });
    const created = await server.post("/api/v1/notifications/channels", {
      name: "hook",
      kind: "webhook",
      url: `${receiver.url}/hook`,
      triggers,
    });
    expect(created.status).toBe(201);
    return server.services.notifications as Notifications;
  };
  const bodies = () => receiver.received.map((request) => JSON.parse(request.body));

  it("announces a 50-run SDK batch once, after it went quiet, with the regressions against the set's previous batch", async () => {
    const notifications = await setUp(["batch.finished"]);
    // the previous batch of the set, two hours earlier: all passed (too old for the sweep to announce)
    await server.send(batch("nightly-1", 50, EVENTS_AT - 2 * 3_600_000));
    await server.send(batch("nightly-2", 50, EVENTS_AT, (index) => index >= 45));
    now = EVENTS_AT + 10_000;
    expect(await notifications.batches.sweep()).toBe(0);
    now = EVENTS_AT + 31_000;
    expect(await notifications.batches.sweep()).toBe(1);
    expect(await notifications.batches.sweep()).toBe(0);
    await notifications.deliverDue();
    now += 3_600_000;
    expect(await notifications.batches.sweep()).toBe(0);
    expect(await notifications.announceBatchFinished("default", "nightly-2")).toBe(true);
    await notifications.deliverDue();
    expect(bodies()).toHaveLength(1);
    const [message] = bodies();
    expect(message.type).toBe("batch.finished");
    expect(message.data.title).toBe("Batch finished · checkout · 90.0 % passed (45/50)");
    expect(message.data.url).toBe("http://127.0.0.1:4319/batches/nightly-2");
    expect(message.data.details).toMatchObject({
      passRate: 0.9,
      counts: { pass: 45, fail: 5, error: 0, skipped: 0, cancelled: 0 },
      runs: 50,
      regressions: 5,
      fixed: 0,
      regressedScenarios: ["scenario 45", "scenario 46", "scenario 47", "scenario 48", "scenario 49"],
      previousBatchId: "nightly-1",
      passRateChange: -0.1,
      setId: "checkout",
      batchId: "nightly-2",
    });
    expect(message.data.details.costUsd).toBeCloseTo(0.06, 6);
    expect(await notifications.announceBatchFinished("default", "no-such-batch")).toBe(false);
  });

  it("waits for runs still running, and does not announce to tenants nobody listens to", async () => {
    const notifications = await setUp(["batch.finished"]);
    const [started, ...rest] = runEvents({ runId: "open-run", batchId: "open", start: EVENTS_AT });
    await server.send([...batch("open", 3, EVENTS_AT), started as IngestEvent]);
    await server.send(batch("elsewhere", 2, EVENTS_AT), server.otherTenantKey);
    now = EVENTS_AT + 60_000;
    expect(await notifications.batches.sweep()).toBe(0);
    await server.send(rest);
    now = EVENTS_AT + 120_000;
    expect(await notifications.batches.sweep()).toBe(1);
    await notifications.deliverDue();
    expect(bodies().map((body) => body.data.details.batchId)).toEqual(["open"]);
    expect(bodies()[0].data.details.runs).toBe(4);
  });

  it("tells once per batch about runs that stalled", async () => {
    const notifications = await setUp(["run.stalled"]);
    const unfinished = (runId: string, batchId: string, start: number) => runEvents({ runId, batchId, start }).slice(0, 3);
    await server.send([
      ...unfinished("stuck-1", "crashed", EVENTS_AT),
      ...unfinished("stuck-2", "crashed", EVENTS_AT + 5),
      ...unfinished("stuck-3", "crashed", EVENTS_AT + 9),
      ...unfinished("alone", "other-batch", EVENTS_AT + 30_000),
      ...batch("fine", 2, EVENTS_AT),
    ]);
    now = EVENTS_AT + 119_000;
    expect(await notifications.sweepStalledRuns()).toBe(0);
    now = EVENTS_AT + 3 * 60_000;
    expect(await notifications.sweepStalledRuns()).toBe(2);
    expect(await notifications.sweepStalledRuns()).toBe(0);
    await notifications.deliverDue();
    const messages = bodies().sort((left, right) => left.data.details.batchId.localeCompare(right.data.details.batchId));
    expect(messages.map((body) => [body.type, body.data.details.batchId, body.data.details.stalledRuns])).toEqual([
      ["run.stalled", "crashed", 3],
      ["run.stalled", "other-batch", 1],
    ]);
    expect(messages[0].data.title).toBe("Stalled · default · 3 runs without an event for 2 min");
    expect(messages[0].data.details.runIds).toEqual(["stuck-1", "stuck-2", "stuck-3"]);
    expect(messages[0].data.path).toBe("/batches/crashed");
    expect(messages[1].data.path).toBe("/runs/alone");
  });
});
