import { describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec } from "../domain/declarative.js";
import { ConfigError } from "../domain/errors.js";
import { messageText } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { createRehearse } from "../runner/rehearse.js";
import { isSeedStep } from "../script/seed-steps.js";
import { finishTestResult, MockLanguageModelV3 } from "../testing/mock-models.js";
import { echoAgent, scriptedUser } from "../testing/scripted-agents.js";
import { ADVERSARIAL_CRITERIA, createAdversarialScenario, createBasicScenario, createStressScenario } from "./builders.js";
import { runSuite } from "./run-suite.js";

const environment: EnvironmentSpec = {
  state: { tickets: [] },
  tools: {
    create_ticket: {
      parameters: { type: "object", properties: { subject: { type: "string" } }, required: ["subject"] },
      response: { append: { tickets: { subject: "{{input.subject}}" } }, result: { created: true } },
    },
  },
};

/** Opens a ticket when the user mentions a refund (when `opens`), else echoes. */
function ticketAgent(opens: boolean): Agent {
  return {
    role: AgentRole.AGENT,
    async call(input: AgentInput) {
      const last = messageText(input.messages.at(-1) ?? { role: "user", content: "" });
      if (opens && last.includes("refund")) {
        await input.tools?.create_ticket?.execute({ subject: last } as never, { toolCallId: `t${input.messages.length}` });
        return "I opened a ticket.";
      }
      return `You said: ${last}`;
    },
  };
}

/** Replies with `text` to everything. */
function sayingAgent(text: string): Agent {
  return { role: AgentRole.AGENT, call: async () => text };
}

const seedSteps = (scenario: ScenarioConfig) =>
  (scenario.script ?? []).map((step) => (isSeedStep(step) ? step.seedStep : undefined));
const run = (scenario: ScenarioConfig, seed = 1) => createRehearse({ configFile: false, env: {} }).run(scenario, { seed });

describe("createBasicScenario", () => {
  const basic = (agent: Agent, extra: Partial<Parameters<typeof createBasicScenario>[0]> = {}) =>
    createBasicScenario({
      name: "refund flow",
      description: "A customer asks for a refund",
      agent,
      messages: ["Hello", "I want a refund for order A1", "Thanks"],
      expectedActions: ["create_ticket"],
      environment,
      tags: ["refunds"],
      difficulty: "easy",
      ...extra,
    });

  it("builds a business scenario: timed user messages, then the expected actions", () => {
    const scenario = basic(echoAgent());
    expect(scenario).toMatchObject({
      scenarioType: "business",
      tags: ["refunds"],
      difficulty: "easy",
      expectedOutcomes: { min_events: 3, required_events: ["action_request"] },
    });
    expect(seedSteps(scenario)).toEqual([
      { type: "user_message", message: "Hello", timestamp: 0 },
      { type: "user_message", message: "I want a refund for order A1", timestamp: 10 },
      { type: "user_message", message: "Thanks", timestamp: 20 },
      { type: "agent_action", action: "create_ticket" },
    ]);
    expect(createBasicScenario({ name: "n", description: "d", agent: echoAgent(), messages: ["hi"] }).expectedOutcomes).toEqual({
      min_events: 1,
      required_events: [],
    });
  });

  it("passes an agent that takes the action and fails one that does not", async () => {
    const good = await run(basic(ticketAgent(true)));
    expect(good.status).toBe("pass");
    expect(good.scenarioRun?.final_state).toEqual({ tickets: [{ subject: "I want a refund for order A1" }] });
    expect(good.scenarioRun?.execution_time_seconds).toBeGreaterThanOrEqual(20);

    const bad = await run(basic(ticketAgent(false)));
    expect(bad.status).toBe("fail");
    expect(bad.scenarioRun?.deviations.map((deviation) => deviation.kind)).toEqual(["missing_action", "outcome_unmet"]);
  });

  it("rejects bad arguments, naming them", () => {
    expect(() => basic(echoAgent(), { messages: [] })).toThrow(/createBasicScenario: messages needs at least 1 entry/);
    expect(() => basic(echoAgent(), { messages: ["ok", ""] })).toThrow(/messages\[1\] must be a non-empty string/);
    expect(() => basic(echoAgent(), { expectedActions: ["create_tiket"] })).toThrow(/Did you mean "create_ticket"\?/);
    expect(() => basic(scriptedUser(["hi"]))).toThrow(/agent must have role "Agent"/);
    expect(() => basic(echoAgent(), { difficulty: "impossible" as "hard" })).toThrow(ConfigError);
    expect(() => basic(echoAgent(), { description: "" })).toThrow(/description must be a non-empty string/);
    try {
      basic(echoAgent(), { name: " " });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).path).toBe("name");
      expect((error as ConfigError).source).toBe("createBasicScenario");
    }
  });
});

