import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationEvent } from "../../services/notification-event.js";
import { guardBatch, guardRunEvents } from "../../test-support/guard-runs.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const evaluate = (server: TestApp, body: unknown, key?: string) => server.post("/api/v1/guard/evaluate", body, key);
const checkOf = (evaluation: Json, name: string) => evaluation.checks.find((check: Json) => check.name === name);

describe("POST /api/v1/guard/evaluate", () => {
  let server: TestApp;
  const notified: NotificationEvent[] = [];
  let failingCriticalRun: string;

  beforeAll(async () => {
    server = await testApp("pglite", { notify: async (event) => void notified.push(event) });
    // "release-1": 12 passes and one critical run that failed; "perfect": 3 passes of 3
    const critical = guardRunEvents({ batchId: "release-1", setId: "nightly", outcome: "fail", labels: ["critical"] });
    failingCriticalRun = critical[0]?.scenarioRunId as string;
    await server.send([
      ...guardBatch(12, { batchId: "release-1", setId: "nightly", labels: ["critical"], durationMs: 800, costUsd: 0.002 }),
      ...critical,
    ]);
    await server.send(guardBatch(3, { batchId: "perfect", setId: "small" }));
  });
  afterAll(async () => server.close());

  it("fails a batch whose critical run failed, with every check measured, recorded, audited, counted and notified", async () => {
    const response = await evaluate(server, {
      target: { batchId: "release-1" },
      policy: { minSampleSize: 10, criticalLabel: "critical", maxErrorShare: 0, p95DurationMs: 900, maxCostPerRunUsd: 0.01 },
    });
    expect(response.status).toBe(200);
    const evaluation: Json = await response.json();
    expect(evaluation).toMatchObject({
      id: expect.any(String),
      decision: "fail",
      policyName: null,
      environment: null,
      target: { batchId: "release-1", setId: "nightly" },
      evaluatedAt: expect.any(String),
      evidence: { batchIds: ["release-1"], runIdsTruncated: false },
    });
    expect(evaluation.checks.map((check: Json) => [check.name, check.ok])).toEqual([
      ["settled", true],
      ["sampleSize", true],
      ["critical", false],
      ["errorShare", true],
      ["p95DurationMs", false],
      ["costPerRunUsd", true],
    ]);
    expect(checkOf(evaluation, "critical")).toMatchObject({ observed: 1, threshold: 0, n: 13 });
    expect(checkOf(evaluation, "sampleSize")).toMatchObject({ observed: 13, threshold: 10 });
    // 12 runs of 800 ms and one of 1234 ms: the interpolated p95 (position 0.95 × 12 = 11.4) lies between
    expect(checkOf(evaluation, "p95DurationMs").observed).toBeCloseTo(800 + 0.4 * 434, 1);
    expect(evaluation.evidence.runIds).toHaveLength(13);
    expect(evaluation.evidence.runIds[0]).toBe(failingCriticalRun);

    const listed = await server.read("/api/v1/guard/evaluations?batchId=release-1");
    expect(listed.items).toEqual([evaluation]);
    expect(await server.read(`/api/v1/guard/evaluations/${evaluation.id}`)).toEqual(evaluation);

    const audit = await server.read("/api/v1/audit?limit=200");
    const entry = audit.items.find((item: Json) => item.action === "guard.evaluated");
    expect(entry).toMatchObject({
      actorType: "api_key",
      targetType: "batch",
      targetId: "release-1",
      details: { evaluationId: evaluation.id, decision: "fail", failed: ["critical", "p95DurationMs"], undecided: [] },
    });

    const metrics = await (await server.get("/metrics")).text();
    expect(metrics).toMatch(/^rehearse_guard_decisions_total\{decision="fail"\} 1$/m);

    // (the same notify hears anomaly detection on ingest too)
    expect(notified.filter((event) => event.trigger === "guard.failed")).toEqual([
      expect.objectContaining({
        tenantId: "default",
        trigger: "guard.failed",
        dedupeKey: `guard.failed:${evaluation.id}`,
        path: "/batches/release-1",
        details: expect.objectContaining({ batchId: "release-1", failedChecks: expect.any(Array) }),
      }),
    ]);
  });

  it("does not let 3 passes of 3 clear a 0.95 pass rate, and calls too small a sample inconclusive", async () => {
    const judged: Json = await (
      await evaluate(server, { target: { batchId: "perfect" }, policy: { minSampleSize: 3, passRate: 0.95 } })
    ).json();
    expect(judged.decision).toBe("fail");
    expect(checkOf(judged, "passRate")).toMatchObject({ threshold: 0.95, n: 3, ok: false });
    expect(checkOf(judged, "passRate").observed).toBeCloseTo(0.4385, 4);

    const small: Json = await (await evaluate(server, { target: { batchId: "perfect" }, policy: { passRate: 0.95 } })).json();
    expect(small.decision).toBe("inconclusive");
    expect(checkOf(small, "sampleSize")).toMatchObject({ observed: 3, threshold: 10, ok: false });
    // only failures are notified
    expect(notified.filter((event) => event.dedupeKey.endsWith(small.id))).toEqual([]);
  });

  it("evaluates a set's latest batch, through seed 004's path too", async () => {
    await server.send(guardBatch(2, { batchId: "later", setId: "small", start: 1_770_000_000_000 }));
    for (const path of ["/api/v1/guard/evaluate", "/release/guard"]) {
      const response = await server.post(path, { target: { setId: "small" }, policy: { minSampleSize: 1, maxErrorShare: 0 } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ decision: "pass", target: { batchId: "later", setId: "small" } });
    }
  });

  it("counts red-team attacks that broke the defence among those graded", async () => {
    await server.send([
      ...guardBatch(3, { batchId: "red", setId: "attacks", redTeam: "held" }),
      ...guardBatch(1, { batchId: "red", setId: "attacks", redTeam: "broke", outcome: "fail" }),
      ...guardBatch(1, { batchId: "red", setId: "attacks", redTeam: "errored", outcome: "error" }),
    ]);
    const evaluation: Json = await (
      await evaluate(server, { target: { batchId: "red" }, policy: { minSampleSize: 1, maxRedTeamSuccess: 0.2 } })
    ).json();
    expect(checkOf(evaluation, "redTeamSuccess")).toMatchObject({ observed: 0.25, threshold: 0.2, n: 4, ok: false });
    expect(checkOf(evaluation, "redTeamSuccess").detail).toContain("1 errored or skipped not counted");
  });

  it("measures flakiness per scenario over its trials", async () => {
    await server.send([
      ...guardBatch(2, { batchId: "trials", setId: "flaky", scenarioId: "steady" }),
      ...guardBatch(1, { batchId: "trials", setId: "flaky", scenarioId: "wobbly" }),
      ...guardBatch(1, { batchId: "trials", setId: "flaky", scenarioId: "wobbly", outcome: "fail" }),
      ...guardBatch(1, { batchId: "trials", setId: "flaky", scenarioId: "once" }),
    ]);
    const evaluation: Json = await (
      await evaluate(server, { target: { batchId: "trials" }, policy: { minSampleSize: 1, maxFlakyShare: 0.25 } })
    ).json();
    expect(checkOf(evaluation, "flakyShare")).toMatchObject({ observed: 0.5, n: 2, ok: false });
  });

  it("refuses a bad inline policy naming the field, and answers 404 for unknown targets and policies", async () => {
    const invalid = await evaluate(server, { target: { batchId: "perfect" }, policy: { maxErrorShare: 1.5 } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: "validation_error", field: expect.stringMatching(/^policy/) });
    const nul = await evaluate(server, { target: { batchId: "perfect" }, policy: { criticalLabel: "a\u0000b" } });
    expect(nul.status).toBe(400);
    expect(await nul.json()).toMatchObject({ field: "policy.criticalLabel" });

    const missingBatch = await evaluate(server, { target: { batchId: "nope" }, policy: { maxErrorShare: 0 } });
    expect(missingBatch.status).toBe(404);
    expect(await missingBatch.json()).toMatchObject({ code: "not_found", detail: "no batch nope" });
    const missingSet = await evaluate(server, { target: { setId: "nope" }, policy: { maxErrorShare: 0 } });
    expect(missingSet.status).toBe(404);
    const missingPolicy = await evaluate(server, { target: { batchId: "perfect" }, policy: "nope" });
    expect(missingPolicy.status).toBe(404);
    expect(await missingPolicy.json()).toMatchObject({ detail: 'no guard policy named "nope"' });
  });

  it("keeps other tenants' batches and decisions out of reach", async () => {
    const other = (await server.services.keys.issue("other", { name: "other admin", role: "admin", scopes: [] })).secret;
    const response = await evaluate(server, { target: { batchId: "release-1" }, policy: { maxErrorShare: 0 } }, other);
    expect(response.status).toBe(404);
    expect((await server.read("/api/v1/guard/evaluations", other)).items).toEqual([]);
    const decision = (await server.read("/api/v1/guard/evaluations?limit=1")).items[0];
    expect((await server.get(`/api/v1/guard/evaluations/${decision.id}`, other)).status).toBe(404);
  });

  it("pages decisions newest first with a cursor", async () => {
    const first = await server.read("/api/v1/guard/evaluations?limit=2");
    expect(first.items).toHaveLength(2);
    const second = await server.read(`/api/v1/guard/evaluations?limit=2&cursor=${first.nextCursor}`);
    expect(second.items[0].evaluatedAt <= first.items[1].evaluatedAt).toBe(true);
    expect(second.items.map((item: Json) => item.id)).not.toContain(first.items[1].id);
    expect((await server.get("/api/v1/guard/evaluations?cursor=garbage")).status).toBe(400);
  });
});

