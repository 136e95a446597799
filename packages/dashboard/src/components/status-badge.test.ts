import { describe, expect, it } from "vitest";
import { batchBadge, runBadge, STATUS_ORDER } from "./status-badge";

const counts = { pass: 0, fail: 0, error: 0, running: 0, skipped: 0 };

describe("status badges", () => {
  it("give a batch its worst settled outcome, running while runs run, and skipped when nothing else happened", () => {
    expect(batchBadge({ ...counts, pass: 3, fail: 1, error: 1 })).toBe("error");
    expect(batchBadge({ ...counts, pass: 3, fail: 1 })).toBe("fail");
    expect(batchBadge({ ...counts, pass: 3, running: 1 })).toBe("running");
    expect(batchBadge({ ...counts, pass: 3, skipped: 2 })).toBe("pass");
    expect(batchBadge({ ...counts, skipped: 2 })).toBe("skipped");
    expect(batchBadge(counts)).toBe("none");
  });

  it("give a run its outcome once settled, else its lifecycle, and order failures first", () => {
    expect(runBadge({ status: "fail", state: "finished" })).toBe("fail");
    expect(runBadge({ status: null, state: "running" })).toBe("running");
    expect(runBadge({ status: null, state: "finished" })).toBe("none");
    expect(runBadge({ status: null, state: "queued" })).toBe("queued");
    // interrupted: the worker died; the run waits for its next attempt
    expect(runBadge({ status: null, state: "interrupted" })).toBe("queued");
    expect(runBadge({ status: "error", state: "cancelled" })).toBe("error");
    const order = (["pass", "fail", "running", "error", "skipped", "stalled"] as const).toSorted(
      (left, right) => STATUS_ORDER[left] - STATUS_ORDER[right],
    );
    expect(order).toEqual(["error", "fail", "stalled", "running", "skipped", "pass"]);
  });
});
