import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { anomalyRows, driftSummary, seriesChart, zText } from "./anomaly-model";

type Series = Schemas["AnomalySeries"];
type Point = Series["points"][number];

const baseline = (median: number) => ({ count: 5, median, mad: 50, scale: 74.13, basis: "mad" as const });
const point = (batchId: string, value: number | null, extra: Partial<Point> = {}): Point => ({
  batchId,
  startedAt: "2026-11-02T02:00:00.000Z",
  runs: 1,
  value,
  baseline: null,
  score: null,
  anomalous: false,
  direction: null,
  ...extra,
});

describe("zText", () => {
  it("signs the score and keeps one decimal", () => {
    expect(zText(6.7449)).toBe("+6.7");
    expect(zText(-4.047)).toBe("−4.0");
    expect(zText(0)).toBe("0.0");
    expect(zText(null)).toBe("—");
  });
});

describe("anomalyRows", () => {
  it("reads each stored anomaly as scenario, run (its start, else its id), observed against median, and z", () => {
    const rows = anomalyRows([
      {
        id: "a1",
        runId: "run-n11",
        batchId: "n11",
        setId: "nightly",
        scenarioId: "refund",
        name: "refund scenario",
        metric: "duration",
        observed: 2000,
        median: 1000,
        mad: 100,
        score: 6.745,
        direction: "above",
        runStartedAt: "2026-11-02T03:40:00.000Z",
        detectedAt: "2026-11-02T04:00:00.000Z",
        acknowledgedAt: null,
      },
      {
        id: "a2",
        runId: "run-x",
        batchId: "x",
        setId: "nightly",
        scenarioId: "login",
        name: null,
        metric: "duration",
        observed: 120,
        median: 900,
        mad: 40,
        score: -13.2,
        direction: "below",
        runStartedAt: null,
        detectedAt: "2026-11-02T03:00:00.000Z",
        acknowledgedAt: null,
      },
    ]);
    expect(rows).toEqual([
      {
        id: "a1",
        runId: "run-n11",
        runLabel: "2026-11-02 03:40:00 UTC",
        batchId: "n11",
        scenario: "refund scenario",
        scenarioId: "refund",
        observed: "2.00 s",
        median: "1.00 s",
        ratio: "2.0× the median",
        score: "+6.7",
        direction: "above",
      },
      {
        id: "a2",
        runId: "run-x",
        runLabel: "run-x",
        batchId: "x",
        scenario: "login",
        scenarioId: "login",
        observed: "120 ms",
        median: "900 ms",
        ratio: "0.13× the median",
        score: "−13.2",
        direction: "below",
      },
    ]);
  });
});

describe("seriesChart", () => {
  it("gives the p95 line, the baseline median line and the flagged points only", () => {
    const chart = seriesChart({
      setId: "nightly",
      metric: "duration_p95",
      threshold: 3.5,
      baseline: 5,
      drift: null,
      points: [
        point("n01", 800),
        point("n02", 1000, { baseline: baseline(900), score: 1.3 }),
        point("n03", null, { baseline: baseline(950) }),
        point("n04", 2000, { baseline: baseline(1000), score: 13.5, anomalous: true, direction: "above" }),
      ],
    });
    expect(chart.labels).toEqual(["1 · n01", "2 · n02", "3 · n03", "4 · n04"]);
    expect(chart.values).toEqual([800, 1000, null, 2000]);
    expect(chart.baseline).toEqual([null, 900, 950, 1000]);
    expect(chart.flagged).toEqual([null, null, null, 2000]);
    expect(chart.flaggedBatches).toEqual([{ batchId: "n04", label: "4 · n04", score: "+13.5" }]);
  });
});

describe("driftSummary", () => {
  it("says how the recent batches compare with the ones before", () => {
    const drift = {
      recent: { count: 5, median: 1150 },
      previous: { count: 5, median: 1000 },
      change: 150,
      relativeChange: 0.15,
      score: 2.02,
      drifted: false,
      direction: null,
    };
    expect(driftSummary(drift)).toBe("Last 5 batches: median p95 1.15 s, up 15% from 1.00 s in the 5 before (robust z +2.0).");
    expect(driftSummary({ ...drift, change: -150, relativeChange: -0.15, recent: { count: 5, median: 850 }, score: -2 })).toBe(
      "Last 5 batches: median p95 850 ms, down 15% from 1.00 s in the 5 before (robust z −2.0).",
    );
    expect(driftSummary({ ...drift, change: 0, relativeChange: 0, recent: { count: 5, median: 1000 }, score: 0 })).toBe(
      "Last 5 batches: median p95 1.00 s, unchanged from 1.00 s in the 5 before (robust z 0.0).",
    );
    expect(driftSummary(null)).toBeNull();
  });
});
