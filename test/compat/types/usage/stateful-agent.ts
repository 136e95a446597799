// An agent keeping its own memory per thread, fed only newMessages.
import scenario, { type AgentInput, AgentRole } from "@langwatch/scenario";
import type { ModelMessage } from "ai";

const memory = new Map<string, ModelMessage[]>();

export const statefulAgent = {
  role: AgentRole.AGENT,
  async call(input: AgentInput) {
    const history = memory.get(input.threadId) ?? [];
    history.push(...input.newMessages);
    memory.set(input.threadId, history);
    const asked = history.filter((message) => message.role === "user").length;
    return `You have asked ${asked} question(s) in thread ${input.threadId}; scenario "${input.scenarioConfig.name}".`;
  },
};

export async function remembers() {
  return scenario.run({
    name: "memory",
    description: "The agent remembers earlier questions.",
    threadId: "thread-42",
    agents: [statefulAgent],
    script: [scenario.user("one"), scenario.agent(), scenario.user("two"), scenario.agent(), scenario.succeed()],
  });
}
