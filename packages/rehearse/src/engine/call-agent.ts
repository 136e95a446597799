import { type Agent, type AgentInput, type AgentReturnTypes, agentName } from "../domain/agent.js";
import { errorMessage, RehearseError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentCallInterceptor } from "../domain/scenario.js";
import { runChain } from "./interceptor-chain.js";

/**
 * Calls `agent` through the agent interceptors (skipped when there are
 * none). Whatever it throws becomes an `agent_failed` error naming the agent,
 * with the original as `cause`; an abort passes through unchanged.
 */
export async function callAgent(
  agent: Agent,
  agentIndex: number,
  input: AgentInput,
  interceptors: readonly AgentCallInterceptor[] | undefined,
): Promise<AgentReturnTypes> {
  try {
    return interceptors && interceptors.length > 0
      ? await runChain(interceptors, { agent, agentIndex, input }, input, (current) => agent.call(current))
      : await agent.call(input);
  } catch (error) {
    if (RehearseError.isInstance(error) && error.code === "aborted") throw error;
    throw new RehearseError("agent_failed", `[${agentName(agent)}] ${errorMessage(error)}`, { cause: error });
  }
}

const ROLE_HINT: Record<AgentRole, string> = {
  [AgentRole.USER]: "a user simulator (userSimulatorAgent(), or a scripted agent with role AgentRole.USER)",
  [AgentRole.AGENT]: "the agent under test (an agent with role AgentRole.AGENT)",
  [AgentRole.JUDGE]: "a judge (judgeAgent(), deterministicJudge(), or an agent with role AgentRole.JUDGE)",
};

/** The error for a step that needs an agent of `role` when nobody plays it. */
export function missingRole(role: AgentRole): RehearseError {
  return new RehearseError(
    "missing_role",
    `A ${role.toLowerCase()} step needs ${ROLE_HINT[role]}, but no agent in \`agents\` plays the role ${role}`,
  );
}
