/**
 * A scenario's history with a slow run in it, reported through the real
 * reporter (`createRehearse` → outbox → `POST /api/v1/events`): one run per
 * batch, in order, whose agent answers after the run's delay. The server
 * scores each finished run's measured duration against the runs before it,
 * so a delay far above the others' is the anomaly the dashboard must show.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AgentRole, agent, createRehearse, succeed, user } from "@rehearse/core";
import type { ReportTarget } from "./seed.js";

/** One reported run. */
export interface TimedRun {
  runId: string;
  batchId: string;
  delayMs: number;
  /** The run's wall time as the reporter measured it. */
  durationMs: number;
}

/** Reports one run per entry of `delays` (ms), each in batch `<setId>-<n>`; resolves once the server has every event. */
export async function reportLatencyHistory(
  target: ReportTarget,
  options: { setId: string; scenarioId: string; name: string; delays: readonly number[] },
): Promise<TimedRun[]> {
  const outboxDir = mkdtempSync(join(tmpdir(), "rehearse-e2e-latency-"));
  const rehearse = createRehearse({
    configFile: false,
    env: {},
    config: { report: { endpoint: target.endpoint, apiKey: target.apiKey, outboxDir, redact: false } },
  });
  const runs: TimedRun[] = [];
  try {
    for (const [index, delayMs] of options.delays.entries()) {
      const batchId = `${options.setId}-${String(index + 1).padStart(2, "0")}`;
      const answering = {
        name: "SlowAgent",
        role: AgentRole.AGENT,
        call: async () => {
          await sleep(delayMs);
          return "Your order ships tomorrow.";
        },
      };
      const result = await rehearse.run(
        {
          id: options.scenarioId,
          name: options.name,
          description: "An agent whose answer takes as long as the test says.",
          setId: options.setId,
          agents: [answering],
          script: [user("When does my order ship?"), agent(), succeed("The agent answered.")],
        },
        { batchRunId: batchId, seed: index + 1 },
      );
      if (result.status !== "pass")
        throw new Error(`latency history: run ${index + 1} ended ${result.status}: ${result.error ?? ""}`);
      runs.push({ runId: result.scenarioRunId, batchId, delayMs, durationMs: Math.round((result.totalTime ?? 0) * 1000) });
    }
  } finally {
    const left = await rehearse.close({ timeoutMs: 30_000 });
    rmSync(outboxDir, { recursive: true, force: true });
    if (left && (left.pending > 0 || left.deadLettered > 0))
      // biome-ignore lint/correctness/noUnsafeFinally: a history the server did not fully take must not pass for one
      throw new Error(`latency history: ${left.pending} events not delivered, ${left.deadLettered} refused`);
  }
  return runs;
}
