import { describe, expect, it } from "vitest";
import { PauseGate } from "./pause-gate.js";

const call = { agent: {} as never, agentIndex: 0, input: {} as never };

describe("pausing a run at its next agent call", () => {
  it("holds the next call while paused and lets it through on resume", async () => {
    const gate = new PauseGate(() => undefined, 60_000);
    const interceptor = gate.interceptor(new AbortController().signal);
    gate.pause();
    let reached = false;
    const pending = interceptor(call, async () => {
      reached = true;
      return "reply";
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reached).toBe(false);
    gate.resume();
    expect(await pending).toBe("reply");
    expect(reached).toBe(true);
  });

  it("ends a pause that outlasts its bound, telling the run to stop", async () => {
    let expired = 0;
    const gate = new PauseGate(() => expired++, 30);
    const pending = gate.interceptor(new AbortController().signal)(call, async () => "reply");
    gate.pause();
    const held = gate.interceptor(new AbortController().signal)(call, async () => "after");
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(expired).toBe(1);
    expect(gate.isPaused).toBe(false);
    expect(await pending).toBe("reply");
    expect(await held).toBe("after");
  });

  it("lets an aborted run's held call go (the abort ends the run)", async () => {
    const gate = new PauseGate(() => undefined, 60_000);
    const controller = new AbortController();
    gate.pause();
    const held = gate.interceptor(controller.signal)(call, async () => "went on");
    controller.abort();
    expect(await held).toBe("went on");
  });
});
