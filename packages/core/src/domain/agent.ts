import type { ModelMessage } from "./messages.js";
import type { RunModels } from "./models.js";
import type { JudgeResult } from "./result.js";
import { AgentRole, type AgentRoleName } from "./roles.js";
import type { ScenarioConfig, ScenarioExecutionStateLike } from "./scenario.js";
import type { ScenarioToolSet } from "./tools.js";

/**
 * Asks a judge for a verdict. Present on `AgentInput` whenever a verdict is
 * required: an explicit `judge()` step, or the max-turns hook.
 */
export interface JudgmentRequest {
  /** Natural-language criteria that replace the judge's own for this call. */
  criteria?: string[];
  /** Extra context for the judge's prompt (filesystem state, command output…). */
  additionalContext?: string;
  /** @deprecated Use `additionalContext`. */
  context?: string;
  /**
   * Rehearse addition: why a verdict is requested. `"script"` for a `judge()`
   * step, `"max-turns"` when the run hit `maxTurns` and the judge gets one
   * last, forced say.
   */
  reason?: "script" | "max-turns";
}

/** What an agent's `call` receives. */
export interface AgentInput {
  /** The conversation thread; stateful agents key their memory on it. */
  threadId: string;
  /** The whole conversation so far (a copy: changing it changes nothing). */
  messages: ModelMessage[];
  /** Only the messages this agent has not been given yet. */
  newMessages: ModelMessage[];
  /** The role this call plays. */
  requestedRole: AgentRole;
  /** Present when a verdict is required. */
  judgmentRequest?: JudgmentRequest;
  scenarioState: ScenarioExecutionStateLike;
  scenarioConfig: ScenarioConfig;
  /** Rehearse addition: the scenario's tools, wrapped so every call is observed. */
  tools?: ScenarioToolSet;
  /**
   * Rehearse addition: aborts when the run is stopped (Ctrl-C, a spent
   * budget) or runs out of time (`timeouts`: its reason is then the
   * `agent_timeout` / `scenario_timeout` error); pass it to model calls and
   * fetches so they stop too. Read through a getter: an interceptor that
   * copies the input with a spread passes `signal: input.signal` along.
   */
  signal?: AbortSignal | undefined;
  /**
   * Rehearse addition: the run's models (registry ids, `defaultModel`,
   * record/replay, usage, retries, limits). Absent when an agent is called
   * outside a Rehearse run; model-backed agents then use their model as given.
   */
  models?: RunModels;
}

/**
 * What `call` may return: text or message(s) to add to the conversation, a
 * judge verdict, or `null` (a judge with no verdict yet).
 */
export type AgentReturnTypes = string | ModelMessage | ModelMessage[] | JudgeResult | null;

/**
 * The agent contract: anything with a `role` and an async `call`. A plain
 * object `{ role, call }` is as valid as a subclass.
 */
export interface Agent {
  name?: string;
  /** `AgentRole.AGENT` (the agent under test), `AgentRole.USER` or `AgentRole.JUDGE`; the plain strings work too. */
  role: AgentRole | AgentRoleName;
  call(input: AgentInput): Promise<AgentReturnTypes>;
  /** Judges may list their own criteria. */
  criteria?: readonly unknown[];
  /**
   * Rehearse addition: true when the agent keeps the conversation itself (a
   * server-side session), so rolling messages back or forking the
   * conversation cannot rewind what it remembers. Red-team backtracking is
   * then disabled and TAP refuses to run.
   */
  keepsHistory?: boolean;
  /**
   * Rehearse addition: what this agent has to report about a finished run
   * (a red-team attacker's report), put in `result.reports` under the agent's name.
   */
  resultReport?(state: ScenarioExecutionStateLike): unknown;
}

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
