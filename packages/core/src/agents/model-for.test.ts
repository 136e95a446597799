import { describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import { agent, judge, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { judgeAgent } from "./judge/judge-agent.js";
import { userSimulatorAgent } from "./user-simulator/user-simulator-agent.js";

// Without a model, a simulator or judge names where a model can be set: the run's default
// (as the context's front end sets it) and the agent's own setting (its factory option, or the
// scenario file key it was declared under).

const echo: Agent = { role: AgentRole.AGENT, call: async () => "Hello" };
const library =
  'set defaultModel (configure({ defaultModel: "openai:gpt-4.1-mini" }), rehearse.config.mjs, or REHEARSE_DEFAULT_MODEL)';

async function judgeReason(judgeAgentUsed: Agent, hint?: string): Promise<string | undefined> {
  const context = isolated(hint === undefined ? {} : { defaultModelHint: hint });
  const result = await context.run({
    name: "greets",
    description: "d",
    agents: [echo, judgeAgentUsed],
    script: [user("hi"), agent(), judge()],
  });
  expect(result.status).toBe("skipped");
  return result.reasoning;
}

async function simulatorReason(simulator: Agent, hint?: string): Promise<string | undefined> {
  const context = isolated(hint === undefined ? {} : { defaultModelHint: hint });
  const result = await context.run({ name: "asks", description: "d", agents: [echo, simulator], script: [user(), agent()] });
  expect(result.status).toBe("skipped");
  return result.reasoning;
}

describe("the message of an agent without a model", () => {
  it("names defaultModel and the factory option in a TypeScript run", async () => {
    expect(await judgeReason(judgeAgent({ criteria: ["greets"] }))).toContain(`${library}, or pass judgeAgent({ model })`);
    const simulator = await simulatorReason(userSimulatorAgent());
    expect(simulator).toContain(`${library}, or pass userSimulatorAgent({ model })`);
    expect(simulator).toContain('or script the user turns with user("…")');
  });

  it("names the context's own way to set the default model when it gives one (the CLI's --model)", async () => {
    const hint = "add --model openai:gpt-4.1-mini";
    expect(await judgeReason(judgeAgent({ criteria: ["greets"] }), hint)).toContain(
      "add --model openai:gpt-4.1-mini, or pass judgeAgent({ model })",
    );
    expect(await judgeReason(judgeAgent({ criteria: ["greets"] }), hint)).not.toContain("configure(");
  });

  it("names the scenario file's `model:` key for an agent declared in one", async () => {
    const declaredIn = { file: "scenarios/refund.yaml", key: "judge" };
    expect(await judgeReason(judgeAgent({ criteria: ["greets"], declaredIn }))).toContain(
      `${library}, or add \`model:\` under \`judge\` in scenarios/refund.yaml`,
    );
    const simulator = await simulatorReason(userSimulatorAgent({ declaredIn: { file: "a.yaml", key: "user.simulator" } }));
    expect(simulator).toContain("or add `model:` under `user.simulator` in a.yaml — or give the user steps their content");
    expect(simulator).not.toContain("userSimulatorAgent(");
  });
});
