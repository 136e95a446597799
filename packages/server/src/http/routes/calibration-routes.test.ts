import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUDGED_RUNS, judgedRunEvents, ORDER, POLITE } from "../../test-support/calibration-runs.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { agreementReportSchema, calibrationQueueSchema } from "../calibration-schemas.js";

const put = (server: TestApp, runId: string, labels: unknown, key?: string) =>
  server.request("PUT", `/api/v1/runs/${runId}/labels`, { labels }, key);

describe("calibration routes", () => {
  let server: TestApp;
  let viewerKey: string;
  let operatorKey: string;
  let otherAdminKey: string;

  beforeAll(async () => {
    server = await testApp();
    await server.send(judgedRunEvents());
    viewerKey = (await server.services.keys.issue("default", { name: "viewer", role: "viewer", scopes: [] })).secret;
    operatorKey = (await server.services.keys.issue("default", { name: "operator", role: "operator", scopes: [] })).secret;
    otherAdminKey = (await server.services.keys.issue("other", { name: "other admin", role: "admin", scopes: [] })).secret;
  });
  afterAll(async () => server.close());

  it("queues judged runs newest first with their transcript and criteria, blind to the judge's verdicts", async () => {
    const queue: Json = await server.read("/api/v1/calibration/queue?limit=3");
    expect(calibrationQueueSchema.parse(queue)).toBeTruthy();
    expect(queue.remaining).toBe(4);
    expect(queue.items.map((item: Json) => item.runId)).toEqual(["cal-4", "cal-3", "cal-2"]);
    const [newest] = queue.items;
    expect(newest.criteria).toEqual([
      { criterion: ORDER, label: null },
      { criterion: POLITE, label: null },
    ]);
    expect(newest.messages.map((message: Json) => message.content)).toEqual([
      "I want a refund (cal-4)",
      "Sure, what is the order number?",
    ]);
    // blind labelling: nothing in the queue says what the judge decided
    expect(JSON.stringify(queue)).not.toMatch(/"(met|unmet|verdict|judgeVersion)"/);
  });

  it("stores one label per person per criterion, re-labelling replaces, and labelled runs leave the queue", async () => {
    const saved = await put(server, "cal-1", { [ORDER]: { verdict: "met" }, [POLITE]: { verdict: "unmet", note: "curt" } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      runId: "cal-1",
      labels: [
        { criterion: ORDER, verdict: "met", note: null },
        { criterion: POLITE, verdict: "unmet", note: "curt" },
      ],
    });
    const again: Json = await (await put(server, "cal-1", { [POLITE]: { verdict: "met" } })).json();
    expect(again.labels).toEqual([
      { criterion: ORDER, verdict: "met", note: null },
      { criterion: POLITE, verdict: "met", note: null },
    ]);
    // half-labelled runs stay in the queue with the caller's labels shown
    await put(server, "cal-2", { [ORDER]: { verdict: "met" } });
    const queue: Json = await server.read("/api/v1/calibration/queue");
    expect(queue.items.map((item: Json) => item.runId)).toEqual(["cal-4", "cal-3", "cal-2"]);
    expect(queue.items[2].criteria[0]).toEqual({ criterion: ORDER, label: { verdict: "met", note: null } });
    // another person's queue is their own
    const operators: Json = await server.read("/api/v1/calibration/queue", operatorKey);
    expect(operators.remaining).toBe(4);
  });

  it("refuses bad bodies naming the field, and unknown runs and criteria", async () => {
    const badVerdict = await put(server, "cal-3", { [ORDER]: { verdict: "yes" } });
    expect(badVerdict.status).toBe(400);
    expect(((await badVerdict.json()) as Json).detail).toContain("labels");
    const empty = await put(server, "cal-3", {});
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Json).detail).toContain("at least one");
    const extra = await server.request("PUT", "/api/v1/runs/cal-3/labels", { labels: { [ORDER]: { verdict: "met" } }, x: 1 });
    expect(extra.status).toBe(400);
    const unknown = await put(server, "cal-3", { "never judged": { verdict: "met" } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ field: "labels", detail: expect.stringContaining('"never judged"') });
    expect((await put(server, "no-such-run", { [ORDER]: { verdict: "met" } })).status).toBe(404);
  });

  it("reports agreement per criterion and judge version: n, agreement, κ (or why not) and the confusion matrix", async () => {
    await put(server, "cal-2", { [POLITE]: { verdict: "unmet" } });
    await put(server, "cal-3", { [ORDER]: { verdict: "unmet" }, [POLITE]: { verdict: "unsure" } });
    await put(server, "cal-4", { [ORDER]: { verdict: "met" }, [POLITE]: { verdict: "unmet" } });
    const report: Json = await server.read("/api/v1/calibration/agreement", viewerKey);
    expect(agreementReportSchema.parse(report)).toBeTruthy();
    expect(report.labels).toBe(8);
    const row = (criterion: string, version: string) =>
      report.criteria.find((item: Json) => item.criterion === criterion && item.judgeVersion === version);
    expect(row(POLITE, "j-aaaa1111")).toMatchObject({
      n: 2,
      observedAgreement: 1,
      kappa: 1,
      confusion: { judgeMetHumanMet: 1, judgeMetHumanUnmet: 0, judgeUnmetHumanMet: 0, judgeUnmetHumanUnmet: 1 },
    });
    expect(row(ORDER, "j-aaaa1111")).toMatchObject({ n: 2, observedAgreement: 1, kappa: null });
    expect(row(ORDER, "j-aaaa1111").kappaUndefinedBecause).toMatch(/chance is 1/);
    expect(row(POLITE, "j-bbbb2222")).toMatchObject({ n: 0, unsure: 1, kappa: null });
    const versions = Object.fromEntries(report.judgeVersions.map((item: Json) => [item.judgeVersion, item]));
    expect(Object.keys(versions)).toEqual(["j-aaaa1111", "j-bbbb2222", "unversioned"]);
    expect(versions["j-aaaa1111"]).toMatchObject({ n: 4, kappa: 1 });
    // cal-4: the judge said unmet to both; people met and unmet: agreement 0.5, exactly chance
    expect(versions.unversioned).toMatchObject({ n: 2, observedAgreement: 0.5, chanceAgreement: 0.5, kappa: 0 });
  });

  it("filters agreement by criterion, judge version and run start", async () => {
    const byCriterion: Json = await server.read(`/api/v1/calibration/agreement?criterion=${encodeURIComponent(POLITE)}`);
    expect(new Set(byCriterion.criteria.map((item: Json) => item.criterion))).toEqual(new Set([POLITE]));
    const byVersion: Json = await server.read("/api/v1/calibration/agreement?judge_version=j-bbbb2222");
    expect(byVersion.judgeVersions.map((item: Json) => item.judgeVersion)).toEqual(["j-bbbb2222"]);
    expect(byVersion.labels).toBe(2);
    const since = new Date(JUDGED_RUNS[3].start).toISOString();
    const recent: Json = await server.read(`/api/v1/calibration/agreement?since=${encodeURIComponent(since)}`);
    expect(recent.labels).toBe(2);
    const badSince = await server.get("/api/v1/calibration/agreement?since=yesterday");
    expect(badSince.status).toBe(400);
    expect(((await badSince.json()) as Json).detail).toContain("since");
  });

  it("lets viewers read agreement but not label; operators label", async () => {
    expect((await put(server, "cal-3", { [ORDER]: { verdict: "met" } }, viewerKey)).status).toBe(403);
    expect((await server.get("/api/v1/calibration/queue", viewerKey)).status).toBe(403);
    expect((await put(server, "cal-3", { [ORDER]: { verdict: "met" } }, operatorKey)).status).toBe(200);
    const report: Json = await server.read(`/api/v1/calibration/agreement?criterion=${encodeURIComponent(ORDER)}`);
    // two people labelled cal-3's criterion: two pairs
    const row = report.criteria.find((item: Json) => item.judgeVersion === "j-bbbb2222");
    expect(row).toMatchObject({ n: 2, confusion: { judgeUnmetHumanUnmet: 1, judgeUnmetHumanMet: 1 } });
  });

  it("keeps tenants apart: another tenant cannot see, label or count these runs", async () => {
    expect((await put(server, "cal-1", { [ORDER]: { verdict: "unmet" } }, otherAdminKey)).status).toBe(404);
    const queue: Json = await server.read("/api/v1/calibration/queue", otherAdminKey);
    expect(queue).toEqual({ items: [], remaining: 0 });
    const report: Json = await server.read("/api/v1/calibration/agreement", otherAdminKey);
    expect(report).toEqual({ labels: 0, criteria: [], judgeVersions: [] });
    expect((await server.get("/api/v1/calibration/agreement")).status).toBe(200);
    expect((await server.app.request("/api/v1/calibration/agreement")).status).toBe(401);
  });

  it("deletes a run's labels with the run", async () => {
    const before: Json = await server.read("/api/v1/calibration/agreement");
    expect((await server.request("DELETE", "/api/v1/runs/cal-4")).status).toBeLessThan(300);
    const after: Json = await server.read("/api/v1/calibration/agreement");
    // cal-4 had two labels (the admin's); the unversioned judge had only cal-4
    expect(after.labels).toBe(before.labels - 2);
    expect(after.judgeVersions.map((row: Json) => row.judgeVersion)).toEqual(["j-aaaa1111", "j-bbbb2222"]);
  });
});