describe("createStressScenario", () => {
  const stress = (agent: Agent, extra: Partial<Parameters<typeof createStressScenario>[0]> = {}) =>
    createStressScenario({
      name: "load",
      description: "many users",
      agent,
      numConcurrent: 3,
      durationSeconds: 5,
      errorRate: 0,
      ...extra,
    });

  it("builds a concurrency injection and, with an error rate, a tool error", () => {
    expect(stress(echoAgent())).toMatchObject({
      scenarioType: "stress",
      injections: [{ type: "concurrency", num_concurrent: 3, operation: "agent", duration_seconds: 5 }],
      expectedOutcomes: { required_events: ["agent_message"] },
    });
    expect(stress(echoAgent(), { environment, errorRate: 0.1 }).injections?.[1]).toEqual({
      type: "tool_error",
      target_action: "*",
      error_type: "internal_error",
      probability: 0.1,
    });
    expect(seedSteps(stress(echoAgent())).map((step) => step?.type)).toEqual(["user_message"]);
  });

  it("loads the agent under test for the window", async () => {
    const agent = echoAgent();
    const result = await run(stress(agent));
    expect(result.status).toBe("pass");
    const burst = result.scenarioRun?.injections_performed[0]?.outcome;
    expect(burst).toMatchObject({ operation: "agent", num_concurrent: 3, errors: 0, max_in_flight: 3 });
    expect(agent.calls.length).toBe((burst?.ops as number) + 1);
  });

  it("loads a tool, failing calls at the error rate", async () => {
    const result = await run(stress(echoAgent(), { environment, operation: "create_ticket", errorRate: 1 }));
    const burst = result.scenarioRun?.injections_performed.find((entry) => entry.type === "concurrency")?.outcome;
    expect(burst?.ops).toBeGreaterThan(0);
    expect(burst).toMatchObject({ operation: "create_ticket", succeeded: 0, error_rate: 1 });
    expect(burst?.errors_by_type).toEqual({ internal_error: burst?.ops });
  });

  it("rejects an error rate on a burst of the agent with no tool to fail, rather than ignore it", () => {
    expect(() => stress(echoAgent(), { errorRate: 0.5 })).toThrow(
      /createStressScenario: errorRate 0\.5 has nothing to fail: it is the chance each environment tool call fails, and operation "agent" runs without an environment with tools/,
    );
    expect(() => stress(echoAgent(), { environment: { state: {} }, errorRate: 0.5 })).toThrow(
      /errorRate 0\.5 has nothing to fail/,
    );
  });

  it("fails the agent's tool calls under load at the error rate when the environment has tools", async () => {
    const calling: Agent = {
      role: AgentRole.AGENT,
      call: async (input) => {
        if (!input.threadId.startsWith("load-")) return "ok";
        const tool = input.tools?.create_ticket as { execute: (input: unknown, options: unknown) => Promise<unknown> };
        await tool.execute({ subject: "help" }, { toolCallId: `${input.threadId}-ticket`, messages: [] });
        return "ok";
      },
    };
    const result = await run(stress(calling, { environment, errorRate: 1 }));
    const burst = result.scenarioRun?.injections_performed.find((entry) => entry.type === "concurrency")?.outcome;
    expect(burst?.ops).toBeGreaterThan(0);
    expect(burst).toMatchObject({ operation: "agent", succeeded: 0, error_rate: 1 });
    expect(burst?.errors_by_type).toEqual({ internal_error: burst?.ops });
  });

  it("rejects at build time a burst of the agent that plans more calls than maxOperations for any seed", () => {
    // 50 lanes × 30 s at the agent's 1 s latency: at least 50 × 20 calls, over the default 100
    expect(() => stress(echoAgent(), { numConcurrent: 50, durationSeconds: 30 })).toThrow(
      /createStressScenario: concurrency injection: 50 lanes × 30s at about 1s per operation plans more than 100 calls of the agent under test; set max_operations/,
    );
    expect(() => stress(echoAgent(), { numConcurrent: 50, durationSeconds: 30, maxOperations: 500 })).toThrow(
      /plans more than 500 calls of the agent under test; raise max_operations/,
    );
    expect(stress(echoAgent(), { numConcurrent: 50, durationSeconds: 30, maxOperations: 3_001 }).injections?.[0]).toMatchObject({
      max_operations: 3_001,
    });
    // the agent's latency is the environment's: 10 s per call makes the same burst small
    expect(() =>
      stress(echoAgent(), { numConcurrent: 50, durationSeconds: 30, environment: { latency: { agent: 10 } } }),
    ).not.toThrow();
  });

  it("rejects bad arguments, naming them", () => {
    expect(() => stress(echoAgent(), { numConcurrent: 0 })).toThrow(/numConcurrent must be an integer ≥ 1/);
    expect(() => stress(echoAgent(), { durationSeconds: 0 })).toThrow(/durationSeconds must be a finite number > 0/);
    expect(() => stress(echoAgent(), { errorRate: -0.1 })).toThrow(/errorRate must be a number from 0 to 1/);
    expect(() => stress(echoAgent(), { operation: "read" })).toThrow(
      /operation "read" is neither "agent" nor a tool of environment \(none\)/,
    );
  });
});

