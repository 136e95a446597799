import { describe, expect, it } from "vitest";
import { BUILT_IN_COLUMNS, columnById, csvColumns, metadataKeys, visibleColumns } from "./batch-columns";
import { countRows, defaultPresentation, filterRows, labelsOf, passRateOf, sortRows, statusTally } from "./batch-rows";
import { runRow } from "./run-row-fixture";

const column = (id: string) => columnById(id)!;
const ids = (rows: Array<{ runId: string }>) => rows.map((row) => row.runId);

const rows = [
  runRow({ runId: "p1", status: "pass", durationMs: 300, name: "Alpha" }),
  runRow({ runId: "f1", status: "fail", durationMs: 900, name: "Beta", labels: ["slow"] }),
  runRow({ runId: "r1", status: null, state: "running", durationMs: null, name: "Gamma" }),
  runRow({ runId: "e1", status: "error", durationMs: 100, name: "Delta", labels: ["flaky", "slow"] }),
  runRow({ runId: "s1", status: "skipped", durationMs: 0, name: "Epsilon" }),
  runRow({ runId: "t1", status: null, state: "stalled", durationMs: null, name: "Zeta" }),
];

describe("sortRows", () => {
  it("puts failures first by default: error, fail, stalled, running, skipped, pass", () => {
    expect(ids(sortRows(rows, column("status"), "asc"))).toEqual(["e1", "f1", "t1", "r1", "s1", "p1"]);
  });

  it("breaks ties failure-first, then by scenario name", () => {
    const tied = [
      runRow({ runId: "b", status: "pass", name: "B", durationMs: 5 }),
      runRow({ runId: "a", status: "pass", name: "A", durationMs: 5 }),
      runRow({ runId: "x", status: "fail", name: "Z", durationMs: 5 }),
    ];
    expect(ids(sortRows(tied, column("duration"), "desc"))).toEqual(["x", "a", "b"]);
  });

  it("sorts numbers as numbers both ways, runs without a value last either way", () => {
    expect(ids(sortRows(rows, column("duration"), "desc"))).toEqual(["f1", "p1", "e1", "s1", "t1", "r1"]);
    expect(ids(sortRows(rows, column("duration"), "asc"))).toEqual(["s1", "e1", "p1", "f1", "t1", "r1"]);
  });

  it("sorts text naturally and by metadata values", () => {
    const named = [runRow({ runId: "a", name: "run 10" }), runRow({ runId: "b", name: "run 9" })];
    expect(ids(sortRows(named, column("scenario"), "asc"))).toEqual(["b", "a"]);
    const tagged = [
      runRow({ runId: "a", metadata: { model: "gpt" } }),
      runRow({ runId: "b", metadata: {} }),
      runRow({ runId: "c", metadata: { model: "claude" } }),
    ];
    expect(ids(sortRows(tagged, column("metadata.model"), "asc"))).toEqual(["c", "a", "b"]);
  });

  it("does not change its input", () => {
    const copy = [...rows];
    sortRows(rows, column("duration"), "asc");
    expect(rows).toEqual(copy);
  });
});

describe("filterRows", () => {
  it("keeps the picked statuses (badge statuses: running and stalled included)", () => {
    expect(ids(filterRows(rows, { statuses: ["fail", "error"], query: "", label: "" }))).toEqual(["f1", "e1"]);
    expect(ids(filterRows(rows, { statuses: ["stalled"], query: "", label: "" }))).toEqual(["t1"]);
  });

  it("finds text in the name, scenario id, run id and labels, any case", () => {
    expect(ids(filterRows(rows, { statuses: [], query: "gAmMa", label: "" }))).toEqual(["r1"]);
    expect(ids(filterRows(rows, { statuses: [], query: "scenario-p1", label: "" }))).toEqual(["p1"]);
    expect(ids(filterRows(rows, { statuses: [], query: "flaky", label: "" }))).toEqual(["e1"]);
  });

  it("keeps runs with the label, and combines filters", () => {
    expect(ids(filterRows(rows, { statuses: [], query: "", label: "slow" }))).toEqual(["f1", "e1"]);
    expect(ids(filterRows(rows, { statuses: ["error"], query: "", label: "slow" }))).toEqual(["e1"]);
    expect(filterRows(rows, { statuses: [], query: "", label: "" })).toHaveLength(rows.length);
  });
});

