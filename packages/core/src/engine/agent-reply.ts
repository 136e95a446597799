import type { AgentReturnTypes } from "../domain/agent.js";
import { type Agent, agentName } from "../domain/agent.js";
import { RehearseError } from "../domain/errors.js";
import { isModelMessage, type ModelMessage } from "../domain/messages.js";
import { isJudgeResult, type JudgeResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";

/**
 * An agent's return value, normalised: messages to add, nothing, or a verdict.
 * Every reply has the same four fields, made in one place (`replyOf`): the
 * turn loop reads replies of all three kinds at the same spot, and one object
 * shape keeps that code from being deoptimised when a later turn brings a kind
 * the first turns did not (1 000 runs started together reach verdicts only
 * after the loop was optimised for text).
 */
export type AgentReply =
  | {
      kind: "messages";
      messages: ModelMessage[];
      /** True when the messages were made here (from text), so the log need not copy them. */
      owned: boolean;
      verdict: undefined;
    }
  | { kind: "none"; messages: readonly ModelMessage[]; owned: false; verdict: undefined }
  | { kind: "verdict"; messages: readonly ModelMessage[]; owned: false; verdict: JudgeResult };

const noMessages: readonly ModelMessage[] = Object.freeze([]);
const NOTHING = replyOf("none", noMessages, false, undefined) as AgentReply;

function replyOf(
  kind: AgentReply["kind"],
  messages: readonly ModelMessage[],
  owned: boolean,
  verdict: JudgeResult | undefined,
): AgentReply {
  return { kind, messages, owned, verdict } as AgentReply;
}

/**
 * Normalises what `call` returned. Text becomes one message (`user` for the
 * user role, `assistant` otherwise); `null`/`undefined` becomes `none`;
 * anything that is neither a message, a list of messages nor a verdict is an
 * `invalid_agent_return` error naming the agent and what it returned.
 */
export function normaliseReply(value: AgentReturnTypes | undefined, role: AgentRole, agent: Agent): AgentReply {
  if (value === null || value === undefined) return NOTHING;
  if (typeof value === "string") {
    return replyOf("messages", [{ role: role === AgentRole.USER ? "user" : "assistant", content: value }], true, undefined);
  }
  if (Array.isArray(value)) {
    const bad = value.findIndex((item) => !isModelMessage(item));
    if (bad >= 0) throw invalidReturn(agentName(agent), `a list whose item ${bad} is ${describe(value[bad])}`);
    return replyOf("messages", value, false, undefined);
  }
  if (isJudgeResult(value)) return replyOf("verdict", noMessages, false, normaliseVerdict(value, agentName(agent)));
  if (isModelMessage(value)) return replyOf("messages", [value], false, undefined);
  throw invalidReturn(agentName(agent), describe(value));
}

function normaliseVerdict(value: JudgeResult, agent: string): JudgeResult {
  if (typeof value.success !== "boolean") throw invalidReturn(agent, "a verdict whose `success` is not a boolean");
  return {
    success: value.success,
    reasoning: typeof value.reasoning === "string" ? value.reasoning : "",
    metCriteria: criteriaList(value.metCriteria, "metCriteria", agent),
    unmetCriteria: criteriaList(value.unmetCriteria, "unmetCriteria", agent),
    ...(value.status ? { status: value.status } : {}),
    // which model judge decided travels on to the judgment event (agreement with people per judge version)
    ...(typeof value.judgeVersion === "string" ? { judgeVersion: value.judgeVersion } : {}),
    ...(typeof value.judgeModel === "string" ? { judgeModel: value.judgeModel } : {}),
  };
}

/** A verdict's criteria list, copied (a module function: no closure per verdict). */
function criteriaList(field: unknown, name: string, agent: string): string[] {
  if (field === undefined) return [];
  if (Array.isArray(field) && field.every(isString)) return [...field];
  throw invalidReturn(agent, `a verdict whose \`${name}\` is not a list of strings`);
}

function isString(item: unknown): item is string {
  return typeof item === "string";
}

function invalidReturn(agent: string, got: string): RehearseError {
  return new RehearseError(
    "invalid_agent_return",
    `[${agent}] returned ${got}; expected a string, a message ({ role, content }), a list of messages, a verdict ({ success, reasoning, metCriteria, unmetCriteria }) or null`,
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return `an object without a role (keys: ${Object.keys(value).slice(0, 5).join(", ") || "none"})`;
  return `a ${typeof value} (${String(value).slice(0, 40)})`;
}
