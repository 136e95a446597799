import { describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import type { Injection } from "../domain/declarative.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { userMessage } from "../script/seed-steps.js";

// System conditions reach load calls of the agent under test (`operation: agent`), as they reach a tool's.

function burstOf(result: ScenarioResult): Record<string, unknown> {
  const entry = result.scenarioRun?.injections_performed.find((performed) => performed.type === "concurrency");
  if (!entry?.outcome) throw new Error(`no burst in ${JSON.stringify(result.scenarioRun?.injection_log)}: ${result.reasoning}`);
  return entry.outcome as Record<string, unknown>;
}

const silent = { warn() {}, error() {}, info() {}, debug() {}, transcript() {} };

/** Runs a burst of 2 agent lanes × 6 s (agent latency 0.5 s) beside `conditions`; counts the agent's load calls. */
async function agentBurst(conditions: Injection[]): Promise<{ burst: Record<string, unknown>; loadCalls: number }> {
  let loadCalls = 0;
  const agent: Agent = {
    role: AgentRole.AGENT,
    call: async (input) => {
      if (input.threadId.startsWith("load-")) loadCalls++;
      return "ok";
    },
  };
  const result = await createRehearse({ configFile: false, logger: silent }).run(
    {
      name: "agent load",
      description: "a burst of calls of the agent under conditions",
      agents: [agent],
      environment: { latency: { agent: 0.5 }, tools: { lookup: { handler: () => ({ ok: true }) } } },
      injections: [{ type: "concurrency", operation: "agent", num_concurrent: 2, duration_seconds: 6 }, ...conditions],
      script: [userMessage("hello")],
    },
    { seed: 2 },
  );
  return { burst: burstOf(result), loadCalls };
}

describe("system conditions reach load calls of the agent under test", () => {
  it("lengthens agent operations on the schedule under high_latency, so fewer fit in the burst", async () => {
    const plain = await agentBurst([]);
    const slow = await agentBurst([{ type: "system_condition", condition_type: "high_latency", latency_seconds: 2 }]);
    expect(slow.burst.simulated_ops).toBeLessThan(plain.burst.simulated_ops as number);
    // 0.5 s × [0.5, 1.5) + 2 s
    expect(slow.burst.simulated_p50_ms).toBeGreaterThanOrEqual(2_250);
    expect(slow.burst.simulated_max_ms).toBeLessThan(2_750);
    expect(slow.burst).toMatchObject({ errors: 0, ops: slow.burst.simulated_ops });
    expect(slow.loadCalls).toBe(slow.burst.ops);
  });

  it("fails the agent operations that start inside a network_error window, and only those, without calling the agent", async () => {
    const { burst, loadCalls } = await agentBurst([
      { type: "system_condition", condition_type: "network_error", target_timestamp: 0, duration: 3 },
    ]);
    const failed = (burst.errors_by_type as Record<string, number>).network_error ?? 0;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(burst.ops as number);
    expect(burst.errors).toBe(failed);
    expect(burst.error_messages).toEqual([{ type: "network_error", message: "The network connection failed", count: failed }]);
    expect(loadCalls).toBe((burst.ops as number) - failed);
  });

  it("fails every agent operation under rate_limit when its target_actions name the agent", async () => {
    const { burst, loadCalls } = await agentBurst([
      { type: "system_condition", condition_type: "rate_limit", target_actions: ["agent"] },
    ]);
    expect(burst.ops).toBeGreaterThan(0);
    expect(burst).toMatchObject({ errors: burst.ops, errors_by_type: { rate_limit: burst.ops }, error_rate: 1 });
    expect(loadCalls).toBe(0);
  });

  it("leaves agent operations alone when the condition's target_actions name only tools", async () => {
    const plain = await agentBurst([]);
    const onTool = await agentBurst([
      { type: "system_condition", condition_type: "rate_limit", target_actions: ["lookup"] },
      { type: "system_condition", condition_type: "high_latency", latency_seconds: 2, target_actions: ["lookup"] },
    ]);
    expect(onTool.burst.errors).toBe(0);
    expect(onTool.burst.simulated_ops).toBe(plain.burst.simulated_ops);
    expect(onTool.burst.simulated_p50_ms).toBe(plain.burst.simulated_p50_ms);
  });

  it("makes each agent operation under timeout take its 30 s and fail with timeout", async () => {
    const { burst, loadCalls } = await agentBurst([{ type: "system_condition", condition_type: "timeout" }]);
    // each lane's first operation fills the 6 s window
    expect(burst).toMatchObject({
      simulated_ops: 2,
      ops: 2,
      errors: 2,
      errors_by_type: { timeout: 2 },
      simulated_max_ms: 30_000,
    });
    expect(loadCalls).toBe(0);
  });

  it("does not fail agent operations for a target: model condition (that one fails the agent's model calls)", async () => {
    const { burst, loadCalls } = await agentBurst([
      { type: "system_condition", target: "model", condition_type: "network_error" },
    ]);
    expect(burst.errors).toBe(0);
    expect(loadCalls).toBe(burst.ops);
  });
});
