import { describe, expect, it } from "vitest";
import { queueEntries, WORKER_BADGES, workersSummary } from "./workers-model";

describe("worker states", () => {
  it("colour alive as passing, lost as failing and stopped as neutral", () => {
    expect(WORKER_BADGES).toEqual({ alive: "pass", stopped: "skipped", lost: "fail" });
  });

  it("sum up the fleet in words, lost workers named first", () => {
    expect(workersSummary([])).toBe("No worker has sent a heartbeat in the last 24 hours.");
    expect(workersSummary([{ state: "alive" }])).toBe("1 worker: 1 alive.");
    expect(workersSummary([{ state: "alive" }, { state: "lost" }, { state: "stopped" }, { state: "alive" }])).toBe(
      "4 workers: 1 lost, 2 alive, 1 stopped.",
    );
  });
});

describe("queue counts", () => {
  it("list the states jobs pass through in order, unknown ones after them by name", () => {
    expect(queueEntries({ completed: 5, failed: 1, zeta: 2, waiting: 3, active: 2, delayed: 0, alpha: 1 })).toEqual([
      ["waiting", 3],
      ["delayed", 0],
      ["active", 2],
      ["completed", 5],
      ["failed", 1],
      ["alpha", 1],
      ["zeta", 2],
    ]);
    expect(queueEntries({})).toEqual([]);
  });
});
