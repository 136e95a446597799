// AgentRole used as an enum: `as const` on a member, members as types, switch and iteration.
import { type AgentInput, AgentRole, allAgentRoles } from "@langwatch/scenario";

export const scriptedUser = {
  role: AgentRole.USER as const,
  call: async (_input: AgentInput) => "I want a refund",
};

export const judgeRole: AgentRole.JUDGE = AgentRole.JUDGE;

export function describeRole(role: AgentRole): string {
  switch (role) {
    case AgentRole.USER:
      return "the simulated user";
    case AgentRole.AGENT:
      return "the agent under test";
    case AgentRole.JUDGE:
      return "the judge";
  }
}

export function rolesInTurnOrder(): string[] {
  return allAgentRoles.map(describeRole);
}

export const everyRole: AgentRole[] = Object.values(AgentRole);
export const isUser = (input: AgentInput): boolean => input.requestedRole === AgentRole.USER;
export const agentRoleByName: Record<AgentRole, string> = {
  [AgentRole.USER]: "user",
  [AgentRole.AGENT]: "agent",
  [AgentRole.JUDGE]: "judge",
};
