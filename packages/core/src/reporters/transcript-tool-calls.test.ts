import { describe, expect, it } from "vitest";
import type { ModelMessage } from "../domain/messages.js";
import type { ScenarioResult } from "../domain/result.js";
import { failureDetails } from "./console-report.js";
import { htmlReport } from "./html-report.js";
import { junitReport } from "./junit-report.js";
import { reportFixture } from "./test-support/report-fixtures.js";

// An agent may call a tool in two ways: return a `tool-call` part (the harness runs it and the
// conversation holds the call and its result), or run it itself through `input.tools` (the run
// records it in `result.toolCalls`, the conversation holds only the reply). Reports show both alike.

const question: ModelMessage = { role: "user", content: "Please refund order A100." };
const answer: ModelMessage = { role: "assistant", content: "Refunded $40." };
const call = { type: "tool-call" as const, toolCallId: "c1", toolName: "refund", input: { order_id: "A100" } };

const returned: Partial<ScenarioResult> = {
  messages: [
    question,
    { role: "assistant", content: [call] },
    {
      role: "tool",
      content: [{ type: "tool-result", toolCallId: "c1", toolName: "refund", output: { type: "json", value: { refunded: 40 } } }],
    },
    answer,
  ],
};
const executed: Partial<ScenarioResult> = {
  messages: [question, answer],
  toolCalls: [
    { toolCallId: "c1", toolName: "refund", input: { order_id: "A100" }, output: { refunded: 40 }, turn: 0, atMessage: 1 },
  ],
};

function transcriptOfDetails(result: Partial<ScenarioResult>): string[] {
  const entry = reportFixture([{ scenario: { name: "Refund" }, result: { ...result, scenarioRun: undefined } }]).entries[0];
  if (!entry) throw new Error("no entry");
  const lines = failureDetails(entry);
  return lines.slice(
    lines.findIndex((line) => line.startsWith("  transcript")),
    -1,
  );
}

function htmlTranscript(result: Partial<ScenarioResult>): string {
  const html = htmlReport(reportFixture([{ result: { ...result, scenarioRun: undefined } }]));
  return /<details class="transcript"[\s\S]*?<\/details>/.exec(html)?.[0] ?? "";
}

function junitTranscript(result: Partial<ScenarioResult>): string {
  const xml = junitReport(reportFixture([{ result: { ...result, scenarioRun: undefined } }]));
  return xml.slice(xml.indexOf("Transcript"));
}

describe("tool calls an agent ran through input.tools", () => {
  it("appear in the console failure details where they happened, as returned tool calls do", () => {
    expect(transcriptOfDetails(executed)).toEqual([
      "  transcript:",
      "    user: Please refund order A100.",
      '    assistant: → refund({"order_id":"A100"})',
      '    tool: ← refund: {"refunded":40}',
      "    assistant: Refunded $40.",
    ]);
    expect(transcriptOfDetails(executed)).toEqual(transcriptOfDetails(returned));
  });

  it("appear in the HTML and JUnit transcripts as returned tool calls do", () => {
    expect(htmlTranscript(executed)).toContain("refund(");
    expect(htmlTranscript(executed)).toEqual(htmlTranscript(returned));
    expect(junitTranscript(executed)).toContain("← refund");
    expect(junitTranscript(executed)).toEqual(junitTranscript(returned));
  });

  it("show a failed call with its error and are not shown twice when the harness ran a returned call", () => {
    const failed: Partial<ScenarioResult> = {
      messages: [question, answer],
      toolCalls: [{ toolCallId: "c9", toolName: "refund", input: {}, error: "refund timed out", turn: 0, atMessage: 1 }],
    };
    expect(transcriptOfDetails(failed)).toContain("    tool: ← refund: error: refund timed out");
    // the harness tool loop runs returned calls through the same tools, so they are recorded too
    const both = { ...returned, toolCalls: executed.toolCalls ?? [] };
    expect(transcriptOfDetails(both)).toEqual(transcriptOfDetails(returned));
  });
});
