import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardBatch } from "../../test-support/guard-runs.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const policy = { minSampleSize: 10, maxErrorShare: 0.5, maxRegressionPoints: 5 };

describe("promotions", () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await testApp();
    // "good": 20 of 20 pass; "worse": 17 of 20 (15 points down); "slightly": 19 of 20 (5 points down); "tiny": 2 runs
    await server.send(guardBatch(20, { batchId: "good", setId: "nightly", start: 1_760_000_000_000 }));
    await server.send([
      ...guardBatch(17, { batchId: "worse", setId: "nightly", start: 1_760_000_100_000 }),
      ...guardBatch(3, { batchId: "worse", setId: "nightly", start: 1_760_000_100_000, outcome: "fail" }),
    ]);
    await server.send([
      ...guardBatch(19, { batchId: "slightly", setId: "nightly", start: 1_760_000_200_000 }),
      ...guardBatch(1, { batchId: "slightly", setId: "nightly", start: 1_760_000_200_000, outcome: "fail" }),
    ]);
    await server.send(guardBatch(2, { batchId: "tiny", setId: "nightly", start: 1_760_000_300_000 }));
  });
  afterAll(async () => server.close());

  it("records a batch the guard passes, audited, and lists it", async () => {
    const response = await server.post("/api/v1/promotions", { batchId: "good", environment: "production", policy });
    expect(response.status).toBe(201);
    const body: Json = await response.json();
    expect(body).toMatchObject({
      promotion: { environment: "production", batchId: "good", setId: "nightly", promotedAt: expect.any(String) },
      evaluation: { decision: "pass", environment: "production" },
    });
    expect(body.promotion.guardEvaluationId).toBe(body.evaluation.id);
    // nothing was promoted before: nothing to regress from
    const regression = body.evaluation.checks.find((check: Json) => check.name === "regressionPoints");
    expect(regression).toMatchObject({ ok: true, observed: null });

    expect((await server.read("/api/v1/promotions?environment=production")).items).toEqual([body.promotion]);
    const audit = await server.read("/api/v1/audit?limit=200");
    expect(audit.items.map((entry: Json) => entry.action).slice(-2)).toEqual(["guard.evaluated", "promotion.created"]);
    expect(audit.items.at(-1)).toMatchObject({
      targetType: "batch",
      targetId: "good",
      details: { environment: "production", evaluationId: body.evaluation.id },
    });
  });

  it("refuses a batch that regressed against the promoted one (422 guard_failed) and records nothing", async () => {
    const response = await server.post("/api/v1/promotions", { batchId: "worse", environment: "production", policy });
    expect(response.status).toBe(422);
    const problem: Json = await response.json();
    expect(problem).toMatchObject({ code: "guard_failed", status: 422, detail: expect.stringContaining("regressionPoints") });
    expect(problem.evaluation).toMatchObject({ decision: "fail", evidence: { batchIds: ["worse", "good"] } });
    const regression = problem.evaluation.checks.find((check: Json) => check.name === "regressionPoints");
    expect(regression).toMatchObject({ observed: 15, threshold: 5, ok: false });
    const promoted = await server.read("/api/v1/promotions?environment=production");
    expect(promoted.items.map((item: Json) => item.batchId)).toEqual(["good"]);
    // the refusal is on the record
    const decisions = await server.read("/api/v1/guard/evaluations?batchId=worse&environment=production");
    expect(decisions.items.map((item: Json) => item.decision)).toEqual(["fail"]);
  });

  it("allows exactly the points allowed, and then compares with the newest promotion", async () => {
    const response = await server.post("/api/v1/promotions", { batchId: "slightly", environment: "production", policy });
    expect(response.status).toBe(201);
    const body: Json = await response.json();
    expect(body.evaluation.checks.find((check: Json) => check.name === "regressionPoints")).toMatchObject({
      observed: 5,
      ok: true,
    });
    // "worse" (85 %) is now 10 points below "slightly" (95 %), the newest promotion
    const again = await server.post("/api/v1/promotions", { batchId: "worse", environment: "production", policy });
    const regression = ((await again.json()) as Json).evaluation.checks.find((check: Json) => check.name === "regressionPoints");
    expect(regression).toMatchObject({ observed: 10 });
    // another environment has its own history
    expect((await server.post("/api/v1/promotions", { batchId: "worse", environment: "staging", policy })).status).toBe(201);
  });

  it("answers 409 guard_inconclusive for too small a sample, 404 for an unknown batch", async () => {
    const response = await server.post("/api/v1/promotions", { batchId: "tiny", environment: "production", policy });
    expect(response.status).toBe(409);
    const problem: Json = await response.json();
    expect(problem).toMatchObject({ code: "guard_inconclusive", evaluation: { decision: "inconclusive" } });
    expect(problem.detail).toContain("sampleSize");
    expect((await server.post("/api/v1/promotions", { batchId: "nope", environment: "production", policy })).status).toBe(404);
    const invalid = await server.post("/api/v1/promotions", { batchId: "good", environment: "prod env", policy });
    expect(invalid.status).toBe(400);
  });

  it("is an operator's act: viewers and evaluating keys may not promote, keys with runs:launch may", async () => {
    const issue = async (role: "viewer" | "operator" | "api", scopes: Array<"guard:evaluate" | "runs:launch">) =>
      (await server.services.keys.issue("default", { name: `${role} ${scopes.join(" ")}`, role, scopes })).secret;
    const body = { batchId: "good", environment: "canary", policy };
    expect((await server.post("/api/v1/promotions", body, await issue("viewer", []))).status).toBe(403);
    expect((await server.post("/api/v1/promotions", body, await issue("api", ["guard:evaluate"]))).status).toBe(403);
    expect((await server.post("/api/v1/promotions", body, await issue("operator", []))).status).toBe(201);
    expect((await server.post("/api/v1/promotions", body, await issue("api", ["runs:launch"]))).status).toBe(201);
    expect((await server.get("/api/v1/promotions", await issue("api", ["guard:evaluate"]))).status).toBe(200);
  });

  it("pages promotions newest first and keeps them to their tenant", async () => {
    const first = await server.read("/api/v1/promotions?limit=1");
    const second = await server.read(`/api/v1/promotions?limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0].promotedAt <= first.items[0].promotedAt).toBe(true);
    expect(`${second.items[0].environment}/${second.items[0].batchId}`).not.toBe(
      `${first.items[0].environment}/${first.items[0].batchId}`,
    );
    const other = (await server.services.keys.issue("other", { name: "other admin", role: "admin", scopes: [] })).secret;
    expect((await server.read("/api/v1/promotions", other)).items).toEqual([]);
    expect((await server.post("/api/v1/promotions", { batchId: "good", environment: "production", policy }, other)).status).toBe(
      404,
    );
  });
});
