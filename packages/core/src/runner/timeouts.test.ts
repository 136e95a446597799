import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { AgentInput } from "../domain/agent.js";
import { RehearseError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig, ScriptStep } from "../domain/scenario.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";

/** An agent under test whose promise never settles and that starts no timer of its own. */
function hangingScenario(name: string): ScenarioConfig {
  return {
    name,
    description: "the agent never answers",
    agents: [{ name: "HangingAgent", role: AgentRole.AGENT, call: () => new Promise(() => {}) }],
    script: [user("hello"), agent(), succeed()],
  };
}

/** An agent under test that answers after `milliseconds`, unless its `input.signal` aborts first. */
function slowScenario(name: string, milliseconds: number, seen: { signal?: AbortSignal }): ScenarioConfig {
  return {
    name,
    description: "the agent answers late",
    agents: [
      {
        name: "SlowAgent",
        role: AgentRole.AGENT,
        call: (input: AgentInput) =>
          new Promise((resolve, reject) => {
            seen.signal = input.signal;
            const timer = setTimeout(() => resolve("late answer"), milliseconds);
            input.signal?.addEventListener("abort", () => {
              clearTimeout(timer);
              reject(input.signal?.reason);
            });
          }),
      },
    ],
    script: [user("hello"), agent(), succeed()],
  };
}

function quickScenario(name: string): ScenarioConfig {
  return {
    name,
    description: "the agent answers at once",
    agents: [{ name: "QuickAgent", role: AgentRole.AGENT, call: async () => "hi" }],
    script: [user("hello"), agent(), succeed()],
  };
}

describe("timeouts", () => {
  it("ends a hanging and a slow agent `error` within the limit, naming the agent and the limit; the rest of the batch runs", async () => {
    const seen: { signal?: AbortSignal } = {};
    const started = performance.now();
    const batch = await isolated({ config: { timeouts: { agentCallMs: 150 } } }).runMany(
      [hangingScenario("hangs"), slowScenario("slow", 5_000, seen), quickScenario("quick")],
      { concurrency: 1 },
    );
    const elapsed = performance.now() - started;

    const [hangs, slow, quick] = batch.results;
    expect(hangs?.status).toBe("error");
    expect(hangs?.errorCode).toBe("agent_timeout");
    expect(hangs?.reasoning).toContain("[HangingAgent] did not answer within 150 ms");
    expect(slow?.status).toBe("error");
    expect(slow?.errorCode).toBe("agent_timeout");
    expect(slow?.reasoning).toContain("[SlowAgent] did not answer within 150 ms");
    expect(quick?.status).toBe("pass");
    expect(batch.counts).toMatchObject({ pass: 1, error: 2 });
    // the agent was told to stop, with the timeout as the reason
    expect(seen.signal?.aborted).toBe(true);
    expect(RehearseError.isInstance(seen.signal?.reason) && seen.signal?.reason.code).toBe("agent_timeout");
    // two limits of 150 ms, one after the other, and a quick run: far less than the slow agent's 5 s
    expect(elapsed).toBeLessThan(2_000);
  });

  it("run() rejects with the agent_timeout error, its result attached", async () => {
    const rejection = await isolated({ config: { timeouts: { agentCallMs: 50 } } })
      .run(hangingScenario("hangs"))
      .catch((error: unknown) => error);
    expect(RehearseError.isInstance(rejection)).toBe(true);
    const error = rejection as RehearseError;
    expect(error.code).toBe("agent_timeout");
    expect(error.message).toBe(
      "[HangingAgent] did not answer within 50 ms (timeouts.agentCallMs; a scenario file's timeout_seconds, --timeout)",
    );
    expect(error.result?.status).toBe("error");
  });

  it("a scenario's own limit wins over the run's and the config's", async () => {
    const scenario = { ...hangingScenario("own limit"), timeouts: { agentCallMs: 60 } };
    const batch = await isolated({ config: { timeouts: { agentCallMs: 60_000 } } }).runMany([scenario], {
      timeouts: { agentCallMs: 30_000 },
    });
    expect(batch.results[0]?.reasoning).toContain("within 60 ms");
  });

  it("ends a scenario whose step never settles with scenario_timeout, naming the scenario", async () => {
    const stuck: ScriptStep = () => new Promise<void>(() => {});
    const batch = await isolated().runMany([
      { ...quickScenario("stuck step"), script: [user("hello"), agent(), stuck], timeouts: { scenarioMs: 100 } },
    ]);
    expect(batch.results[0]?.status).toBe("error");
    expect(batch.results[0]?.errorCode).toBe("scenario_timeout");
    expect(batch.results[0]?.reasoning).toContain('Scenario "stuck step" did not finish within 100 ms');
  });

  it("limits each model call made through input.models, and aborts the provider's request", async () => {
    let providerSignal: AbortSignal | undefined;
    const model = new MockLanguageModelV3({
      doGenerate: (options) => {
        providerSignal = options.abortSignal;
        return new Promise(() => {});
      },
    });
    const modelAgent = {
      name: "ModelAgent",
      role: AgentRole.AGENT,
      call: async (input: AgentInput) => {
        const resolved = await input.models?.resolve(model, { role: AgentRole.AGENT, agent: "ModelAgent" });
        await resolved?.model.doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
        return "unreachable";
      },
    };
    const batch = await isolated({ config: { timeouts: { modelCallMs: 80 } } }).runMany([
      { name: "model hangs", description: "its model never answers", agents: [modelAgent], script: [user("hi"), agent()] },
    ]);
    const result = batch.results[0];
    expect(result?.status).toBe("error");
    expect(result?.errorCode).toBe("model_failed");
    expect(result?.reasoning).toContain("no answer within 80 ms (timeouts.modelCallMs)");
    expect(providerSignal?.aborted).toBe(true);
  });

  it("keeps each scenario's own model-call limit when the runs of a batch share one model", async () => {
    const model = new MockLanguageModelV3({ doGenerate: () => new Promise(() => {}) });
    const modelAgent = {
      name: "ModelAgent",
      role: AgentRole.AGENT,
      call: async (input: AgentInput) => {
        const resolved = await input.models?.resolve(model, { role: AgentRole.AGENT, agent: "ModelAgent" });
        await resolved?.model.doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
        return "unreachable";
      },
    };
    const limited = (name: string, modelCallMs: number): ScenarioConfig => ({
      name,
      description: "its model never answers",
      agents: [modelAgent],
      script: [user("hi"), agent()],
      timeouts: { modelCallMs },
    });
    const batch = await isolated().runMany([limited("short", 40), limited("longer", 90), limited("short again", 40)]);
    expect(batch.results.map((result) => result.reasoning?.match(/no answer within (\d+) ms/)?.[1])).toEqual(["40", "90", "40"]);
    expect(batch.results.every((result) => result.errorCode === "model_failed")).toBe(true);
  });

  it("merges limits set in several places key by key (--timeout keeps the file's model-call limit)", async () => {
    const rehearse = isolated({ config: { timeouts: { modelCallMs: 120_000 } } });
    rehearse.configure({ timeouts: { agentCallMs: 5_000 } });
    expect((await rehearse.resolveConfig()).timeouts).toEqual({ modelCallMs: 120_000, agentCallMs: 5_000 });
  });

  it("rejects a bad limit in the config, naming the field", () => {
    expect(() => isolated({ config: { timeouts: { agentCallMs: -1 } } })).toThrow(/timeouts\.agentCallMs/);
  });
});
