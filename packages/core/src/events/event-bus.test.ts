import { describe, expect, it } from "vitest";
import type { ScenarioEvent } from "../domain/event.js";
import type { ScenarioResult } from "../domain/result.js";
import { EventBus } from "./event-bus.js";

const finished = {
  type: "SCENARIO_RUN_FINISHED",
  timestamp: 1,
  batchRunId: "b",
  scenarioId: "s",
  scenarioRunId: "r",
  scenarioSetId: "default",
  status: "SUCCESS",
  outcome: "pass",
  results: { verdict: "success", reasoning: "", metCriteria: [], unmetCriteria: [] },
} as ScenarioEvent;
const result = { status: "pass" } as ScenarioResult;

describe("EventBus", () => {
  it("hands listeners the result with SCENARIO_RUN_FINISHED, synchronously", () => {
    const seen: Array<[string, ScenarioResult | undefined]> = [];
    const bus = new EventBus({ listeners: [(event, given) => seen.push([event.type, given])] });
    bus.emit(finished, result);
    expect(seen).toEqual([["SCENARIO_RUN_FINISHED", result]]);
  });

  it("needs no flush with listeners only, unless one threw; reporters always need one", async () => {
    const quiet = new EventBus({ listeners: [() => {}] });
    quiet.emit(finished, result);
    expect(quiet.needsFlush).toBe(false);
    const throwing = new EventBus({
      listeners: [
        () => {
          throw new Error("boom");
        },
      ],
    });
    throwing.emit(finished, result);
    expect(throwing.needsFlush).toBe(true);
    expect(await throwing.flush()).toEqual([expect.objectContaining({ kind: "listener" })]);
    expect(new EventBus({ reporters: [{}] }).needsFlush).toBe(true);
  });
});
