import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationEvent } from "../../services/notification-event.js";
import { MAD_TO_SIGMA } from "../../services/robust-score.js";
import { engines } from "../../test-support/database.js";
import { runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { anomalySeriesSchema, latencyAnomaliesSchema } from "../anomaly-schemas.js";

const minute = 60_000;
const start = Date.parse("2026-11-02T02:00:00Z");

/**
 * Set `nightly`, one `refund` run per batch n01…n12 (oldest first), durations in ms:
 *   n01–n10: 800 1200 900 1100 1000 950 1050 1000 850 1150 (median 1000, MAD 100)
 *   n11: 2000 → z = (2000 − 1000) / (1.4826 × 100) = 6.745: a duration anomaly
 *   n12: 1400, failed, cost 0.01 → against n02–n11 (median 1025, MAD 100) z = 2.529: no
 *        duration anomaly; every earlier run cost 0.0012 (MAD 0, the floor 5 % × 0.0012),
 *        so z = 0.0088 / 0.00006 = 146.667: a cost anomaly
 */
const durations = [800, 1200, 900, 1100, 1000, 950, 1050, 1000, 850, 1150, 2000, 1400];
const batchId = (index: number) => `n${String(index + 1).padStart(2, "0")}`;

function nightly(from: number, to: number) {
  return durations.slice(from, to).flatMap((durationMs, offset) => {
    const index = from + offset;
    return runEvents({
      runId: `run-${batchId(index)}`,
      batchId: batchId(index),
      setId: "nightly",
      scenarioId: "refund",
      name: "refund scenario",
      start: start + index * 10 * minute,
      durationMs,
      outcome: index === 11 ? "fail" : "pass",
      ...(index === 11 ? { costUsd: 0.01 } : {}),
    });
  });
}

describe.each(engines())("anomaly analytics (%s)", (engine) => {
  let server: TestApp;
  const notified: NotificationEvent[] = [];

  beforeAll(async () => {
    server = await testApp(engine, { notify: async (event) => void notified.push(event) });
    // one request per batch, through the real ingest path; detection runs after each flush
    for (let index = 0; index < durations.length; index++) await server.send(nightly(index, index + 1));
    await server.send(
      runEvents({ runId: "theirs", batchId: "t1", setId: "nightly", scenarioId: "refund", durationMs: 99_999 }),
      server.otherTenantKey,
    );
    await server.services.anomalies.settled();
  });
  afterAll(async () => server.close());

  it("stores the slow run's duration anomaly when it finishes, with the median and MAD of the runs before it", async () => {
    const body = latencyAnomaliesSchema.parse(await server.read("/api/v1/analytics/anomalies/latency?setId=nightly"));
    expect(body).toMatchObject({ metric: "duration", window: 30, threshold: 3.5, totalAnomalies: 1, anomaliesTruncated: false });
    expect(body.anomalies).toHaveLength(1);
    const [anomaly] = body.anomalies as Json[];
    expect(anomaly).toMatchObject({
      runId: "run-n11",
      batchId: "n11",
      setId: "nightly",
      scenarioId: "refund",
      name: "refund scenario",
      metric: "duration",
      observed: 2000,
      median: 1000,
      mad: 100,
      direction: "above",
      acknowledgedAt: null,
    });
    expect(anomaly.score).toBeCloseTo(1000 / (MAD_TO_SIGMA * 100), 3);
    expect(anomaly.runStartedAt).toBe(new Date(start + 10 * 10 * minute).toISOString());
  });

  it("recomputes each scenario's median and MAD over the window asked, and scores its newest run", async () => {
    const all = latencyAnomaliesSchema.parse(await server.read("/api/v1/analytics/anomalies/latency?setId=nightly"));
    expect(all.scenarios).toHaveLength(1);
    const [refund] = all.scenarios as Json[];
    // all 12: sorted … 1000 1050 … → median 1025; deviations → MAD 125
    expect(refund).toMatchObject({ scenarioId: "refund", name: "refund scenario", runs: 12 });
    expect(refund.baseline).toMatchObject({ count: 12, median: 1025, mad: 125, basis: "mad" });
    // the newest (1400) against the 11 before it: median 1000, MAD 100
    expect(refund.latest).toMatchObject({ runId: "run-n12", durationMs: 1400, anomalous: false });
    expect(refund.latest.score).toBeCloseTo(400 / (MAD_TO_SIGMA * 100), 6);
    const last10 = latencyAnomaliesSchema.parse(await server.read("/api/v1/analytics/anomalies/latency?setId=nightly&window=10"));
    // n03–n12: median 1025, MAD 100; the newest against n02–n11, as on ingest
    expect(last10.scenarios[0]?.baseline).toMatchObject({ count: 10, median: 1025, mad: 100 });
    expect(last10.scenarios[0]?.runs).toBe(10);
    expect(last10.scenarios[0]?.latest?.score).toBeCloseTo(375 / (MAD_TO_SIGMA * 100), 6);
  });

  it("stores cost anomalies beside them, and a higher threshold or another scenario lists fewer", async () => {
    const cost = latencyAnomaliesSchema.parse(await server.read("/api/v1/analytics/anomalies/latency?setId=nightly&metric=cost"));
    expect(cost.anomalies.map((anomaly) => [anomaly.runId, anomaly.metric])).toEqual([["run-n12", "cost"]]);
    expect(cost.anomalies[0]?.score).toBeCloseTo(0.0088 / 0.00006, 2);
    expect(cost.anomalies[0]?.median).toBeCloseTo(0.0012, 6);
    const strict = await server.read("/api/v1/analytics/anomalies/latency?setId=nightly&threshold=7");
    expect(strict.anomalies).toEqual([]);
    const byScenario = await server.read("/api/v1/analytics/anomalies/latency?scenarioId=refund");
    expect(byScenario.anomalies.map((anomaly: Json) => anomaly.runId)).toEqual(["run-n11"]);
    const limited = latencyAnomaliesSchema.parse(
      await server.read("/api/v1/analytics/anomalies/latency?setId=nightly&metric=cost&limit=1"),
    );
    expect(limited).toMatchObject({ totalAnomalies: 1, anomaliesTruncated: false });
  });

  it("notifies once per stored anomaly, deduplicated by run and metric, and stores each once", async () => {
    expect(notified.map((event) => event.dedupeKey).sort()).toEqual([
      "anomaly.detected:run-n11:duration",
      "anomaly.detected:run-n12:cost",
    ]);
    const slow = notified.find((event) => event.dedupeKey.endsWith("duration"));
    expect(slow).toMatchObject({ tenantId: "default", trigger: "anomaly.detected", path: "/runs/run-n11" });
    expect(slow?.title).toMatch(/^refund scenario: run slower than usual \(robust z 6\.7\)$/);
    expect(slow?.details).toMatchObject({ runId: "run-n11", metric: "duration", observed: 2000, median: 1000, mad: 100 });
    // the same finished runs again: scored again, stored and notified never twice
    const result = {
      inserted: [],
      stored: [],
      projection: { runs: [], messages: [], criteria: [], batches: [], sets: [], scenarios: [] },
    };
    const finished = (id: string) => ({ tenantId: "default", id, state: "finished", status: "pass" }) as never;
    server.services.anomalies.committed({
      ...result,
      projection: { ...result.projection, runs: [finished("run-n11"), finished("run-n12")] },
    });
    await server.services.anomalies.settled();
    expect(notified).toHaveLength(2);
    const again = await server.read("/api/v1/analytics/anomalies/latency?setId=nightly");
    expect(again.totalAnomalies).toBe(1);
  });

  it("exports every score in a histogram labelled by metric only", async () => {
    const { body } = await server.services.metrics.text();
    // runs n11 and n12 had 10 runs before them: two duration scores, two cost scores, for this tenant
    expect(body).toMatch(/rehearse_anomaly_score_count\{metric="duration"\} [24]\b/);
    expect(body).toMatch(/rehearse_anomalies_detected_total\{metric="duration"\} 1\b/);
    expect(body).toMatch(/rehearse_anomalies_detected_total\{metric="cost"\} 1\b/);
    expect(body).not.toMatch(/rehearse_anomal\w+\{[^}]*(run|scenario|set|tenant)/);
  });

  it("gives the p95 series against the trailing baseline, flags the slow batch, and the drift", async () => {
    const series = anomalySeriesSchema.parse(await server.read("/api/v1/analytics/anomalies/series?setId=nightly&baseline=5"));
    expect(series).toMatchObject({ setId: "nightly", metric: "duration_p95", baseline: 5, threshold: 3.5 });
    expect(series.points.map((point) => point.batchId)).toEqual(durations.map((_, index) => batchId(index)));
    expect(series.points.map((point) => point.value)).toEqual(durations);
    // fewer than five batches before: no baseline
    expect(series.points.slice(0, 5).every((point) => point.baseline === null && point.score === null)).toBe(true);
    // n11 against n06–n10 (950 1050 1000 850 1150): median 1000, MAD 50 → z = 1000 / 74.13
    const n11 = series.points[10] as Json;
    expect(n11.baseline).toMatchObject({ count: 5, median: 1000, mad: 50, basis: "mad" });
    expect(n11).toMatchObject({ anomalous: true, direction: "above" });
    expect(n11.score).toBeCloseTo(1000 / (MAD_TO_SIGMA * 50), 6);
    expect(series.points.filter((point) => point.anomalous).map((point) => point.batchId)).toEqual(["n11"]);
    // the last five (median 1150) against the five before (median 1000, MAD 50): +15 %, z 2.02
    expect(series.drift).toMatchObject({ recent: { count: 5, median: 1150 }, previous: { count: 5, median: 1000 }, change: 150 });
    expect(series.drift?.relativeChange).toBeCloseTo(0.15, 10);
    expect(series.drift).toMatchObject({ drifted: false, direction: null });
    // the window keeps the newest batches, each still with its baseline from the batches before
    const recent = anomalySeriesSchema.parse(
      await server.read("/api/v1/analytics/anomalies/series?setId=nightly&baseline=5&window=2"),
    );
    expect(recent.points.map((point) => [point.batchId, point.anomalous])).toEqual([
      ["n11", true],
      ["n12", false],
    ]);
  });

  it("gives the pass-rate and cost series: the failing batch and the expensive one stand out", async () => {
    const passRate = anomalySeriesSchema.parse(
      await server.read("/api/v1/analytics/anomalies/series?setId=nightly&metric=pass_rate&baseline=5"),
    );
    // always 100 % before: MAD 0, the floor 5 % of 1 → (0 − 1) / 0.05 = −20
    expect(passRate.points.at(-1)).toMatchObject({ value: 0, score: -20, anomalous: true, direction: "below" });
    expect(passRate.points.at(-1)?.baseline).toMatchObject({ median: 1, mad: 0, scale: 0.05, basis: "floor" });
    const cost = anomalySeriesSchema.parse(await server.read("/api/v1/analytics/anomalies/series?setId=nightly&metric=cost"));
    expect(cost.points.filter((point) => point.anomalous).map((point) => point.batchId)).toEqual(["n12"]);
  });

  it("answers the seed-004 paths with the same bodies", async () => {
    for (const path of ["latency?setId=nightly&window=10", "series?setId=nightly&metric=pass_rate"]) {
      const canonical = await server.read(`/api/v1/analytics/anomalies/${path}`);
      expect(await server.read(`/analytics/anomalies/${path}`), path).toEqual(canonical);
    }
  });

  it("answers 404 for an unknown set or scenario and for another tenant's, and sees only the caller's tenant", async () => {
    for (const path of [
      "/api/v1/analytics/anomalies/latency?setId=nope",
      "/api/v1/analytics/anomalies/latency?scenarioId=nope",
      "/api/v1/analytics/anomalies/series?setId=nope",
    ]) {
      const response = await server.get(path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ code: "not_found" });
    }
    const theirs = await server.read("/api/v1/analytics/anomalies/latency?setId=nightly", server.otherTenantKey);
    expect(theirs.anomalies).toEqual([]);
    expect(theirs.scenarios.map((scenario: Json) => scenario.latest.runId)).toEqual(["theirs"]);
    const tenantWide = await server.read("/api/v1/analytics/anomalies/latency");
    expect(tenantWide.anomalies.map((anomaly: Json) => anomaly.runId)).toEqual(["run-n11"]);
  });

  it("refuses parameters out of bounds, naming the field", async () => {
    for (const [path, field] of [
      ["/api/v1/analytics/anomalies/latency?window=9", "window"],
      ["/api/v1/analytics/anomalies/latency?window=201", "window"],
      ["/api/v1/analytics/anomalies/latency?threshold=0", "threshold"],
      ["/api/v1/analytics/anomalies/latency?limit=501", "limit"],
      ["/api/v1/analytics/anomalies/latency?metric=turns", "metric"],
      ["/api/v1/analytics/anomalies/series", "setId"],
      ["/api/v1/analytics/anomalies/series?setId=nightly&baseline=4", "baseline"],
      ["/analytics/anomalies/series?setId=nightly&metric=p99", "metric"],
    ] as const) {
      const response = await server.get(path);
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toMatchObject({ code: "validation_error", field });
    }
  });
});
