import { type Agent, type AgentInput, type AgentReturnTypes, agentName } from "../domain/agent.js";
import { errorMessage, RehearseError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentCallInterceptor } from "../domain/scenario.js";
import { runChain } from "./interceptor-chain.js";

/**
 * Calls `agent` through the agent interceptors (skipped when there are none).
 * Returns the agent's own promise when nothing intercepts, so the common
 * path adds no async frame; failures are mapped by `agentFailure`.
 */
export function callAgent(
  agent: Agent,
  agentIndex: number,
  input: AgentInput,
  interceptors: readonly AgentCallInterceptor[] | undefined,
): Promise<AgentReturnTypes> {
  if (interceptors && interceptors.length > 0) {
    return runChain(
      interceptors,
      { agent, agentIndex, input },
      input,
      (current) => settle(agent, current),
      (passed) => withSignal(passed, input),
    );
  }
  return settle(agent, input);
}

/**
 * The input an interceptor passed on, with the run's `signal` when it has
 * none: `input.signal` is a getter on the engine's input class, and a spread
 * (`{ ...input, messages }`) copies own properties only. The copy gets an own
 * enumerable `signal` that reads the original's when read (so the abort
 * signal is still made only if someone reads it) and that later spreads copy.
 * An input that has a `signal` (even `undefined`) is passed on as it is.
 */
export function withSignal(passed: AgentInput, original: AgentInput): AgentInput {
  if (passed === original || typeof passed !== "object" || passed === null || "signal" in passed) return passed;
  if (!Object.isExtensible(passed)) return passed;
  Object.defineProperty(passed, "signal", {
    get: () => original.signal,
    set: replaceSignal,
    enumerable: true,
    configurable: true,
  });
  return passed;
}

/** An agent or interceptor sets `signal` on a copy: it becomes a plain property. */
function replaceSignal(this: AgentInput, signal: AbortSignal | undefined): void {
  Object.defineProperty(this, "signal", { value: signal, writable: true, enumerable: true, configurable: true });
}

/** A promise of the agent's reply, whether `call` returns a promise, a plain value or throws (no closure per call). */
function settle(agent: Agent, input: AgentInput): Promise<AgentReturnTypes> {
  try {
    const value = agent.call(input);
    return value instanceof Promise ? value : Promise.resolve(value);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * What a failed agent call becomes: an `agent_failed` error naming the
 * agent, with the original as `cause`. A `RehearseError` (abort, missing
 * model, failed model call, replay miss, …) is already classified and passes
 * through unchanged, so its code reaches the result.
 */
export function agentFailure(agent: Agent, error: unknown): unknown {
  if (RehearseError.isInstance(error)) return error;
  return new RehearseError("agent_failed", `[${agentName(agent)}] ${errorMessage(error)}`, { cause: error });
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
