import { describe, expect, it } from "vitest";
import type { IdentifiedMessage, ScenarioEvent } from "../domain/event.js";
import type { ScenarioResult } from "../domain/result.js";
import { ingestEventSchema } from "../events/ingest-schema.js";
import { ATTEMPT_SEQ_SPAN, EventEnvelopes } from "./envelope.js";
import { createUuidV7 } from "./uuid-v7.js";

const base = (run: string) => ({
  timestamp: 1,
  batchRunId: "batch_1",
  scenarioId: "greets",
  scenarioRunId: run,
  scenarioSetId: "default",
});
const started = (run: string): ScenarioEvent => ({
  ...base(run),
  type: "SCENARIO_RUN_STARTED",
  metadata: { name: "greets", description: "d" },
  seed: 7,
  threadId: "t",
});
const message = (id: string, text: string, role: "user" | "assistant" = "user"): IdentifiedMessage => ({
  id,
  message: { role, content: text },
});
const snapshot = (run: string, messages: IdentifiedMessage[]): ScenarioEvent => ({
  ...base(run),
  type: "SCENARIO_MESSAGE_SNAPSHOT",
  messages,
});
const userInput = (run: string, turn: number): ScenarioEvent => ({
  type: "user_input",
  actor: "user",
  messageId: "m1",
  text: "hi",
  scripted: true,
  timestamp: 2,
  scenarioRunId: run,
  turn,
});
const finished = (run: string): ScenarioEvent => ({
  ...base(run),
  type: "SCENARIO_RUN_FINISHED",
  status: "SUCCESS",
  outcome: "pass",
  results: { verdict: "success", reasoning: "ok", metCriteria: [], unmetCriteria: [] },
});

const envelopes = () =>
  new EventEnvelopes(
    createUuidV7(() => 1_750_000_000_000),
    { name: "@rehearse/core", version: "1.2.3" },
  );
const parse = (json: string) => JSON.parse(json) as Record<string, unknown>;

describe("EventEnvelopes", () => {
  it("numbers each run's events from 0 in emit order, with a UUIDv7 first, and every one passes the ingest schema", () => {
    const envelope = envelopes();
    const order = [started("a"), started("b"), userInput("a", 0), userInput("b", 0), finished("a"), userInput("b", 1)];
    const events = order.map((event) => envelope.serialize(event));
    expect(events.every((json) => json.startsWith('{"eventId":"'))).toBe(true);
    const parsed = events.map(parse);
    expect(parsed.map((event) => [event.scenarioRunId, event.seq])).toEqual([
      ["a", 0],
      ["b", 0],
      ["a", 1],
      ["b", 1],
      ["a", 2],
      ["b", 2],
    ]);
    expect(parsed[0]!.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(parsed.map((event) => event.eventId)).size).toBe(6);
    for (const event of parsed) expect(ingestEventSchema.safeParse(event).success).toBe(true);
    expect(parsed[0]).toMatchObject({ schemaVersion: 1, sdk: { name: "@rehearse/core", version: "1.2.3" } });
  });

  it("gives domain events the run's batch, scenario and set ids from its SCENARIO_RUN_STARTED", () => {
    const envelope = envelopes();
    envelope.serialize(started("a"));
    expect(parse(envelope.serialize(userInput("a", 0)))).toMatchObject({
      type: "user_input",
      batchRunId: "batch_1",
      scenarioId: "greets",
      scenarioSetId: "default",
      scenarioRunId: "a",
      turn: 0,
    });
  });

  it("sends snapshots as deltas while the conversation grows, and whole when it did not", () => {
    const envelope = envelopes();
    envelope.serialize(started("a"));
    const first = [message("m1", "hi")];
    const second = [...first, message("m2", "hello", "assistant"), message("m3", "bye")];
    const one = parse(envelope.serialize(snapshot("a", first)));
    const two = parse(envelope.serialize(snapshot("a", second)));
    const same = parse(envelope.serialize(snapshot("a", second)));
    const rolledBack = parse(envelope.serialize(snapshot("a", [message("x1", "other")])));
    expect(one).not.toHaveProperty("messagesOffset");
    expect(one.messages).toEqual([{ id: "m1", role: "user", content: "hi" }]);
    expect(two.messagesOffset).toBe(1);
    expect(two.messages).toEqual([
      { id: "m2", role: "assistant", content: "hello" },
      { id: "m3", role: "user", content: "bye" },
    ]);
    expect(same).not.toHaveProperty("messagesOffset");
    expect(same.messages).toHaveLength(3);
    expect(rolledBack).not.toHaveProperty("messagesOffset");
    expect(rolledBack.messages).toEqual([{ id: "x1", role: "user", content: "other" }]);
  });

  it("adds the measured summary to SCENARIO_RUN_FINISHED and leaves out what was not measured", () => {
    const envelope = envelopes();
    envelope.serialize(started("a"));
    envelope.serialize({ ...userInput("a", 0), type: "turn_started", actor: "system" } as ScenarioEvent);
    envelope.serialize({ ...userInput("a", 1), type: "turn_started", actor: "system" } as ScenarioEvent);
    const line = {
      inputTokens: 120,
      outputTokens: 30,
      reasoningTokens: 0,
      cachedInputTokens: 0,
      totalTokens: 150,
      calls: 2,
      replayedCalls: 0,
    };
    const result = {
      totalTime: 1.25,
      agentTime: 0.5,
      status: "error",
      errorCode: "agent_failed",
      usage: { total: { ...line, cost: 0.002 }, byRole: {}, byModel: {} },
    } as unknown as ScenarioResult;
    expect(parse(envelope.serialize(finished("a"), result)).summary).toEqual({
      durationMs: 1250,
      agentMs: 500,
      turns: 2,
      errorCode: "agent_failed",
      usage: { inputTokens: 120, outputTokens: 30, costUsd: 0.002 },
    });
    envelope.serialize(started("b"));
    const bare = {
      status: "pass",
      usage: { total: { ...line, cost: null }, byRole: {}, byModel: {} },
    } as unknown as ScenarioResult;
    expect(parse(envelope.serialize(finished("b"), bare)).summary).toEqual({ usage: { inputTokens: 120, outputTokens: 30 } });
    expect(envelope.openRuns).toBe(0);
  });
});

describe("envelopes of a run's later attempt", () => {
  it("carry the attempt and a seq range above every earlier attempt's", () => {
    const attempts = new Map([["run-2", 2]]);
    const envelopes = new EventEnvelopes(
      createUuidV7(() => 1),
      { name: "@rehearse/core", version: "0" },
      (runId) => attempts.get(runId),
    );
    const later = [started("run-2"), snapshot("run-2", [message("a", "hi")])].map((event) =>
      JSON.parse(envelopes.serialize(event)),
    );
    expect(later.map((event) => [event.seq, event.attempt])).toEqual([
      [ATTEMPT_SEQ_SPAN, 2],
      [ATTEMPT_SEQ_SPAN + 1, 2],
    ]);
    for (const event of later) expect(ingestEventSchema.safeParse(event).success).toBe(true);
    const first = JSON.parse(envelopes.serialize(started("run-1")));
    expect(first.seq).toBe(0);
    expect(first).not.toHaveProperty("attempt");
  });
});
