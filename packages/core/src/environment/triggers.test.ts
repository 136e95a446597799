import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { createRandom } from "../engine/random.js";
import { createTrigger, type TriggerContext, type TriggerSpec } from "./triggers.js";

function at(now: number, eventCounts: Record<string, number> = {}): TriggerContext {
  const totalEvents = Object.values(eventCounts).reduce((sum, count) => sum + count, 0);
  return { now, eventCounts, totalEvents };
}

function sequence(...draws: number[]): () => number {
  let index = 0;
  return () => {
    const draw = draws[index++];
    if (draw === undefined) throw new Error("random sequence exhausted");
    return draw;
  };
}

describe("timestamp trigger", () => {
  it("fires once when the clock reaches `at`, explaining each evaluation", () => {
    const trigger = createTrigger({ kind: "timestamp", at: 30 });
    expect(trigger.evaluate(at(12))).toEqual({ fired: false, reason: "timestamp 30s not reached at 12s" });
    expect(trigger.evaluate(at(31.2))).toEqual({ fired: true, reason: "timestamp 30s reached at 31.2s" });
    expect(trigger.evaluate(at(40))).toEqual({ fired: false, reason: "max_triggers 1 reached" });
    expect(trigger.fires).toBe(1);
  });

  it("stays active through its duration window", () => {
    const trigger = createTrigger({ kind: "timestamp", at: 10, duration: 5 });
    expect(trigger.evaluate(at(9.5)).reason).toBe("timestamp window 10s–15s not reached at 9.5s");
    expect(trigger.evaluate(at(10))).toEqual({ fired: true, reason: "timestamp window 10s–15s active at 10s" });
    expect(trigger.evaluate(at(14.999)).fired).toBe(true);
    expect(trigger.evaluate(at(15))).toEqual({ fired: false, reason: "timestamp window 10s–15s ended at 15s" });
    expect(trigger.fires).toBe(2);
  });

  it("limits a window with max_triggers", () => {
    const trigger = createTrigger({ kind: "timestamp", at: 0, duration: 60, max_triggers: 2 });
    const fired = [1, 2, 3, 4].map((now) => trigger.evaluate(at(now)).fired);
    expect(fired).toEqual([true, true, false, false]);
    expect(trigger.evaluate(at(5)).reason).toBe("max_triggers 2 reached");
  });
});

describe("event_count trigger", () => {
  it("counts all events when no type is given", () => {
    const trigger = createTrigger({ kind: "event_count", count: 3 });
    expect(trigger.evaluate(at(0, { user_input: 1, reasoning: 1 }))).toEqual({
      fired: false,
      reason: "event_count 3 not reached: 2 events",
    });
    expect(trigger.evaluate(at(0, { user_input: 2, reasoning: 1 }))).toEqual({
      fired: true,
      reason: "event_count 3 reached: 3 events",
    });
  });

  it("counts only the given event type", () => {
    const trigger = createTrigger({ kind: "event_count", count: 2, event_type: "user_input", max_triggers: 2 });
    expect(trigger.evaluate(at(0, { reasoning: 5 }))).toEqual({
      fired: false,
      reason: "event_count 2 not reached: 0 user_input events",
    });
    expect(trigger.evaluate(at(0, { user_input: 2 })).reason).toBe("event_count 2 reached: 2 user_input events");
    expect(trigger.evaluate(at(0, { user_input: 3 })).fired).toBe(true);
    expect(trigger.evaluate(at(0, { user_input: 4 })).fired).toBe(false);
  });
});

