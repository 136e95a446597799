import { describe, expect, it } from "vitest";
import type { Reporter, ScenarioEvent } from "../domain/event.js";
import type { ScenarioResult } from "../domain/result.js";
import { succeed } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { echoAgent } from "../testing/scripted-agents.js";
import { observeRuns } from "./run-observers.js";

function recordingReporter() {
  const events: ScenarioEvent[] = [];
  const results: ScenarioResult[] = [];
  const reporter: Reporter = {
    name: "recorder",
    onEvent: (event) => {
      events.push(event);
    },
    onRunFinished: (_event, result) => {
      results.push(result);
    },
  };
  return { reporter, events, results };
}

const scenario = (name: string) => ({ name, description: "d", agents: [echoAgent()], script: [succeed()] });

describe("observeRuns", () => {
  it("sends the events and result of every run started inside it to the reporter", async () => {
    const observed = recordingReporter();
    const context = isolated();
    await observeRuns(observed.reporter, async () => {
      await context.run(scenario("first"));
      await context.runMany([scenario("second"), scenario("third")]);
    });
    await context.run(scenario("outside"));
    expect(observed.results.map((result) => result.scenarioId).sort()).toEqual(["first", "second", "third"]);
    expect(observed.events.filter((event) => event.type === "SCENARIO_RUN_STARTED")).toHaveLength(3);
  });

  it("keeps concurrent observations apart and nests", async () => {
    const outer = recordingReporter();
    const left = recordingReporter();
    const right = recordingReporter();
    const context = isolated();
    await observeRuns(outer.reporter, () =>
      Promise.all([
        observeRuns(left.reporter, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          await context.run(scenario("left"));
        }),
        observeRuns(right.reporter, () => context.run(scenario("right"))),
      ]),
    );
    expect(left.results.map((result) => result.scenarioId)).toEqual(["left"]);
    expect(right.results.map((result) => result.scenarioId)).toEqual(["right"]);
    expect(outer.results.map((result) => result.scenarioId).sort()).toEqual(["left", "right"]);
  });

  it("returns what the action returns", async () => {
    expect(observeRuns(recordingReporter().reporter, () => 42)).toBe(42);
  });
});
