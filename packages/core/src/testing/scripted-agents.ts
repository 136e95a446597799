import type { Agent, AgentInput, AgentReturnTypes } from "../domain/agent.js";
import { messageText } from "../domain/messages.js";
import type { JudgeResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";

/** An agent that records every input it received, for assertions. */
export type RecordingAgent = Agent & { readonly calls: AgentInput[] };

type Reply = AgentReturnTypes | ((input: AgentInput, call: number) => AgentReturnTypes | Promise<AgentReturnTypes>);

function recording(
  role: Agent["role"],
  name: string,
  respond: (input: AgentInput, call: number) => Promise<AgentReturnTypes>,
): RecordingAgent {
  const calls: AgentInput[] = [];
  return {
    name,
    role,
    calls,
    async call(input) {
      calls.push(input);
      return respond(input, calls.length - 1);
    },
  };
}

function fromList(replies: readonly Reply[], who: string): (input: AgentInput, call: number) => Promise<AgentReturnTypes> {
  return async (input, call) => {
    if (call >= replies.length) {
      throw new Error(
        `${who} was called ${call + 1} times but has only ${replies.length} scripted repl${replies.length === 1 ? "y" : "ies"}`,
      );
    }
    const reply = replies[call] as Reply;
    return typeof reply === "function" ? reply(input, call) : reply;
  };
}

/**
 * A user that says the given lines in order (role `User`). Calling it more
 * often than it has lines is an error.
 *
 * @example
 * ```ts
 * agents: [myAgent, scriptedUser(["hi", "I want a refund", "thanks"])]
 * ```
 */
export function scriptedUser(lines: readonly Reply[], name = "ScriptedUser"): RecordingAgent {
  return recording(AgentRole.USER, name, fromList(lines, name));
}

/**
 * An agent under test that replies with the given values in order, or with
 * a function of its input.
 *
 * @example
 * ```ts
 * scriptedAgent(["Hello!", { role: "assistant", content: [{ type: "tool-call", toolCallId: "1", toolName: "refund", input: { orderId: "42" } }] }])
 * ```
 */
export function scriptedAgent(
  replies: readonly Reply[] | ((input: AgentInput, call: number) => AgentReturnTypes | Promise<AgentReturnTypes>),
  name = "ScriptedAgent",
): RecordingAgent {
  const respond =
    typeof replies === "function" ? async (input: AgentInput, call: number) => replies(input, call) : fromList(replies, name);
  return recording(AgentRole.AGENT, name, respond);
}

/** An agent under test that answers `You said: <last message text>`. */
export function echoAgent(name = "EchoAgent"): RecordingAgent {
  return recording(AgentRole.AGENT, name, async (input) => {
    const last = input.messages.at(-1);
    return `You said: ${last ? messageText(last) : ""}`;
  });
}

/**
 * A judge that returns the given verdicts (or `null` for "continue") in
 * order; after the list it keeps returning the last entry. `criteria` is
 * what it reports as its own.
 *
 * @example
 * ```ts
 * scriptedJudge([null, null, { success: true, reasoning: "ok", metCriteria: ["greets"], unmetCriteria: [] }], ["greets"])
 * ```
 */
export function scriptedJudge(
  verdicts: ReadonlyArray<JudgeResult | null | ((input: AgentInput) => JudgeResult | null)>,
  criteria: string[] = [],
  name = "ScriptedJudge",
): RecordingAgent & { criteria: string[] } {
  if (verdicts.length === 0) throw new TypeError("scriptedJudge needs at least one verdict (or null)");
  const agent = recording(AgentRole.JUDGE, name, async (input, call) => {
    const entry = verdicts[Math.min(call, verdicts.length - 1)] ?? null;
    return typeof entry === "function" ? entry(input) : entry;
  });
  return Object.assign(agent, { criteria });
}

/** A verdict object, for scripted judges. */
export function verdict(
  success: boolean,
  met: string[] = [],
  unmet: string[] = [],
  reasoning = success ? "passed" : "failed",
): JudgeResult {
  return { success, reasoning, metCriteria: met, unmetCriteria: unmet };
}
