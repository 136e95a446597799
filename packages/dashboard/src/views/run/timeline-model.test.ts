/** The timeline: events in seq order, at their time, in their actor's lane, with what deserves a look marked. */
import { describe, expect, it } from "vitest";
import { eventKey } from "./run-data";
import { fixtureEvents } from "./run-fixture";
import { buildTimeline } from "./timeline-model";

describe("buildTimeline", () => {
  const timeline = buildTimeline(fixtureEvents);

  it("places every event in seq order at its time from the run's start", () => {
    expect(timeline.entries.map((entry) => entry.seq)).toEqual(fixtureEvents.map((event) => event.seq));
    expect(timeline.entries.find((entry) => entry.type === "action_response")?.at).toBe(31_000);
    expect(timeline.span).toBe(34_100);
  });

  it("puts each event in its actor's lane and marks injections and faults", () => {
    const lanes = Object.fromEntries(timeline.entries.map((entry) => [`${entry.seq} ${entry.type}`, entry.lane]));
    expect(lanes).toMatchObject({
      "0 SCENARIO_RUN_STARTED": "system",
      "2 user_input": "user",
      "3 SCENARIO_MESSAGE_SNAPSHOT": "user",
      "5 injection": "system",
      "6 action_response": "tool",
      "7 agent_message": "agent",
      "20 judgment": "judge",
    });
    expect(timeline.entries.filter((entry) => entry.tone).map((entry) => `${entry.type} ${entry.tone}`)).toEqual([
      "injection injection",
      "action_response fault",
      "judgment pass",
      "SCENARIO_RUN_FINISHED pass",
    ]);
    expect(timeline.entries.find((entry) => entry.type === "injection")?.summary).toBe(
      "refund always times out (tool_error): refund: random 0.3841 < probability 1",
    );
  });

  it("gives an event without a time (a live snapshot frame) the time of the one before", () => {
    const untimed = {
      key: eventKey(22, "SCENARIO_MESSAGE_SNAPSHOT"),
      seq: 22,
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      timestamp: null,
      event: { messages: [] },
    };
    expect(buildTimeline([...fixtureEvents, untimed]).entries.at(-1)?.at).toBe(34_100);
  });
});
