import { describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec, Injection } from "../domain/declarative.js";
import { messageText } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { eicarTestString } from "../environment/eicar.js";
import { createRehearse } from "../runner/rehearse.js";
import { userMessage, wait } from "../script/seed-steps.js";

const environment: EnvironmentSpec = {
  state: { stock: 3 },
  tools: {
    check_stock: { parameters: { type: "object" }, response: { result: { stock: "{{state.stock}}" } } },
  },
};

/** Calls check_stock once per turn and reports what it got (the tool's error included). */
const stockAgent: Agent = {
  role: AgentRole.AGENT,
  name: "stock-agent",
  async call(input: AgentInput) {
    try {
      const result = await input.tools?.check_stock?.execute({} as never, { toolCallId: `c${input.messages.length}` });
      return `stock: ${JSON.stringify(result)}`;
    } catch (error) {
      return `tool failed: ${(error as Error).message}`;
    }
  },
};

function scenario(
  injections: Injection[],
  script: ScenarioConfig["script"],
  extra: Partial<ScenarioConfig> = {},
): ScenarioConfig {
  return { name: "injections", description: "faults", agents: [stockAgent], environment, injections, script, ...extra };
}

const turns = (count: number) => Array.from({ length: count }, (_, index) => userMessage(`question ${index}`));

describe("tool_error", () => {
  it("fails the matching call with the error payload, logs the fire and emits an injection event", async () => {
    const events: string[] = [];
    const result = await createRehearse().run(
      scenario([{ type: "tool_error", target_action: "check_stock", error_type: "not_found", error_message: "gone" }], turns(1)),
      { onEvent: (event) => events.push(event.type), seed: 1 },
    );
    expect(messageText(result.messages[1] as never)).toBe("tool failed: not_found: gone");
    const [entry] = result.scenarioRun?.injections_performed ?? [];
    expect(entry).toMatchObject({ injection: "tool_error#0", trigger: "call", fired: true });
    expect(entry?.outcome).toMatchObject({
      tool: "check_stock",
      error: { type: "not_found", message: "gone", recoverable: true },
    });
    expect(events).toContain("injection");
  });

  it("draws per call with the run's seed: fired and not-fired evaluations are logged, identically for the same seed", async () => {
    const config = scenario([{ type: "tool_error", target_action: "*", error_type: "rate_limit", probability: 0.5 }], turns(12));
    const first = await createRehearse().run(config, { seed: 42 });
    const second = await createRehearse().run(config, { seed: 42 });
    const log = first.scenarioRun?.injection_log ?? [];
    expect(log).toHaveLength(12);
    const fired = log.filter((entry) => entry.fired).length;
    expect(fired).toBeGreaterThan(0);
    expect(fired).toBeLessThan(12);
    expect(log.every((entry) => /random 0\.\d{4} [<≥] probability 0\.5/.test(entry.reason))).toBe(true);
    expect(second.scenarioRun).toEqual(first.scenarioRun);
    const other = await createRehearse().run(config, { seed: 7 });
    expect(other.scenarioRun?.injection_log.map((entry) => entry.fired)).not.toEqual(log.map((entry) => entry.fired));
  });

  it("a timeout takes its virtual seconds", async () => {
    const result = await createRehearse().run(
      scenario([{ type: "tool_error", target_action: "check_stock", error_type: "timeout", timeout_seconds: 45 }], turns(1)),
    );
    // 45 s timeout + 1 s for the agent's turn; the tool's own latency is not taken when it times out
    expect(result.scenarioRun?.execution_time_seconds).toBe(46);
  });
});

describe("system_condition", () => {
  it("fails calls inside its window only, and logs calls outside it", async () => {
    const result = await createRehearse().run(
      scenario(
        [{ type: "system_condition", condition_type: "network_error", target_timestamp: 10, duration: 20 }],
        [userMessage("a"), wait(10), userMessage("b"), wait(30), userMessage("c")],
      ),
    );
    const replies = result.messages.filter((message) => message.role === "assistant").map((message) => messageText(message));
    expect(replies[0]).toMatch(/^stock:/);
    expect(replies[1]).toBe("tool failed: network_error: The network connection failed");
    expect(replies[2]).toMatch(/^stock:/);
    expect(result.scenarioRun?.injection_log.map((entry) => entry.fired)).toEqual([false, true, false]);
    expect(result.scenarioRun?.injection_log[0]?.reason).toContain("not active at 0s");
  });

  it("high_latency delays calls on the virtual clock", async () => {
    const result = await createRehearse().run(
      scenario([{ type: "system_condition", condition_type: "high_latency", latency_seconds: 8 }], turns(2)),
    );
    // per turn: 8 s injected + 0.1 s tool + 1 s agent
    expect(result.scenarioRun?.execution_time_seconds).toBeCloseTo(18.2, 6);
  });
});

