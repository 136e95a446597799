import { describe, expect, it } from "vitest";
import { userSimulatorAgent } from "../../agents/user-simulator/user-simulator-agent.js";
import { AgentRole } from "../../domain/roles.js";
import type { ScenarioConfig } from "../../domain/scenario.js";
import { observeRuns } from "../../runner/run-observers.js";
import { agent, judge, message, user } from "../../script/steps.js";
import { isolated } from "../../test-support/harness.js";
import { echoAgent, scriptedAgent, scriptedJudge, verdict } from "../../testing/scripted-agents.js";
import { type Colors, formatRun } from "./format-run.js";
import type { ScenarioRunRecord } from "./run-record.js";
import { recordRuns } from "./run-recorder.js";

const plain: Colors = {
  bold: String,
  cyan: String,
  green: String,
  greenBright: String,
  magenta: String,
  red: String,
  yellow: String,
};

async function recorded(scenario: ScenarioConfig): Promise<ScenarioRunRecord> {
  const records: ScenarioRunRecord[] = [];
  await observeRuns(
    recordRuns((record) => records.push(record)),
    () =>
      isolated()
        .run(scenario)
        .catch(() => undefined), // an `error` run rejects; its record is what matters here
  );
  expect(records).toHaveLength(1);
  return records[0] as ScenarioRunRecord;
}

describe("recordRuns and formatRun", () => {
  it("show a failing run's chat log with tool calls and results, and its verdict", async () => {
    const record = await recorded({
      name: "Refund the total",
      description: "The customer wants a refund",
      agents: [echoAgent(), scriptedJudge([verdict(false, ["answers"], ["refunds $40"], "It refunded $90.")])],
      script: [
        user("refund order 7"),
        message({
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "refund", input: { amount: 90 } }],
        }),
        message({
          role: "tool",
          content: [{ type: "tool-result", toolCallId: "c1", toolName: "refund", output: { type: "text", value: "done" } }],
        }),
        agent(),
        judge(),
      ],
    });
    expect(record).toMatchObject({ status: "fail", name: "Refund the total", reasoning: "It refunded $90." });
    const text = formatRun(record, "refunds.test.ts > pays the total", plain);
    expect(text).toContain("--- Scenario Run: Refund the total ---");
    expect(text).toContain("Test: refunds.test.ts > pays the total");
    expect(text).toContain("Description: The customer wants a refund");
    expect(text).toContain("User: refund order 7");
    expect(text).toContain('ToolCall(refund):\n\n  {\n    "amount": 90\n  }');
    expect(text).toContain("ToolResult(refund):\n\n  done");
    expect(text).toContain("Agent: You said: ");
    expect(text).toContain("Status: FAIL");
    expect(text).toContain("Reasoning: It refunded $90.");
    expect(text).toContain("Met criteria: answers");
    expect(text).toContain("Unmet criteria: refunds $40");
    expect(text).toContain(`Seed: ${record.seed}`);
  });

  it("show the tool calls an agent ran itself through input.tools, where they happened", async () => {
    const refunding = scriptedAgent([
      async (input) => {
        await input.tools?.refund?.execute({ orderId: "42" } as never, { toolCallId: "call-7" });
        return "Refunded.";
      },
    ]);
    const record = await recorded({
      name: "Refund through a tool",
      description: "d",
      tools: { refund: { execute: async (input: { orderId: string }) => ({ refunded: input.orderId }) } },
      agents: [refunding],
      script: [user("refund 42"), agent()],
    });
    expect(record.transcript).toEqual([
      { kind: "user", text: "refund 42" },
      { kind: "tool-call", name: "refund", text: '{\n  "orderId": "42"\n}' },
      { kind: "tool-result", name: "refund", text: '{\n  "refunded": "42"\n}' },
      { kind: "agent", text: "Refunded." },
    ]);
  });

  it("shows a skipped run as skipped, with the reason", async () => {
    const record = await recorded({
      name: "needs a model",
      description: "d",
      agents: [echoAgent(), userSimulatorAgent()],
      script: [user(), agent()],
    });
    expect(record.status).toBe("skipped");
    const text = formatRun(record, "t", plain);
    expect(text).toContain("Status: SKIPPED");
    expect(text).not.toContain("PASS");
    expect(text).toMatch(/Reasoning: .*model/i);
  });

  it("shows an errored run as an error, with the message", async () => {
    const broken = { role: AgentRole.AGENT, call: async () => Promise.reject(new Error("database down")) };
    const record = await recorded({ name: "broken", description: "d", agents: [broken], script: [user("hi"), agent()] });
    expect(record.status).toBe("error");
    const text = formatRun(record, "t", plain);
    expect(text).toContain("Status: ERROR");
    expect(text).toContain("database down");
  });

  it("marks a run the test did not wait for as unfinished", () => {
    const record: ScenarioRunRecord = {
      scenarioRunId: "r",
      batchRunId: "b",
      name: "slow",
      description: "",
      status: "running",
      durationSeconds: 0,
      metCriteria: [],
      unmetCriteria: [],
      seed: 1,
      transcript: [{ kind: "user", text: "hello" }],
    };
    const text = formatRun(record, "t", plain);
    expect(text).toContain("Status: UNFINISHED");
    expect(text).toContain("The test ended before this run finished");
  });
});
