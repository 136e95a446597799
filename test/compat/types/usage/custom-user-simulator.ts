// A hand-written user simulator on UserSimulatorAgentAdapter, replaying lines.
import scenario, { type AgentInput, type AgentReturnTypes, AgentRole, UserSimulatorAgentAdapter } from "@langwatch/scenario";

class ReplayUser extends UserSimulatorAgentAdapter {
  private index = 0;

  constructor(private readonly lines: string[]) {
    super();
  }

  async call(input: AgentInput): Promise<AgentReturnTypes> {
    const line = this.lines[this.index++] ?? "thanks, bye";
    return { role: "user", content: `${line} (turn ${input.scenarioState.currentTurn})` };
  }
}

export async function replayed() {
  const user = new ReplayUser(["Where is my parcel?", "It was order 1002."]);
  const isUser: boolean = user.role === AgentRole.USER;
  return {
    isUser,
    result: await scenario.run({
      name: "replayed user",
      description: "A customer asks where their parcel is.",
      agents: [user, { role: AgentRole.AGENT, call: async () => "Let me check." }],
      maxTurns: 2,
    }),
  };
}
