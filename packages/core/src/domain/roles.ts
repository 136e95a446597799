/**
 * The three roles an agent can play in a scenario. Values match the reference
 * (`"User"`, `"Agent"`, `"Judge"`) so agents written for it keep working.
 *
 * Declared as a const object plus a type of the same name; the namespace below
 * keeps `AgentRole.AGENT` usable as a type, as it is with an enum.
 */
export const AgentRole = {
  USER: "User",
  AGENT: "Agent",
  JUDGE: "Judge",
} as const;

/** `"User" | "Agent" | "Judge"`. */
export type AgentRole = (typeof AgentRole)[keyof typeof AgentRole];

/** Member types, so `AgentRole.AGENT` also works as a type. */
export declare namespace AgentRole {
  type USER = typeof AgentRole.USER;
  type AGENT = typeof AgentRole.AGENT;
  type JUDGE = typeof AgentRole.JUDGE;
}

/** Every role, in the order a turn calls them: user, then agent, then judge. */
export const allAgentRoles = [AgentRole.USER, AgentRole.AGENT, AgentRole.JUDGE] as const;

/** True when `value` is one of the three role values. */
export function isAgentRole(value: unknown): value is AgentRole {
  return value === AgentRole.USER || value === AgentRole.AGENT || value === AgentRole.JUDGE;
}
