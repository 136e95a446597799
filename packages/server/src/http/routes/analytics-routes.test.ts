import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../test-support/database.js";
import { type RunEventsOptions, runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { criteriaMatrixSchema, flakinessSchema, seriesSchema } from "../analytics-schemas.js";

const minute = 60_000;
const start = Date.parse("2026-11-01T10:00:00Z");
type Outcome = NonNullable<RunEventsOptions["outcome"]>;

/** The verdicts a scenario's run reports for its one criterion, by outcome. */
const criteria: Record<string, string> = {
  refund: "asks for the order number",
  greeting: "says hello",
  checkout: "confirms the total",
  login: "logs in",
};

/**
 * Set `shop`, four batches (oldest first), each run [scenario, outcome, duration]:
 *   b1: refund pass, refund pass, greeting fail, checkout pass
 *   b2: refund pass, refund FAIL, greeting pass, checkout pass
 *   b3: refund pass, refund pass, greeting fail, checkout error, login fail
 *   b4: refund pass, greeting pass, checkout skipped, login fail (no run reports a cost)
 */
const plan: Array<[batch: string, runs: Array<[string, Outcome, number]>]> = [
  [
    "b1",
    [
      ["refund", "pass", 100],
      ["refund", "pass", 200],
      ["greeting", "fail", 300],
      ["checkout", "pass", 400],
    ],
  ],
  [
    "b2",
    [
      ["refund", "pass", 100],
      ["refund", "fail", 100],
      ["greeting", "pass", 100],
      ["checkout", "pass", 100],
    ],
  ],
  [
    "b3",
    [
      ["refund", "pass", 10],
      ["refund", "pass", 20],
      ["greeting", "fail", 30],
      ["checkout", "error", 40],
      ["login", "fail", 50],
    ],
  ],
  [
    "b4",
    [
      ["refund", "pass", 1000],
      ["greeting", "pass", 3000],
      ["checkout", "skipped", 99_999],
      ["login", "fail", 2000],
    ],
  ],
];

function shopEvents() {
  return plan.flatMap(([batchId, runs], batchIndex) =>
    runs.flatMap(([scenarioId, outcome, durationMs], index) => {
      const criterion = criteria[scenarioId] as string;
      // an errored or skipped run judged nothing
      const judged = outcome === "pass" || outcome === "fail";
      return runEvents({
        runId: `${batchId}-${index}`,
        batchId,
        setId: "shop",
        scenarioId,
        name: `${scenarioId} scenario`,
        outcome,
        start: start + (batchIndex * 10 + index) * minute,
        durationMs,
        met: judged && outcome === "pass" ? [criterion] : [],
        unmet: judged && outcome === "fail" ? [criterion] : [],
        ...(batchId === "b4" ? { costUsd: null } : {}),
      });
    }),
  );
}

describe.each(engines())("a set's analytics (%s)", (engine) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await testApp(engine);
    await server.send(shopEvents());
    await server.send(runEvents({ runId: "theirs", batchId: "t1", setId: "shop", scenarioId: "refund" }), server.otherTenantKey);
  });
  afterAll(async () => server.close());

  it("gives the criteria matrix: scenario × criterion rows, failing rows first, cells of the batches that judged them", async () => {
    const matrix = criteriaMatrixSchema.parse(await server.read("/api/v1/sets/shop/criteria-matrix"));
    expect(matrix.batches.map((batch) => batch.batchId)).toEqual(["b1", "b2", "b3", "b4"]);
    expect(matrix.batches[0]?.startedAt).toBe(new Date(start).toISOString());
    expect(matrix).toMatchObject({ totalRows: 4, truncated: false });
    expect(matrix.rows.map((row) => [row.scenarioId, row.criterion])).toEqual([
      ["greeting", "says hello"],
      ["login", "logs in"],
      ["refund", "asks for the order number"],
      ["checkout", "confirms the total"],
    ]);
    const byScenario = Object.fromEntries(matrix.rows.map((row) => [row.scenarioId, row]));
    expect(byScenario.refund?.name).toBe("refund scenario");
    expect(byScenario.refund?.cells).toEqual([
      { batchId: "b1", met: 2, unmet: 0 },
      { batchId: "b2", met: 1, unmet: 1 },
      { batchId: "b3", met: 2, unmet: 0 },
      { batchId: "b4", met: 1, unmet: 0 },
    ]);
    // the errored and the skipped checkout judged nothing: no cells for b3 and b4
    expect(byScenario.checkout?.cells).toEqual([
      { batchId: "b1", met: 1, unmet: 0 },
      { batchId: "b2", met: 1, unmet: 0 },
    ]);
    const recent = criteriaMatrixSchema.parse(await server.read("/api/v1/sets/shop/criteria-matrix?batches=2"));
    expect(recent.batches.map((batch) => batch.batchId)).toEqual(["b3", "b4"]);
    // checkout judged nothing in b3 and b4, so it has no row; refund was met throughout, so it comes last
    expect(recent.rows.map((row) => row.scenarioId)).toEqual(["greeting", "login", "refund"]);
  });

  it("gives flakiness: pass^k and flaky scenarios per batch, flips and the first failing batch per scenario", async () => {
    const flakiness = flakinessSchema.parse(await server.read("/api/v1/sets/shop/flakiness"));
    expect(flakiness.batches).toEqual([
      {
        batchId: "b1",
        startedAt: new Date(start).toISOString(),
        scenarios: 3,
        passAllTrials: 2 / 3,
        flakyScenarios: 0,
        trialsPerScenario: 2,
      },
      {
        batchId: "b2",
        startedAt: new Date(start + 10 * minute).toISOString(),
        scenarios: 3,
        passAllTrials: 2 / 3,
        flakyScenarios: 1,
        trialsPerScenario: 2,
      },
      {
        batchId: "b3",
        startedAt: new Date(start + 20 * minute).toISOString(),
        scenarios: 4,
        passAllTrials: 1 / 4,
        flakyScenarios: 0,
        trialsPerScenario: 2,
      },
      // the skipped checkout did not settle: three scenarios
      {
        batchId: "b4",
        startedAt: new Date(start + 30 * minute).toISOString(),
        scenarios: 3,
        passAllTrials: 2 / 3,
        flakyScenarios: 0,
        trialsPerScenario: 1,
      },
    ]);
    // refund: P P | P F | P P | P → 2 flips; greeting: F | P | F | P → 3; checkout: P | P | E → 1; login: F | F → 0
    expect(flakiness.scenarios).toEqual([
      {
        scenarioId: "greeting",
        name: "greeting scenario",
        runs: 4,
        passes: 2,
        passRate: 0.5,
        flips: 3,
        firstFailingBatchId: "b1",
      },
      { scenarioId: "refund", name: "refund scenario", runs: 7, passes: 6, passRate: 6 / 7, flips: 2, firstFailingBatchId: "b2" },
      {
        scenarioId: "checkout",
        name: "checkout scenario",
        runs: 3,
        passes: 2,
        passRate: 2 / 3,
        flips: 1,
        firstFailingBatchId: "b3",
      },
      { scenarioId: "login", name: "login scenario", runs: 2, passes: 0, passRate: 0, flips: 0, firstFailingBatchId: "b3" },
    ]);
    expect(flakiness).toMatchObject({ totalScenarios: 4, truncated: false });
    const recent = flakinessSchema.parse(await server.read("/api/v1/sets/shop/flakiness?batches=2"));
    // over b3 and b4: greeting F P flips once; then by failures: login (2), checkout (1), refund (0)
    expect(recent.scenarios.map((scenario) => [scenario.scenarioId, scenario.flips])).toEqual([
      ["greeting", 1],
      ["login", 0],
      ["checkout", 0],
      ["refund", 0],
    ]);
  });

  it("gives the series: pass rate, run-duration percentiles from the database, cost and turns per batch", async () => {
    const series = seriesSchema.parse(await server.read("/api/v1/sets/shop/series"));
    expect(series.batches.map((batch) => batch.batchId)).toEqual(["b1", "b2", "b3", "b4"]);
    const [b1, , b3, b4] = series.batches as Json[];
    // percentile_cont over 100, 200, 300, 400: the median interpolates to 250, p95 to 300 + 0.85 × 100
    expect(b1).toMatchObject({ runs: 4, passRate: 0.75, durationP50Ms: 250, avgTurns: 1 });
    expect(b1.durationP95Ms).toBeCloseTo(385);
    expect(b1.costUsd).toBeCloseTo(0.0048);
    expect(b3).toMatchObject({ runs: 5, passRate: 0.4, durationP50Ms: 30 });
    // the skipped run's duration is not a run's: p95 of 1000, 2000, 3000; no run reported a cost
    expect(b4).toMatchObject({ runs: 4, passRate: 2 / 3, durationP50Ms: 2000, costUsd: null });
    expect(b4.durationP95Ms).toBeCloseTo(2900);
    const last = seriesSchema.parse(await server.read("/api/v1/sets/shop/series?batches=1"));
    expect(last.batches.map((batch) => batch.batchId)).toEqual(["b4"]);
  });

  it("answers 404 for an unknown set and for another tenant's, and sees only the caller's tenant", async () => {
    for (const route of ["criteria-matrix", "flakiness", "series"]) {
      const unknown = await server.get(`/api/v1/sets/nope/${route}`);
      expect(unknown.status, route).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: "not_found", detail: "no set nope" });
      expect((await server.get(`/api/v1/sets/shop/${route}`, server.otherTenantKey)).status, route).toBe(200);
    }
    const theirs = await server.read("/api/v1/sets/shop/series", server.otherTenantKey);
    expect(theirs.batches.map((batch: Json) => batch.batchId)).toEqual(["t1"]);
  });

  it("refuses a window out of bounds, naming the field", async () => {
    for (const path of [
      "/api/v1/sets/shop/criteria-matrix?batches=51",
      "/api/v1/sets/shop/flakiness?batches=0",
      "/api/v1/sets/shop/series?batches=201",
      "/api/v1/sets/shop/series?batches=many",
    ]) {
      const response = await server.get(path);
      expect(response.status, path).toBe(400);
      expect(await response.json()).toMatchObject({ code: "validation_error", field: "batches" });
    }
  });

  it("caps the matrix and the scenario list, and says so", async () => {
    const wide = Array.from({ length: 501 }, (_, index) => `criterion ${String(index).padStart(3, "0")}`);
    const events = [
      ...runEvents({ runId: "wide-0", batchId: "w1", setId: "wide", scenarioId: "s-000", messages: [], met: wide }),
      ...Array.from({ length: 500 }, (_, index) =>
        runEvents({
          runId: `wide-${index + 1}`,
          batchId: "w1",
          setId: "wide",
          scenarioId: `s-${String(index + 1).padStart(3, "0")}`,
          messages: [],
          outcome: index % 2 === 0 ? "pass" : "fail",
        }),
      ).flat(),
    ];
    for (let from = 0; from < events.length; from += 1_000) await server.send(events.slice(from, from + 1_000));
    const matrix = criteriaMatrixSchema.parse(await server.read("/api/v1/sets/wide/criteria-matrix"));
    expect(matrix).toMatchObject({ totalRows: 1_001, truncated: true });
    expect(matrix.rows).toHaveLength(500);
    const flakiness = flakinessSchema.parse(await server.read("/api/v1/sets/wide/flakiness"));
    expect(flakiness).toMatchObject({ totalScenarios: 501, truncated: true });
    expect(flakiness.scenarios).toHaveLength(500);
    // failures before passes when nothing flipped
    expect(flakiness.scenarios[0]?.passes).toBe(0);
  });
});