describe("counts and pass rate", () => {
  it("derives the counts from the runs as the server does", () => {
    expect(countRows(rows)).toEqual({
      total: 6,
      running: 1,
      stalled: 1,
      queued: 0,
      finished: 4,
      cancelled: 0,
      pass: 1,
      fail: 1,
      error: 1,
      skipped: 1,
    });
  });

  it("counts launched runs waiting for a worker, and interrupted ones waiting for their next attempt, as queued", () => {
    const waiting = [
      runRow({ runId: "q", status: null, state: "queued" }),
      runRow({ runId: "i", status: null, state: "interrupted" }),
      runRow({ runId: "r", status: null, state: "running" }),
    ];
    expect(countRows(waiting)).toMatchObject({ total: 3, queued: 2, running: 1, finished: 0 });
  });

  it("is passed ÷ settled (skipped aside), and no data rather than 0 % when nothing settled", () => {
    expect(passRateOf(countRows(rows))).toBeCloseTo(1 / 3);
    expect(passRateOf(countRows([runRow({ runId: "s", status: "skipped" })]))).toBeNull();
    expect(passRateOf(countRows([]))).toBeNull();
    expect(passRateOf(countRows([runRow({ runId: "f", status: "fail" })]))).toBe(0);
  });

  it("opens a small running batch as a grid, anything else as a table", () => {
    expect(defaultPresentation({ total: 10, running: 2 })).toBe("grid");
    expect(defaultPresentation({ total: 60, running: 1 })).toBe("grid");
    expect(defaultPresentation({ total: 61, running: 1 })).toBe("table");
    expect(defaultPresentation({ total: 10, running: 0 })).toBe("table");
  });

  it("tallies badge statuses and lists labels", () => {
    expect(statusTally(rows).get("stalled")).toBe(1);
    expect(labelsOf(rows)).toEqual(["flaky", "slow"]);
  });
});

describe("columns", () => {
  it("shows the standard columns, attempt only when a run was retried, picked ones after", () => {
    const standard = visibleColumns([], rows).map((entry) => entry.id);
    expect(standard).toEqual([
      "status",
      "scenario",
      "duration",
      "turns",
      "cost",
      "unmet",
      "injections",
      "tool-errors",
      "pii-leaks",
      "labels",
    ]);
    const retried = [...rows, runRow({ runId: "again", attempt: 2 })];
    expect(visibleColumns([], retried).map((entry) => entry.id)).toContain("attempt");
    expect(
      visibleColumns(["metadata.model", "seed", "status", "nonsense"], rows)
        .map((entry) => entry.id)
        .slice(-2),
    ).toEqual(["metadata.model", "seed"]);
  });

  it("finds metadata keys on the rows", () => {
    const tagged = [
      runRow({ runId: "a", metadata: { model: "x", region: "eu" } }),
      runRow({ runId: "b", metadata: { tier: 1, "a,b": 2 } }),
    ];
    expect(metadataKeys(tagged)).toEqual(["model", "region", "tier"]);
  });

  it("exports every built-in column and the picked metadata ones", () => {
    const headers = csvColumns(["metadata.model", "seed"]).map((entry) => entry.csvHeader);
    expect(headers.slice(0, 4)).toEqual(["run_id", "scenario_id", "status", "state"]);
    expect(headers).toContain("duration_ms");
    expect(headers).toContain("seed");
    expect(headers.at(-1)).toBe("metadata.model");
    expect(headers).toHaveLength(BUILT_IN_COLUMNS.length + 4);
  });
});
