// HTML report size (issue #6): a report of N synthetic-but-realistic runs — five messages each
// (user text, a tool call, its result, an answer; one run in ten uploads a 50 KB file), two
// injection evaluations (one fired), outcome checks, and a deviation for each failing run; 80 %
// pass, the rest fail, fail as expected, error or are skipped — rendered with `htmlReport`.
// Reports the page size (the page holds file uploads as notes, never their bytes) and the time
// to render it; the JSON and JUnit sizes are given beside it.
// Usage: node bench/html-report.mjs [N=1000]   (needs `npm run build`; prints one JSON line)
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { round } from "./lib/stats.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// the public entry: the build is a bundle, so only the entries' paths are stable (decision 0024)
const rootEntry = join(root, "packages", "core", "dist", "index.js");
const { buildRunReport, htmlReport, jsonReport, junitReport } = await import(pathToFileURL(rootEntry).href);

const count = Number(process.argv[2] ?? "1000");
const MB = 1024 * 1024;

/** The status of run `index` and what it was expected to end with. */
function plan(index) {
  const slot = index % 100;
  if (slot < 80) return { status: "pass", expect: "pass" };
  if (slot < 90) return { status: "fail", expect: "pass" };
  if (slot < 95) return { status: "fail", expect: "fail" };
  if (slot < 98) return { status: "error", expect: "pass" };
  return { status: "skipped", expect: "pass" };
}

function messages(index) {
  const order = `A${1000 + index}`;
  const upload = index % 10 === 0;
  return [
    {
      role: "user",
      content: `Hi, I was charged twice for order ${order}. Could you refund the second charge of $${40 + (index % 60)}?`,
    },
    {
      role: "assistant",
      content: [
        { type: "text", text: "Let me look that order up for you." },
        { type: "tool-call", toolCallId: `call-${index}`, toolName: "get_order", input: { order_id: order } },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: `call-${index}`,
          toolName: "get_order",
          output: { type: "json", value: { order_id: order, total: 40 + (index % 60), status: "delivered", charges: 2 } },
        },
      ],
    },
    upload
      ? {
          role: "user",
          content: [
            { type: "text", text: "Here is my bank statement." },
            {
              type: "file",
              data: Buffer.alloc(50 * 1024, index % 251).toString("base64"),
              mediaType: "application/pdf",
              filename: "statement.pdf",
            },
          ],
        }
      : { role: "user", content: "Thanks. How long will the refund take to reach my card?" },
    {
      role: "assistant",
      content: `I have refunded the duplicate charge on ${order}. It usually reaches your card within 3–5 business days; reference R-${index}.`,
    },
  ];
}

function summary(index, passed) {
  const fired = {
    injection: "refund times out",
    type: "tool_error",
    trigger: "random",
    fired: true,
    reason: `refund: random 0.${(index * 37) % 100} < probability 0.5`,
    at_seconds: 2.1,
    event_count: 6,
    turn: 1,
    outcome: { tool: "refund", error: { type: "timeout", message: "The request timed out", recoverable: true } },
  };
  const skipped = {
    ...fired,
    injection: "planted instruction",
    type: "adversarial",
    trigger: "event_count",
    fired: false,
    reason: "event count 4 < 6",
    outcome: undefined,
  };
  const check = {
    name: "state",
    target: "state.refunds",
    expected: [{ order_id: `A${1000 + index}`, amount: 40 }],
    actual: passed ? [{ order_id: `A${1000 + index}`, amount: 40 }] : [],
    passed,
    message: `end state: state.refunds equals [{"order_id":"A${1000 + index}","amount":40}]${passed ? "" : " (actual [])"}`,
  };
  return {
    scenario_name: `refund ${index}`,
    scenario_type: index % 3 === 0 ? "edge_case" : "business",
    seed: index,
    execution_time_seconds: 31.5,
    total_steps: 4,
    total_events: 14,
    injections_count: 1,
    deviations_count: passed ? 0 : 1,
    events_by_type: { message: 5, action_request: 2, action_response: 2, injection: 1 },
    events_by_actor: { user: 2, agent: 3, environment: 4 },
    outcome_checks: {
      all_passed: passed,
      checks: [
        {
          name: "required_event",
          target: "action_request",
          expected: 1,
          actual: 2,
          passed: true,
          message: "action_request seen 2 times",
        },
        check,
      ],
    },
    deviations: passed
      ? []
      : [
          {
            step_index: 2,
            kind: "outcome_unmet",
            expected: check.expected,
            actual: [],
            message: check.message,
            at_seconds: 31.5,
          },
        ],
    injections_performed: [fired],
    injection_log: [fired, skipped],
    variables: { refunds_issued: passed ? 1 : 0 },
    final_state: { refunds: check.actual },
    passed,
  };
}

function entry(index) {
  const { status, expect } = plan(index);
  const passed = status === "pass";
  const result = {
    runId: `run-${index}`,
    scenarioRunId: `run-${index}`,
    batchRunId: "bench",
    success: passed,
    status,
    messages: messages(index),
    reasoning: passed
      ? "All 2 declarative checks passed"
      : status === "skipped"
        ? "No judge model: set defaultModel"
        : "Expected behaviour not met: the refund was never recorded",
    metCriteria: passed ? ["The agent refunds the duplicate charge"] : [],
    unmetCriteria: passed ? [] : ["The agent refunds the duplicate charge"],
    ...(status === "error" ? { error: "agent threw: connection reset by peer", errorCode: "agent_failed" } : {}),
    totalTime: 0.05 + (index % 7) / 100,
    agentTime: 0.03,
    seed: index,
    setId: "default",
    scenarioId: `refund-${index}`,
    threadId: `thread-${index}`,
    metadata: {},
    diagnostics: [],
    scenarioRun: summary(index, passed),
  };
  const scenario = {
    name: `Refund a duplicate charge #${index}`,
    description: "A customer charged twice asks for a refund.",
    tags: ["refunds"],
    expect,
  };
  return { scenario, result };
}

const entries = Array.from({ length: count }, (_, index) => entry(index));
const report = buildRunReport({
  entries,
  batchRunId: "bench",
  startedAt: new Date("2026-01-01T00:00:00Z"),
  finishedAt: new Date("2026-01-01T00:01:00Z"),
  toolVersion: "bench",
  command: `rehearse run --reporter html (${count} scenarios)`,
});
const started = performance.now();
const html = htmlReport(report);
const renderMs = performance.now() - started;
const bytes = Buffer.byteLength(html);
const jsonBytes = Buffer.byteLength(jsonReport(report));
const junitBytes = Buffer.byteLength(junitReport(report));
console.log(
  JSON.stringify({
    scenarios: count,
    bytes,
    megabytes: round(bytes / MB, 2),
    renderMs: round(renderMs, 1),
    jsonMegabytes: round(jsonBytes / MB, 2),
    junitMegabytes: round(junitBytes / MB, 2),
  }),
);
