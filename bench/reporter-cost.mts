// The HTTP reporter's cost per event (bench/README.md, "Reporter"): N runs' worth of real events
// (captured from one run of workload E's scenario, each copy with its own run id) published into an
// HttpReporter (fsync "batch") against the local fake server, then closed.
//   callerUsPerEvent      CPU (process.cpuUsage, user + system) of the publish loop ÷ events: what a run pays
//   backgroundUsPerEvent  CPU from the end of that loop until close() returned (packing, writes, fsyncs,
//                         HTTP) ÷ events: paid by the same process, off the run's path
// Usage: node --import tsx bench/reporter-cost.mts <endpoint> <runs>   → one JSON line
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpReporter } from "../packages/core/src/delivery/http-reporter.ts";
import type { ScenarioEvent } from "../packages/core/src/domain/event.ts";
import { AgentRole } from "../packages/core/src/domain/roles.ts";
import { createRehearse } from "../packages/core/src/runner/rehearse.ts";

const [endpoint = "", runsText = "2000"] = process.argv.slice(2);
const runs = Number(runsText);
const captured: ScenarioEvent[] = [];
let replies = 0;
const agents = [
  { role: AgentRole.USER, call: async () => "hello there" },
  {
    role: AgentRole.AGENT,
    call: async (input: { messages: Array<{ content: unknown }> }) =>
      `You said: ${String(input.messages.at(-1)?.content)} (${++replies})`,
  },
  {
    role: AgentRole.JUDGE,
    criteria: ["agent echoes"],
    call: async () =>
      replies >= 3 ? { success: true, reasoning: "echoed 3 times", metCriteria: ["agent echoes"], unmetCriteria: [] } : null,
  },
];
const result = await createRehearse({ configFile: false, env: {} }).run(
  { name: "e", description: "echo", agents, maxTurns: 5 } as never,
  { onEvent: (event) => captured.push(event) },
);
const copies = Array.from({ length: runs }, (_, index) =>
  captured.map((event) => ({ ...event, scenarioRunId: `run_${index}` }) as ScenarioEvent),
);
const directory = mkdtempSync(join(tmpdir(), "rehearse-bench-outbox-"));
const reporter = new HttpReporter({ endpoint, apiKey: "bench", outboxDir: directory, fsync: "batch" });
const cpu = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
const events = runs * captured.length;
const before = cpu();
for (const run of copies)
  for (const event of run) reporter.observe(event, event.type === "SCENARIO_RUN_FINISHED" ? result : undefined);
const published = cpu();
const started = performance.now();
const report = await reporter.close({ timeoutMs: 60_000 });
const closed = cpu();
rmSync(directory, { recursive: true, force: true });
console.log(
  JSON.stringify({
    runs,
    eventsPerRun: captured.length,
    events,
    callerUsPerEvent: Math.round(((published - before) / events) * 100) / 100,
    backgroundUsPerEvent: Math.round(((closed - published) / events) * 100) / 100,
    drainMs: Math.round(performance.now() - started),
    delivered: report.delivered,
    pending: report.pending,
  }),
);