describe("stored guard policies", () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await testApp();
    await server.send(guardBatch(12, { batchId: "b1", setId: "nightly" }));
  });
  afterAll(async () => server.close());

  it("are saved by admins in versions (audited with before and after) and evaluated by name", async () => {
    const saved = await server.request("PUT", "/api/v1/guard/policies/release", { passRate: { min: 0.5 }, minSampleSize: 5 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ name: "release", version: 1, policy: { passRate: { min: 0.5 } } });
    const changed: Json = await (
      await server.request("PUT", "/api/v1/guard/policies/release", { passRate: { min: 0.99 }, minSampleSize: 5 })
    ).json();
    expect(changed).toMatchObject({ version: 2, updatedBy: expect.any(String) });
    expect(await server.read("/api/v1/guard/policies/release")).toEqual(changed);
    expect((await server.read("/api/v1/guard/policies")).items.map((item: Json) => item.name)).toEqual(["release"]);

    const audit = await server.read("/api/v1/audit?limit=200");
    const entries = audit.items.filter((item: Json) => item.action === "guard.policy.saved");
    expect(entries.at(-1)).toMatchObject({
      targetType: "guard_policy",
      targetId: "release",
      details: { version: 2, before: { passRate: { min: 0.5 } }, after: { passRate: { min: 0.99 } } },
    });

    const evaluation: Json = await (
      await server.post("/api/v1/guard/evaluate", { target: { batchId: "b1" }, policy: "release" })
    ).json();
    // 12 of 12: Wilson lower bound 0.757 < 0.99
    expect(evaluation).toMatchObject({ decision: "fail", policyName: "release", policy: { passRate: { min: 0.99 } } });
  });

  it("may be read by a viewer and an evaluating key, but written only by admins", async () => {
    const viewer = (await server.services.keys.issue("default", { name: "viewer", role: "viewer", scopes: [] })).secret;
    const operator = (await server.services.keys.issue("default", { name: "operator", role: "operator", scopes: [] })).secret;
    const ci = (await server.services.keys.issue("default", { name: "ci", role: "api", scopes: ["guard:evaluate"] })).secret;
    for (const key of [viewer, operator, ci]) {
      expect((await server.request("PUT", "/api/v1/guard/policies/mine", { passRate: 0.5 }, key)).status).toBe(403);
      expect((await server.get("/api/v1/guard/policies/release", key)).status).toBe(200);
    }
    const evaluated = await server.post("/api/v1/guard/evaluate", { target: { batchId: "b1" }, policy: "release" }, ci);
    expect(evaluated.status).toBe(200);
    const reader = (await server.services.keys.issue("default", { name: "reader", role: "api", scopes: ["runs:read"] })).secret;
    expect((await server.post("/api/v1/guard/evaluate", { target: { batchId: "b1" }, policy: "release" }, reader)).status).toBe(
      403,
    );
  });

  it("refuses an invalid policy or name with the field", async () => {
    const bad = await server.request("PUT", "/api/v1/guard/policies/release", { passRate: 2 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "validation_error" });
    const empty = await server.request("PUT", "/api/v1/guard/policies/release", { name: "no checks" });
    expect(empty.status).toBe(400);
    const badName = await server.request("PUT", "/api/v1/guard/policies/-bad", { passRate: 0.5 });
    expect(badName.status).toBe(400);
  });
});
