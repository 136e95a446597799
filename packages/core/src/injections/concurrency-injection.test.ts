import { describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import type { EnvironmentSpec, Injection } from "../domain/declarative.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import type { Logger } from "../runner/logger.js";
import { createRehearse } from "../runner/rehearse.js";
import { userMessage } from "../script/seed-steps.js";
import { manualClock } from "../testing/manual-clock.js";

const replying: Agent = { role: AgentRole.AGENT, call: async () => "ok" };

function loadScenario(injections: Injection[], extra: Partial<ScenarioConfig> = {}): ScenarioConfig {
  return {
    name: "load",
    description: "a burst of load",
    agents: [replying],
    injections,
    script: [userMessage("hello")],
    ...extra,
  };
}

function burstOf(result: ScenarioResult): Record<string, unknown> {
  const entry = result.scenarioRun?.injections_performed.find((performed) => performed.type === "concurrency");
  if (!entry?.outcome) throw new Error(`no burst in ${JSON.stringify(result.scenarioRun?.injection_log)}: ${result.reasoning}`);
  return entry.outcome as Record<string, unknown>;
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => {};
  return { warnings, warn: (message) => warnings.push(message), error: ignore, info: ignore, debug: ignore, transcript: ignore };
}

describe("concurrency: measured figures", () => {
  it("reports what an agent that takes 200 ms on the real clock really took, beside the simulated schedule", async () => {
    const sleepy: Agent = {
      role: AgentRole.AGENT,
      call: () => new Promise((resolve) => setTimeout(() => resolve("done"), 200)),
    };
    const result = await createRehearse({ configFile: false }).run(
      // the agent's virtual latency is 10 ms: the schedule (and the figures before they were measured) said 5–15 ms
      loadScenario([{ type: "concurrency", operation: "agent", num_concurrent: 2, duration_seconds: 0.02 }], {
        agents: [sleepy],
        environment: { latency: { agent: 0.01 } },
      }),
      { seed: 3 },
    );
    const burst = burstOf(result);
    expect(burst.ops).toBeGreaterThanOrEqual(2);
    expect(burst.errors).toBe(0);
    expect(burst.p50_ms).toBeGreaterThanOrEqual(190);
    expect(burst.max_ms).toBeGreaterThanOrEqual(burst.p99_ms as number);
    expect(burst.p99_ms).toBeGreaterThanOrEqual(burst.p95_ms as number);
    expect(burst.p95_ms).toBeGreaterThanOrEqual(burst.p50_ms as number);
    expect(burst.simulated_p50_ms).toBeLessThan(15);
    expect(burst.simulated_ops).toBe(burst.ops);
  });

  it("draws the same schedule for the same seed and reports the durations it measured, whatever they were", async () => {
    const clock = manualClock(1_000);
    let cost = 7;
    const environment: EnvironmentSpec = {
      tools: {
        read: {
          latency: 0.2,
          handler: () => {
            clock.advance(cost);
            return { ok: true };
          },
        },
      },
    };
    const config = loadScenario([{ type: "concurrency", operation: "read", num_concurrent: 1, duration_seconds: 5 }], {
      environment,
    });
    const first = burstOf(await createRehearse({ configFile: false }).run(config, { seed: 5, clock }));
    cost = 11;
    const second = burstOf(await createRehearse({ configFile: false }).run(config, { seed: 5, clock }));
    const simulated = (burst: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(burst).filter(([key]) => key.startsWith("simulated_")));
    expect(simulated(second)).toEqual(simulated(first));
    expect(second.ops).toBe(first.ops);
    expect(first).toMatchObject({ p50_ms: 7, p95_ms: 7, p99_ms: 7, max_ms: 7 });
    expect(second).toMatchObject({ p50_ms: 11, p95_ms: 11, p99_ms: 11, max_ms: 11 });
    expect(first.simulated_p50_ms).not.toBe(7);
    expect(first.wall_ms).toBe(7 * (first.ops as number));
  });

  it("keeps each failure's type and message, counted, instead of a generic label", async () => {
    let calls = 0;
    const flaky: Agent = {
      role: AgentRole.AGENT,
      call: async (input) => {
        if (input.threadId.startsWith("load-") && ++calls % 2 === 0) throw new TypeError("cannot read properties of undefined");
        return "ok";
      },
    };
    const burst = burstOf(
      await createRehearse({ configFile: false }).run(
        loadScenario([{ type: "concurrency", operation: "agent", num_concurrent: 2, duration_seconds: 4 }], { agents: [flaky] }),
        { seed: 9 },
      ),
    );
    const errors = burst.errors as number;
    expect(errors).toBeGreaterThan(0);
    expect(burst.errors_by_type).toEqual({ TypeError: errors });
    expect(burst.error_messages).toEqual([{ type: "TypeError", message: "cannot read properties of undefined", count: errors }]);
  });
});

describe("concurrency: agent calls are announced and capped", () => {
  it("prints the planned number of agent calls before making them", async () => {
    const logger = recordingLogger();
    let loadCalls = 0;
    const counting: Agent = {
      role: AgentRole.AGENT,
      call: async (input) => {
        if (input.threadId.startsWith("load-")) {
          if (loadCalls === 0) expect(logger.warnings.some((line) => /making \d+ calls of the agent/.test(line))).toBe(true);
          loadCalls++;
        }
        return "ok";
      },
    };
    await createRehearse({ configFile: false, logger }).run(
      loadScenario([{ name: "users", type: "concurrency", operation: "agent", num_concurrent: 3, duration_seconds: 3 }], {
        agents: [counting],
      }),
      { seed: 1 },
    );
    expect(loadCalls).toBeGreaterThan(0);
    expect(logger.warnings).toEqual([
      `concurrency injection "users": making ${loadCalls} calls of the agent under test (3 at a time; max_operations 100)`,
    ]);
  });

  it("rejects a burst that would make more agent calls than max_operations, before the first", async () => {
    let loadCalls = 0;
    const counting: Agent = {
      role: AgentRole.AGENT,
      call: async (input) => {
        if (input.threadId.startsWith("load-")) loadCalls++;
        return "ok";
      },
    };
    const rehearse = createRehearse({ configFile: false, logger: recordingLogger() });
    const burst: Injection = { type: "concurrency", operation: "agent", num_concurrent: 50, duration_seconds: 30 };
    // a configuration error: run() rejects with it (a batch records it as the scenario's error)
    await expect(rehearse.run(loadScenario([burst], { agents: [counting] }), { seed: 1 })).rejects.toThrow(
      /50 lanes × 30s .* plans more than 100 calls of the agent under test; set max_operations/,
    );
    expect(loadCalls).toBe(0);
    const allowed = await rehearse.run(
      loadScenario([{ ...burst, duration_seconds: 3, max_operations: 200 }], { agents: [counting] }),
      {
        seed: 1,
      },
    );
    expect(allowed.status).not.toBe("error");
    expect(loadCalls).toBe(burstOf(allowed).ops);
  });
});

describe("concurrency: system conditions reach load operations", () => {
  const environment: EnvironmentSpec = { tools: { read: { latency: 0.5, handler: () => ({ ok: true }) } } };
  const burst: Injection = { type: "concurrency", operation: "read", num_concurrent: 4, duration_seconds: 20 };
  const run = (injections: Injection[]) =>
    createRehearse({ configFile: false }).run(loadScenario([burst, ...injections], { environment }), { seed: 21 });

  it("fails the operations that start inside a network_error window, and only those", async () => {
    const figures = burstOf(
      await run([{ type: "system_condition", condition_type: "network_error", target_timestamp: 0, duration: 10 }]),
    );
    const failed = (figures.errors_by_type as Record<string, number>).network_error ?? 0;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(figures.ops as number);
    expect(figures.error_messages).toEqual([{ type: "network_error", message: "The network connection failed", count: failed }]);
  });

  it("lengthens operations on the schedule under high_latency and timeout", async () => {
    const plain = burstOf(await run([]));
    const slow = burstOf(await run([{ type: "system_condition", condition_type: "high_latency", latency_seconds: 2 }]));
    const stuck = burstOf(await run([{ type: "system_condition", condition_type: "timeout" }]));
    expect(slow.simulated_ops).toBeLessThan(plain.simulated_ops as number);
    expect(slow.simulated_p50_ms).toBeGreaterThanOrEqual(2_000);
    expect(slow.errors).toBe(0);
    // a timeout takes its 30 s: each lane's first operation fills the 20 s window, and fails
    expect(stuck).toMatchObject({
      simulated_ops: 4,
      ops: 4,
      errors: 4,
      errors_by_type: { timeout: 4 },
      simulated_max_ms: 30_000,
    });
  });
});

describe("concurrency: load calls of the agent under test have the agent-call limit", () => {
  it("ends each hanging load call at the limit, counted as agent_timeout with the limit, and the run goes on", async () => {
    const signals: AbortSignal[] = [];
    // answers the conversation; the burst's calls (threads `load-…`) never settle unless told to stop
    const hangsUnderLoad: Agent = {
      name: "LoadHanger",
      role: AgentRole.AGENT,
      call: (input) => {
        if (!input.threadId.startsWith("load-")) return Promise.resolve("ok");
        if (input.signal) signals.push(input.signal);
        return new Promise(() => {});
      },
    };
    const started = performance.now();
    const result = await createRehearse({ configFile: false, logger: recordingLogger() }).run(
      loadScenario([{ type: "concurrency", operation: "agent", num_concurrent: 2, duration_seconds: 1 }], {
        agents: [hangsUnderLoad],
        environment: { latency: { agent: 0.5 } },
        timeouts: { agentCallMs: 100, scenarioMs: 10_000 },
      }),
      { seed: 2 },
    );
    const elapsed = performance.now() - started;

    expect(result.errorCode).not.toBe("scenario_timeout");
    const burst = burstOf(result);
    expect(burst.ops).toBeGreaterThanOrEqual(2);
    expect(burst.errors).toBe(burst.ops);
    expect(burst.errors_by_type).toEqual({ agent_timeout: burst.ops });
    expect(burst.error_messages).toEqual([
      { type: "agent_timeout", message: expect.stringContaining("[LoadHanger] did not answer within 100 ms"), count: burst.ops },
    ]);
    // each call's latency is the time until the limit, never before it
    expect(burst.p50_ms).toBeGreaterThanOrEqual(100);
    expect(burst.max_ms).toBeLessThan(2_000);
    // every load call was told to stop, with the timeout as the reason
    expect(signals.length).toBe(burst.ops);
    for (const signal of signals) {
      expect(signal.aborted).toBe(true);
      expect((signal.reason as { code?: string }).code).toBe("agent_timeout");
    }
    expect(elapsed).toBeLessThan(5_000);
  });
});
