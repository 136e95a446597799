// A class-based agent under test, as the reference's docs write it.
import scenario, { AgentAdapter, type AgentInput, type AgentReturnTypes, AgentRole } from "@langwatch/scenario";
import type { ModelMessage } from "ai";
import { expect } from "vitest";

class SupportAgent extends AgentAdapter {
  role = AgentRole.AGENT;
  private readonly greeting: string;

  constructor(greeting = "Hi, how can I help?") {
    super();
    this.greeting = greeting;
  }

  async call(input: AgentInput): Promise<AgentReturnTypes> {
    const last = input.messages[input.messages.length - 1];
    if (!last) return this.greeting;
    const reply: ModelMessage = { role: "assistant", content: `${this.greeting} You wrote: ${String(last.content)}` };
    return reply;
  }
}

class NamedAgent extends AgentAdapter {
  name = "refund-bot";
  role: AgentRole = AgentRole.AGENT;
  async call(_input: AgentInput) {
    return "Your refund is on its way.";
  }
}

export async function classAgents(): Promise<void> {
  const agents: AgentAdapter[] = [new SupportAgent(), new NamedAgent()];
  for (const agent of agents) {
    const result = await scenario.run({
      name: `class agent ${agent.name ?? agent.role}`,
      description: "A customer greets the support agent.",
      agents: [agent, scenario.userSimulatorAgent()],
      script: [scenario.user("hello"), scenario.agent(), scenario.succeed("answered")],
    });
    expect(result.success).toBe(true);
  }
}