describe("random trigger", () => {
  it("fires when the draw is below the probability, once by default", () => {
    const trigger = createTrigger({ kind: "random", probability: 0.3 }, { random: sequence(0.42, 0.12, 0.01) });
    expect(trigger.evaluate(at(0))).toEqual({ fired: false, reason: "random 0.42 ≥ probability 0.3" });
    expect(trigger.evaluate(at(1))).toEqual({ fired: true, reason: "random 0.12 < probability 0.3" });
    // Once exhausted the reason says why; no further draw is needed.
    expect(trigger.evaluate(at(2))).toEqual({ fired: false, reason: "max_triggers 1 reached" });
  });

  it("does not consume the RNG once exhausted", () => {
    let draws = 0;
    const trigger = createTrigger(
      { kind: "random", probability: 1 },
      {
        random: () => {
          draws++;
          return 0.5;
        },
      },
    );
    trigger.evaluate(at(0));
    trigger.evaluate(at(1));
    trigger.evaluate(at(2));
    expect(draws).toBe(1);
  });

  it("never fires at probability 0 and shows draws that round onto the threshold in full", () => {
    const never = createTrigger({ kind: "random", probability: 0, max_triggers: 5 }, { random: sequence(0) });
    expect(never.evaluate(at(0))).toEqual({ fired: false, reason: "random 0 ≥ probability 0" });
    const close = createTrigger({ kind: "random", probability: 0.3 }, { random: sequence(0.29999) });
    expect(close.evaluate(at(0)).reason).toBe("random 0.29999 < probability 0.3");
  });

  it("is deterministic for a seed", () => {
    const decisions = (seed: number) => {
      const random = createRandom(seed);
      const trigger = createTrigger({ kind: "random", probability: 0.5, max_triggers: 10 }, { random: () => random.next() });
      return Array.from({ length: 20 }, (_, index) => trigger.evaluate(at(index)));
    };
    const first = decisions(7);
    expect(decisions(7)).toEqual(first);
    expect(first.some((decision) => decision.fired)).toBe(true);
    expect(first.some((decision) => !decision.fired)).toBe(true);
  });

  it("rejects a random source outside [0, 1)", () => {
    const trigger = createTrigger({ kind: "random", probability: 0.5 }, { random: sequence(1) });
    expect(() => trigger.evaluate(at(0))).toThrow(/random\(\) must return a number in \[0, 1\), got 1/);
  });
});

describe("createTrigger validation", () => {
  const cases: [unknown, string, RegExp][] = [
    [{ kind: "sometimes" }, "kind", /must be one of timestamp, event_count, random, got "sometimes"/],
    [{ kind: "timestamp", at: -1 }, "at", /must be a number of seconds ≥ 0, got -1/],
    [{ kind: "timestamp" }, "at", /got undefined/],
    [{ kind: "timestamp", at: 1, duration: 0 }, "duration", /> 0, got 0/],
    [{ kind: "event_count", count: 1.5 }, "count", /integer ≥ 1, got 1.5/],
    [{ kind: "event_count", count: 2, event_type: "" }, "event_type", /non-empty string/],
    [{ kind: "random", probability: 1.2 }, "probability", /from 0 to 1, got 1.2/],
    [{ kind: "random", probability: "0.5" }, "probability", /got "0.5"/],
    [{ kind: "timestamp", at: 1, max_triggers: 0 }, "max_triggers", /integer ≥ 1, got 0/],
    [{ kind: "random", probabilty: 0.5 }, "probabilty", /not a field of random triggers/],
    [{ kind: "event_count", count: 1, duration: 3 }, "duration", /not a field of event_count triggers/],
  ];
  it.each(cases)("rejects %j naming `%s`", (spec, field, message) => {
    const attempt = () => createTrigger(spec as TriggerSpec, { random: () => 0 });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid_config", path: field, source: "createTrigger()" });
    }
  });

  it("requires the run's random for random triggers and prefixes the spec's path", () => {
    expect(() => createTrigger({ kind: "random", probability: 0.5 })).toThrow(/options.random/);
    const attempt = () => createTrigger({ kind: "timestamp", at: -2 }, { source: "s.yaml", path: "injections.0.trigger" });
    expect(attempt).toThrow(/`injections.0.trigger.at` must be/);
    expect(attempt).toThrow(expect.objectContaining({ source: "s.yaml", path: "injections.0.trigger.at" }));
  });
});
