import { describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import { RehearseError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import type { Timer } from "../domain/timeouts.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { DeadlineTicker, tickGranularityMs } from "./deadline-ticker.js";
import { RunWatchdog } from "./run-watchdog.js";

/** A timer on a hand-moved clock that records what was armed; its first timer may fire early. */
function manualTimer(firesEarlyByMs = 0) {
  let now = 0;
  let pending: Array<{ at: number; callback: () => void }> = [];
  const armed: number[] = [];
  const timer: Timer = {
    now: () => now,
    after: (milliseconds, callback) => {
      // only the first timer fires early (as Node's may, by its millisecond rounding)
      const entry = { at: now + milliseconds - (armed.length === 0 ? firesEarlyByMs : 0), callback };
      armed.push(milliseconds);
      pending.push(entry);
      return () => {
        pending = pending.filter((other) => other !== entry);
      };
    },
  };
  /** Moves the clock to `time`, firing what is due on the way, in order. */
  const advanceTo = (time: number) => {
    for (;;) {
      const due = pending.filter((entry) => entry.at <= time).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      pending = pending.filter((entry) => entry !== due);
      now = due.at;
      due.callback();
    }
    now = time;
  };
  return { timer, advanceTo, armed, pendingCount: () => pending.length };
}

const hangingAgent: Agent = { name: "HangingAgent", role: AgentRole.AGENT, call: () => new Promise(() => {}) };
const never = new Promise<void>(() => {});

/** Settles to the error the guard rejected with, or "running" while it has not settled. */
function outcomeOf(guarded: Promise<unknown>): () => unknown {
  let outcome: unknown = "running";
  guarded.then(
    () => {
      outcome = "done";
    },
    (error: unknown) => {
      outcome = error;
    },
  );
  return () => outcome;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("the deadline ticker: one timer for the limits of all runs in flight", () => {
  it("ends two runs with different limits each at its own deadline, never before it", async () => {
    const { timer, advanceTo } = manualTimer();
    const ticker = new DeadlineTicker(timer);
    const fast = new RunWatchdog(ticker, 100, 0, "fast", undefined);
    const slow = new RunWatchdog(ticker, 250, 0, "slow", undefined);
    const fastOutcome = outcomeOf(fast.guard(never));
    const slowOutcome = outcomeOf(slow.guard(never));
    fast.begin(hangingAgent);
    slow.begin(hangingAgent);

    advanceTo(99.9);
    await flush();
    expect([fastOutcome(), slowOutcome()]).toEqual(["running", "running"]);
    advanceTo(100 + tickGranularityMs);
    await flush();
    expect(RehearseError.isInstance(fastOutcome()) && (fastOutcome() as RehearseError).message).toContain(
      "[HangingAgent] did not answer within 100 ms",
    );
    expect(slowOutcome()).toBe("running");
    advanceTo(249.9);
    await flush();
    expect(slowOutcome()).toBe("running");
    advanceTo(250 + tickGranularityMs);
    await flush();
    expect((slowOutcome() as RehearseError).message).toContain("did not answer within 250 ms");
    expect(ticker.armed).toBe(false);
  });

  it("does not end a run early when the timer fires before the deadline (it looks again)", async () => {
    const { timer, advanceTo } = manualTimer(0.5);
    const ticker = new DeadlineTicker(timer);
    const watchdog = new RunWatchdog(ticker, 100, 0, "early", undefined);
    const outcome = outcomeOf(watchdog.guard(never));
    watchdog.begin(hangingAgent);
    advanceTo(99.9);
    await flush();
    expect(outcome()).toBe("running");
    expect(ticker.armed).toBe(true);
    advanceTo(100 + tickGranularityMs);
    await flush();
    expect((outcome() as RehearseError).code).toBe("agent_timeout");
  });

  it("ends a scenario at its limit while calls come and go, each call's limit counted from its start", async () => {
    const { timer, advanceTo } = manualTimer();
    const ticker = new DeadlineTicker(timer);
    const watchdog = new RunWatchdog(ticker, 100, 1_000, "busy", undefined);
    const outcome = outcomeOf(watchdog.guard(never));
    // calls of 80 ms each, one after the other: none reaches the 100 ms limit
    for (let start = 0; start + 80 < 1_000; start += 80) {
      advanceTo(start);
      const token = watchdog.begin(hangingAgent);
      advanceTo(start + 80);
      watchdog.end(token);
      await flush();
      expect(outcome()).toBe("running");
    }
    advanceTo(1_000 + tickGranularityMs);
    await flush();
    expect((outcome() as RehearseError).code).toBe("scenario_timeout");
  });

  it("arms one timer for many runs with the same limit, and clears it when the last run ends", async () => {
    const { timer, armed, pendingCount } = manualTimer();
    const ticker = new DeadlineTicker(timer);
    const watchdogs = Array.from(
      { length: 100 },
      (_, index) => new RunWatchdog(ticker, 60_000, 1_800_000, `run ${index}`, undefined),
    );
    for (const watchdog of watchdogs) watchdog.guard(Promise.resolve());
    expect(armed).toHaveLength(1);
    for (const watchdog of watchdogs.slice(1)) watchdog.stop();
    expect(pendingCount()).toBe(1);
    watchdogs[0]?.stop();
    expect(pendingCount()).toBe(0);
    expect(ticker.armed).toBe(false);
  });

  it("leaves a run that finished before its deadline untouched", async () => {
    const { timer, advanceTo } = manualTimer();
    const ticker = new DeadlineTicker(timer);
    const finished = new RunWatchdog(ticker, 100, 0, "finished", undefined);
    const other = new RunWatchdog(ticker, 100, 0, "other", undefined);
    const finishedOutcome = outcomeOf(finished.guard(Promise.resolve("ok")));
    const otherOutcome = outcomeOf(other.guard(never));
    const token = finished.begin(hangingAgent);
    other.begin(hangingAgent);
    advanceTo(50);
    finished.end(token);
    finished.stop();
    await flush();
    advanceTo(500);
    await flush();
    expect(finishedOutcome()).toBe("done");
    expect(finished.error).toBeUndefined();
    expect((otherOutcome() as RehearseError).code).toBe("agent_timeout");
  });
});

describe("time limits of runs started together (one ticker per context)", () => {
  const hanging = (name: string, agentCallMs: number): ScenarioConfig => ({
    name,
    description: "the agent never answers",
    agents: [hangingAgent],
    script: [user("hello"), agent(), succeed()],
    timeouts: { agentCallMs },
  });

  it("each run times out at its own limit, not earlier, and a quick run beside them passes", async () => {
    const rehearse = isolated();
    const started = performance.now();
    const ended: Record<string, number> = {};
    const settle = (scenario: ScenarioConfig) =>
      rehearse.runMany([scenario]).then((batch) => {
        ended[String(scenario.name)] = performance.now() - started;
        return batch.results[0];
      });
    const quick: ScenarioConfig = {
      name: "quick",
      description: "answers at once",
      agents: [{ name: "QuickAgent", role: AgentRole.AGENT, call: async () => "hi" }],
      script: [user("hello"), agent(), succeed()],
    };
    const [short, long, fine] = await Promise.all([settle(hanging("short", 80)), settle(hanging("long", 300)), settle(quick)]);
    expect(short?.reasoning).toContain("did not answer within 80 ms");
    expect(long?.reasoning).toContain("did not answer within 300 ms");
    expect(fine?.status).toBe("pass");
    expect(ended.short).toBeGreaterThanOrEqual(80);
    expect(ended.long).toBeGreaterThanOrEqual(300);
    expect(ended.short).toBeLessThan(ended.long as number);
  });
});
