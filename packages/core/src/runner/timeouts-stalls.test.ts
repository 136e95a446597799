import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { RehearseError } from "../domain/errors.js";
import { defaultTimeouts } from "../domain/timeouts.js";
import { StalledRuns } from "./timeouts-stalls.js";

const off = { agentCallMs: 0, modelCallMs: 0, scenarioMs: 0 };

describe("StalledRuns", () => {
  it("watches nothing when a limit bounds the run (its timer keeps Node alive)", () => {
    const process = new EventEmitter();
    const stalls = new StalledRuns(process);
    expect(stalls.watch("bounded", defaultTimeouts, undefined)).toBeUndefined();
    expect(stalls.watch("call limit only", { ...off, agentCallMs: 10 }, undefined)).toBeUndefined();
    expect(process.listenerCount("beforeExit")).toBe(0);
  });

  it("listens once while unbounded runs are in flight and aborts them all on beforeExit, each naming its scenario", () => {
    const process = new EventEmitter();
    const stalls = new StalledRuns(process);
    const first = stalls.watch("first", off, undefined);
    const second = stalls.watch("second", off, undefined);
    expect(process.listenerCount("beforeExit")).toBe(1);
    expect(first?.stalled()).toBeUndefined();

    process.emit("beforeExit");

    expect(first?.signal.aborted).toBe(true);
    expect(RehearseError.isInstance(first?.signal.reason) && first.signal.reason.code).toBe("run_stalled");
    expect(first?.stalled()?.message).toMatch(/^Scenario "first" could never finish/);
    expect(second?.stalled()?.message).toMatch(/^Scenario "second" could never finish/);
    first?.finish();
    second?.finish();
    expect(process.listenerCount("beforeExit")).toBe(0);
    // a later run gets a fresh signal
    const later = stalls.watch("later", off, undefined);
    expect(later?.signal.aborted).toBe(false);
    later?.finish();
  });

  it("keeps the caller's abort as it is: not a stall", () => {
    const process = new EventEmitter();
    const caller = new AbortController();
    const run = new StalledRuns(process).watch("stopped", off, caller.signal);
    caller.abort(new Error("Ctrl-C"));
    expect(run?.signal.aborted).toBe(true);
    expect(run?.stalled()).toBeUndefined();
    run?.finish();
  });
});
