import { AgentRole } from "./roles.js";
import type { Agent, AgentInput, AgentReturnTypes } from "./scenario.js";

// The agent contract lives in scenario.ts with the scenario config it refers to (and which refers to
// it), so the two modules form no import cycle; it is re-exported here, where users look for it.
export type { Agent, AgentInput, AgentReturnTypes, JudgmentRequest } from "./scenario.js";

/**
 * Base class for agents, kept for compatibility with the reference.
 *
 * @example
 * ```ts
 * class EchoAgent extends AgentAdapter {
 *   role = AgentRole.AGENT;
 *   async call(input: AgentInput) {
 *     return `You said: ${input.messages.at(-1)?.content}`;
 *   }
 * }
 * ```
 */
export abstract class AgentAdapter implements Agent {
  name?: string;
  role: AgentRole = AgentRole.AGENT;
  abstract call(input: AgentInput): Promise<AgentReturnTypes>;
}

/** Base class for user simulators (role `User`). */
export abstract class UserSimulatorAgentAdapter extends AgentAdapter {
  override name = "UserSimulatorAgent";
  override role: AgentRole = AgentRole.USER;
}

/** Base class for judges (role `Judge`); `criteria` lists what it grades. */
export abstract class JudgeAgentAdapter extends AgentAdapter {
  override name = "JudgeAgent";
  override role: AgentRole = AgentRole.JUDGE;
  abstract criteria: readonly unknown[];
}

/**
 * The name used for an agent in messages: `name`, else its class name, else
 * its role (`Agent`, `User`, `Judge`). A `name` that is not a string (an
 * auto-mock's function) is ignored.
 */
export function agentName(agent: Agent): string {
  if (typeof agent.name === "string" && agent.name) return agent.name;
  const className = Object.getPrototypeOf(agent)?.constructor?.name;
  return className && className !== "Object" ? className : agent.role;
}

/**
 * The criteria a judge lists itself (`Agent.criteria`), or none when it lists
 * none — including when `criteria` is not an array, as with an auto-mocked
 * agent (`vitest-mock-extended`'s `mock<AgentAdapter>()`), whose every
 * property is a function.
 */
export function ownCriteria(agent: Agent): readonly unknown[] {
  return Array.isArray(agent.criteria) ? agent.criteria : [];
}

/** True when the scenario's agent under test keeps its own history (see `Agent.keepsHistory`). */
export function targetKeepsHistory(agents: readonly Agent[]): boolean {
  return agents.some((agent) => agent.role === AgentRole.AGENT && agent.keepsHistory === true);
}
