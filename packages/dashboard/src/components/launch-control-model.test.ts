import { describe, expect, it } from "vitest";
import { controlView, currentControl, failureText, outcomeText, STATE_LABELS, unsettledCount } from "./launch-control-model";

const operator = ["runs:read", "runs:launch"];
const viewer = ["runs:read"];

describe("what the launch controls show", () => {
  it("offers Pause while active and Resume while paused, with Stop, to a caller who may launch", () => {
    expect(controlView({ control: "active", unsettled: true, permissions: operator })).toEqual({
      actions: ["pause", "stop"],
      state: undefined,
    });
    expect(controlView({ control: "paused", unsettled: true, permissions: operator })).toEqual({
      actions: ["resume", "stop"],
      state: "paused",
    });
  });

  it("offers nothing once stopped or settled, and says Stopped whether or not the runs settled", () => {
    expect(controlView({ control: "stopped", unsettled: true, permissions: operator })).toEqual({
      actions: [],
      state: "stopped",
    });
    expect(controlView({ control: "stopped", unsettled: false, permissions: operator })).toEqual({
      actions: [],
      state: "stopped",
    });
    // nothing is held any more once everything settled: an active or paused state is not worth saying
    expect(controlView({ control: "active", unsettled: false, permissions: operator })).toEqual({
      actions: [],
      state: undefined,
    });
    expect(controlView({ control: "paused", unsettled: false, permissions: operator })).toEqual({
      actions: [],
      state: undefined,
    });
  });

  it("shows a Viewer the state but no buttons, and an SDK-reported batch or run nothing", () => {
    expect(controlView({ control: "paused", unsettled: true, permissions: viewer })).toEqual({ actions: [], state: "paused" });
    expect(controlView({ control: "active", unsettled: true, permissions: viewer })).toEqual({ actions: [], state: undefined });
    expect(controlView({ control: null, unsettled: true, permissions: operator })).toEqual({ actions: [], state: undefined });
  });

  it("names the states worth saying", () => {
    expect(STATE_LABELS).toEqual({ paused: "Paused", stopped: "Stopped" });
  });

  it("goes by an accepted control until the reported state moves off the one it was sent against", () => {
    expect(currentControl("active", undefined)).toBe("active");
    expect(currentControl("active", { from: "active", to: "paused" })).toBe("paused");
    // the refetch after it (or anyone's later change) wins
    expect(currentControl("paused", { from: "active", to: "paused" })).toBe("paused");
    expect(currentControl("stopped", { from: "active", to: "paused" })).toBe("stopped");
    expect(currentControl(null, { from: "active", to: "paused" })).toBeNull();
  });

  it("counts the runs not yet settled: queued, running and stalled", () => {
    const counts = { queued: 2, running: 1, stalled: 1 };
    expect(unsettledCount(counts)).toBe(4);
    expect(unsettledCount({ queued: 0, running: 0, stalled: 0 })).toBe(0);
  });
});

describe("what a control did, in words", () => {
  it("says what pause, resume and stop mean for a batch, with the queued runs stop removed", () => {
    expect(outcomeText("batch", { desiredState: "paused", cancelled: [] })).toBe(
      "Paused: runs not yet started stay queued; running ones finish.",
    );
    expect(outcomeText("batch", { desiredState: "active", cancelled: [] })).toBe("Resumed: queued runs start again.");
    expect(outcomeText("batch", { desiredState: "stopped", cancelled: ["a", "b"] })).toBe(
      "Stopped: 2 queued runs removed; running ones are being aborted.",
    );
    expect(outcomeText("batch", { desiredState: "stopped", cancelled: ["a"] })).toBe(
      "Stopped: 1 queued run removed; running ones are being aborted.",
    );
    expect(outcomeText("batch", { desiredState: "stopped", cancelled: [] })).toBe("Stopped: running runs are being aborted.");
  });

  it("says what they mean for one run, and whether a stopped run had started", () => {
    expect(outcomeText("run", { desiredState: "paused", cancelled: [] })).toBe("Paused: the run holds at its next turn.");
    expect(outcomeText("run", { desiredState: "active", cancelled: [] })).toBe("Resumed.");
    expect(outcomeText("run", { desiredState: "stopped", cancelled: ["run_1"] })).toBe("Stopped before it started.");
    expect(outcomeText("run", { desiredState: "stopped", cancelled: [] })).toBe("Stopped: the run is being aborted.");
  });

  it("explains the refusals a user can meet, naming the action", () => {
    expect(failureText("stop", "batch", { status: 409, code: "not_controllable", message: "x" })).toBe(
      "Not stopped: this batch was reported by an SDK run, not launched by this server, so it cannot be controlled.",
    );
    expect(failureText("pause", "run", { status: 409, code: "already_settled", message: "x" })).toBe(
      "Not paused: this run has already finished.",
    );
    expect(failureText("resume", "run", { status: 403, code: "forbidden", message: "x" })).toBe(
      "Not resumed: your role may not control runs.",
    );
    expect(failureText("stop", "run", { status: 503, code: undefined, message: "the server answered 503" })).toBe(
      "Not stopped: the server answered 503",
    );
  });
});
