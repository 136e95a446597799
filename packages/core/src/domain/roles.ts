/**
 * The three roles an agent can play in a scenario. Values match the reference
 * (`"User"`, `"Agent"`, `"Judge"`): they are what events, results and scenario
 * files carry.
 *
 * A TypeScript `enum`, as in `@langwatch/scenario`, so code written for it
 * compiles unchanged: `role = AgentRole.AGENT` in a class, `AgentRole.USER as
 * const` in an object, `AgentRole.JUDGE` as a type. Plain strings are accepted
 * wherever an agent is given (`Agent.role` is `AgentRole | AgentRoleName`), so
 * JavaScript and scenario-file agents can write `role: "Agent"`.
 * (docs/decisions/0017-reference-types.md)
 *
 * @example
 * ```ts
 * const bot = { role: AgentRole.AGENT, call: async () => "hello" };
 * ```
 */
export enum AgentRole {
  USER = "User",
  AGENT = "Agent",
  JUDGE = "Judge",
}

/** A role as its plain string: `"User" | "Agent" | "Judge"`. */
export type AgentRoleName = `${AgentRole}`;

/** Every role, in the order a turn calls them: user, then agent, then judge. */
export const allAgentRoles = [AgentRole.USER, AgentRole.AGENT, AgentRole.JUDGE] as const;

/** True when `value` is one of the three roles (the enum member or its string). */
export function isAgentRole(value: unknown): value is AgentRole {
  return value === AgentRole.USER || value === AgentRole.AGENT || value === AgentRole.JUDGE;
}
