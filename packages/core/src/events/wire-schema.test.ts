import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../domain/event.js";
import { agent, message, succeed, user } from "../script/steps.js";
import { runRecorded } from "../test-support/harness.js";
import { scriptedAgent } from "../testing/scripted-agents.js";
import { scenarioEventSchema, toWireEvent } from "./wire-schema.js";

describe("wire schema", () => {
  it("accepts every lifecycle event of a run, converted to wire form", async () => {
    const toolCall = {
      role: "assistant" as const,
      content: [
        { type: "text" as const, text: "Looking it up" },
        { type: "tool-call" as const, toolCallId: "c1", toolName: "lookup", input: { id: 1 } },
      ],
    };
    const { events } = await runRecorded({
      name: "wire",
      description: "d",
      agents: [scriptedAgent([toolCall])],
      script: [
        user("find 1"),
        agent(),
        message({
          role: "tool",
          content: [{ type: "tool-result", toolCallId: "c1", toolName: "lookup", output: { type: "json", value: { ok: true } } }],
        }),
        succeed(),
      ],
    });
    const lifecycle = events.filter((event): event is LifecycleEvent => event.type.startsWith("SCENARIO_"));
    const parsed = lifecycle.map((event) => scenarioEventSchema.parse(JSON.parse(JSON.stringify(toWireEvent(event)))));
    const last = parsed.filter((event) => event.type === "SCENARIO_MESSAGE_SNAPSHOT").at(-1);
    expect(last?.messages.map((entry) => entry.role)).toEqual(["user", "assistant", "tool"]);
    expect(last?.messages[1]).toMatchObject({
      content: "Looking it up",
      toolCalls: [{ function: { name: "lookup", arguments: '{"id":1}' } }],
    });
    expect(parsed.at(-1)).toMatchObject({ type: "SCENARIO_RUN_FINISHED", status: "SUCCESS" });
  });

  it("rejects malformed events, naming the field", () => {
    const result = scenarioEventSchema.safeParse({
      type: "SCENARIO_RUN_FINISHED",
      timestamp: "now",
      batchRunId: "b",
      scenarioId: "s",
      scenarioRunId: "r",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["timestamp"]);
  });
});