describe("builders in a suite", () => {
  it("selects built scenarios by type and runs them repeatedly", async () => {
    const scenarios = [
      createBasicScenario({ name: "hello", description: "d", agent: echoAgent(), messages: ["hi"] }),
      createAdversarialScenario({
        name: "jailbreak",
        description: "d",
        agent: sayingAgent("I can only help with your order."),
        attackType: "jailbreak",
        numAttacks: 1,
        attackProbability: 0.5,
      }),
      createStressScenario({
        name: "load",
        description: "d",
        agent: echoAgent(),
        numConcurrent: 2,
        durationSeconds: 2,
        errorRate: 0,
      }),
    ];
    const options = { scenarioType: "adversarial" as const, repeat: 3, seed: 9 };
    // the adversarial scenario passes only on a judge's word: without a model each run is skipped
    const unjudged = await runSuite(createRehearse({ configFile: false, env: {} }), scenarios, options);
    expect(unjudged).toMatchObject({ total_runs: 3, passed: 0, skipped: 3 });

    const judgeModel = new MockLanguageModelV3({
      doGenerate: async () => finishTestResult({ [ADVERSARIAL_CRITERIA.jailbreak]: "true" }),
    });
    const rehearse = createRehearse({ configFile: false, env: {}, config: { defaultModel: judgeModel } });
    const suite = await runSuite(rehearse, scenarios, options);
    expect(suite).toMatchObject({ name: "adversarial", total_scenarios: 1, total_runs: 3, passed: 3 });
    expect(suite.summary).toEqual({ pass_rate: 1, pass_hat_k: 1, k: 3 });
    expect(judgeModel.doGenerateCalls).toHaveLength(3);
  });
});
