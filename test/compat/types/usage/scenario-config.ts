// Scenarios kept as typed configuration objects and reused.
import scenario, { type AgentAdapter, AgentRole, DEFAULT_MAX_TURNS, type ScenarioConfig } from "@langwatch/scenario";

const agentUnderTest: AgentAdapter = { role: AgentRole.AGENT, call: async () => "ok" };

export const refundScenario: ScenarioConfig = {
  id: "refund-1002",
  name: "refund with an order number",
  description: "A customer asks for a refund and gives the order number.",
  agents: [agentUnderTest, scenario.userSimulatorAgent(), scenario.judgeAgent({ criteria: ["The agent issues the refund"] })],
  script: [scenario.user("Refund order 1002 please"), scenario.agent(), scenario.judge()],
  maxTurns: DEFAULT_MAX_TURNS * 2,
  verbose: true,
  threadId: "thread-refund-1002",
  setId: "refunds",
  metadata: { team: "payments", promptVersion: 3 },
  langwatch: { apiKey: process.env.LANGWATCH_API_KEY, endpoint: "https://langwatch.example.com", projectId: "payments" },
};

export function withAgent(config: ScenarioConfig, agent: AgentAdapter): ScenarioConfig {
  return { ...config, agents: [agent, ...config.agents.filter((candidate) => candidate.role !== AgentRole.AGENT)] };
}

export async function runAll(configs: ScenarioConfig[]) {
  return Promise.all(configs.map((config) => scenario.run(config)));
}

export const quiet = { ...refundScenario, verbose: false, maxTurns: 3 } satisfies ScenarioConfig;
