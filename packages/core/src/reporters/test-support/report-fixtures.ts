import type { ScenarioRunSummary } from "../../domain/declarative.js";
import type { ModelMessage } from "../../domain/messages.js";
import type { ScenarioResult } from "../../domain/result.js";
import { buildRunReport, type RunReportScenarioInput } from "../build-run-report.js";
import type { RunReport } from "../run-report.js";

/** A declarative run summary with one deviation, one fired and one unfired injection and two outcome checks. */
export function summaryFixture(overrides: Partial<ScenarioRunSummary> = {}): ScenarioRunSummary {
  const fired = {
    injection: "refund times out",
    type: "tool_error" as const,
    trigger: "random",
    fired: true,
    reason: "drew 0.12 < 0.5",
    at_seconds: 2,
    event_count: 4,
    turn: 1,
    outcome: { error: { type: "timeout", message: "refund timed out", recoverable: true } },
  };
  return {
    scenario_name: "Refund",
    scenario_type: "business",
    seed: 42,
    execution_time_seconds: 31.5,
    total_steps: 3,
    total_events: 12,
    injections_count: 1,
    deviations_count: 1,
    events_by_type: { message: 4, action_request: 2 },
    events_by_actor: { user: 2, agent: 4 },
    outcome_checks: {
      all_passed: false,
      checks: [
        { name: "required_event", target: "action_request", expected: 1, actual: 2, passed: true, message: "seen 2 times" },
        {
          name: "state",
          target: "refunds",
          expected: [40],
          actual: [],
          passed: false,
          message: "refunds: expected [40], got []",
        },
      ],
    },
    deviations: [
      {
        step_index: 1,
        kind: "outcome_unmet",
        expected: [40],
        actual: [],
        message: "refunds were never issued",
        at_seconds: 31.5,
      },
    ],
    injections_performed: [fired],
    injection_log: [fired, { ...fired, fired: false, reason: "drew 0.91 ≥ 0.5", at_seconds: 5, turn: 2, outcome: undefined }],
    variables: {},
    final_state: { refunds: [] },
    passed: false,
    ...overrides,
  };
}

/** A conversation of five messages with a tool call, a tool result and a file upload (base64 data). */
export function messagesFixture(): ModelMessage[] {
  return [
    { role: "user", content: "Please refund order A100, it was $90." },
    {
      role: "assistant",
      content: [
        { type: "text", text: "Let me check." },
        { type: "tool-call", toolCallId: "c1", toolName: "refund", input: { order_id: "A100", amount: 90 } },
      ],
    },
    {
      role: "tool",
      content: [
        { type: "tool-result", toolCallId: "c1", toolName: "refund", output: { type: "json", value: { error: "timeout" } } },
      ],
    },
    {
      role: "user",
      content: [
        { type: "text", text: "Here is the invoice." },
        { type: "file", data: Buffer.alloc(3000, 7).toString("base64"), mediaType: "application/pdf", filename: "invoice.pdf" },
      ],
    },
    { role: "assistant", content: "Sorry, the refund system timed out." },
  ];
}

/** A plausible failing result; fields in `overrides` replace the defaults. */
export function resultFixture(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    runId: "run-1",
    scenarioRunId: "run-1",
    batchRunId: "batch-1",
    success: false,
    status: "fail",
    messages: messagesFixture(),
    reasoning: "The agent never issued the refund.",
    metCriteria: ["The agent is polite"],
    unmetCriteria: ["The agent refunds the real total ($40)"],
    totalTime: 0.25,
    agentTime: 0.1,
    seed: 42,
    setId: "default",
    scenarioId: "refund",
    threadId: "thread-1",
    metadata: {},
    diagnostics: [],
    scenarioRun: summaryFixture(),
    ...overrides,
  };
}

/** A report of the given runs (default: one failing run), with fixed times so output is deterministic. */
export function reportFixture(
  entries: Array<{ scenario?: Partial<RunReportScenarioInput>; result?: Partial<ScenarioResult> }> = [{}],
): RunReport {
  return buildRunReport({
    entries: entries.map((entry, index) => ({
      scenario: { name: `Scenario ${index + 1}`, description: "A customer asks for a refund.", ...entry.scenario },
      result: resultFixture(entry.result),
    })),
    batchRunId: "batch-1",
    startedAt: new Date("2026-01-02T03:04:05.000Z"),
    finishedAt: new Date("2026-01-02T03:04:07.500Z"),
    toolVersion: "0.1.0",
    command: "rehearse run scenarios/*.yaml",
  });
}