describe("message injections", () => {
  it("user_message fires when the event count is reached, and logs the evaluations before it", async () => {
    const result = await createRehearse().run(
      scenario(
        [{ type: "user_message", message: "By the way, I moved house.", trigger: { kind: "event_count", count: 5 } }],
        turns(3),
      ),
    );
    const log = result.scenarioRun?.injection_log ?? [];
    expect(log.map((entry) => entry.fired)).toEqual([false, true]);
    expect(log[0]?.reason).toMatch(/event_count/);
    const users = result.messages.filter((message) => message.role === "user").map((message) => messageText(message));
    expect(users).toEqual(["question 0", "question 1", "By the way, I moved house.", "question 2"]);
  });

  it("adversarial picks a library payload with the run's seed (same seed, same payload) and sends it as the user", async () => {
    const config = scenario([{ type: "adversarial", attack_type: "prompt_injection", severity: "high" }], turns(1));
    const first = await createRehearse().run(config, { seed: 3 });
    const again = await createRehearse().run(config, { seed: 3 });
    const outcome = first.scenarioRun?.injections_performed[0]?.outcome as Record<string, unknown>;
    expect(outcome).toMatchObject({ attack_type: "prompt_injection", severity: "high" });
    expect(String(outcome.payload)).toMatch(/^pi-\d{3}$/);
    expect(first.messages.map((message) => messageText(message))).toContain(outcome.text);
    expect(again.scenarioRun?.injections_performed[0]?.outcome).toEqual(outcome);
  });

  it("file_upload hands the agent a real file with the EICAR test string", async () => {
    let seen: AgentInput["messages"] = [];
    const reader: Agent = {
      role: AgentRole.AGENT,
      call: async (input) => {
        seen = input.messages;
        return "I will not open that file.";
      },
    };
    const result = await createRehearse().run({
      ...scenario(
        [{ type: "file_upload", file_type: "pdf", file_size_mb: 0.01, filename: "invoice.pdf", contains_malware: true }],
        turns(1),
      ),
      agents: [reader],
    });
    const upload = seen.find((message) => message.role === "user" && Array.isArray(message.content));
    const part = ((upload?.content ?? []) as Array<{ type: string; data?: string; filename?: string }>).find(
      (item) => item.type === "file",
    );
    expect(part?.filename).toBe("invoice.pdf");
    expect(Buffer.from(String(part?.data), "base64").toString("latin1")).toContain(eicarTestString());
    expect(result.scenarioRun?.injections_performed[0]?.outcome).toMatchObject({ contains_malware: true, file_type: "pdf" });
  });
});

describe("concurrency", () => {
  it("keeps N operations in flight at the target, with the same statistics for the same seed", async () => {
    let inFlight = 0;
    let maxSeen = 0;
    const loadEnvironment: EnvironmentSpec = {
      state: {},
      tools: {
        read: {
          latency: 0.2,
          handler: async () => {
            inFlight++;
            maxSeen = Math.max(maxSeen, inFlight);
            await new Promise((resolve) => setImmediate(resolve));
            inFlight--;
            return { ok: true };
          },
        },
      },
    };
    const config: ScenarioConfig = {
      ...scenario(
        [
          { type: "concurrency", num_concurrent: 16, operation: "read", duration_seconds: 60 },
          { type: "tool_error", target_action: "read", error_type: "internal_error", probability: 0.1 },
        ],
        turns(1),
      ),
      environment: loadEnvironment,
      agents: [{ role: AgentRole.AGENT, call: async () => "ok" }],
    };
    const started = Date.now();
    const first = await createRehearse().run(config, { seed: 11 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(maxSeen).toBe(16);
    const outcome = first.scenarioRun?.injections_performed.find((entry) => entry.type === "concurrency")?.outcome as Record<
      string,
      number
    >;
    expect(outcome.max_in_flight).toBe(16);
    expect(outcome.ops).toBeGreaterThan(16 * 200);
    expect(outcome.simulated_ops).toBe(outcome.ops);
    expect(outcome.errors).toBeGreaterThan(0);
    // load operations are counted in the burst's statistics, not logged one by one
    expect(first.scenarioRun?.injection_log.filter((entry) => entry.type === "tool_error")).toEqual([]);
    // the schedule's virtual latencies (0.2 s × [0.5, 1.5)) are reported as simulated, never as measured
    expect(outcome.simulated_p50_ms).toBeGreaterThan(100);
    expect(outcome.simulated_p95_ms).toBeGreaterThan(outcome.simulated_p50_ms as number);
    expect(first.scenarioRun?.execution_time_seconds).toBeGreaterThanOrEqual(60);
    const second = await createRehearse().run(config, { seed: 11 });
    const again = second.scenarioRun?.injections_performed.find((entry) => entry.type === "concurrency")?.outcome as Record<
      string,
      unknown
    >;
    const repeatable = (figures: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(figures).filter(([key]) => !/_ms$/.test(key) || key.startsWith("simulated_")));
    expect(repeatable(again)).toEqual(repeatable(outcome));
  });
});
