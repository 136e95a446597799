import { describe, expect, it } from "vitest";
import { type Attempt, attemptBadge, awaitingOutcome } from "./attempt-model";

const attempt = (overrides: Partial<Attempt>): Attempt => ({
  attempt: 1,
  workerId: "embedded",
  startedAt: "2026-01-01T00:00:00.000Z",
  endedAt: "2026-01-01T00:00:04.000Z",
  outcome: "finished",
  ...overrides,
});

describe("attempt badges", () => {
  it("name every outcome, an interrupted attempt standing out like a stalled run", () => {
    expect(attemptBadge(attempt({ outcome: "finished" }))).toEqual({ status: "none", label: "finished" });
    expect(attemptBadge(attempt({ outcome: "interrupted" }))).toEqual({ status: "stalled", label: "interrupted" });
    expect(attemptBadge(attempt({ outcome: "cancelled" }))).toEqual({ status: "cancelled", label: "cancelled" });
    expect(attemptBadge(attempt({ outcome: "failed" }))).toEqual({ status: "error", label: "failed" });
    expect(attemptBadge(attempt({ outcome: "something new" }))).toEqual({ status: "none", label: "something new" });
  });

  it("show an attempt not yet ended as in progress", () => {
    expect(attemptBadge(attempt({ outcome: null, endedAt: null }))).toEqual({ status: "running", label: "in progress" });
  });
});

describe("waiting for an attempt's outcome", () => {
  it("is needed when the run settled before its worker ended the attempt", () => {
    const open = [attempt({}), attempt({ attempt: 2, outcome: null, endedAt: null })];
    expect(awaitingOutcome(open, true)).toBe(true);
    // a running run's attempt is open by nature: its live frames say when it ends
    expect(awaitingOutcome(open, false)).toBe(false);
    expect(awaitingOutcome([attempt({})], true)).toBe(false);
    expect(awaitingOutcome([], true)).toBe(false);
  });
});
