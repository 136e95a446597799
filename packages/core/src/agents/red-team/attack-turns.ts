import type { AssistantModelMessage, ModelMessage, ToolModelMessage, UserModelMessage } from "../../domain/messages.js";
import { carriesToolResult, toolCallsOf, toolResultsOf } from "../../domain/messages.js";
import type { ScenarioConfig, ScenarioExecutionStateLike } from "../../domain/scenario.js";

/** One user→assistant exchange of a conversation that the target answered. */
export interface AttackTurn {
  /** The turn's number: its 0-based exchange index, or its label from `turnNumbers`. */
  turn: number;
  /** Index in `messages` just past the turn's last message (the prefix is `messages.slice(0, end)`). */
  end: number;
  /** Indices in `messages` of the turn's assistant messages. */
  replies: number[];
}

/**
 * Splits a conversation into exchanges: each user message opens one, and
 * every message up to the next user message belongs to it (messages before
 * the first user message belong to the first exchange). Only exchanges with
 * an assistant message are returned. `turnNumbers[i]`, when given, labels
 * exchange `i` (attack turns differ from exchange indices once backtracked
 * exchanges were removed); a missing label is an error, not a silent guess.
 */
export function attackTurns(messages: readonly ModelMessage[], turnNumbers?: readonly number[]): AttackTurn[] {
  const turns: Array<AttackTurn & { exchange: number }> = [];
  let exchange = -1;
  for (const [index, message] of messages.entries()) {
    if (message.role === "user") exchange++;
    const at = Math.max(exchange, 0);
    let current = turns.at(-1);
    if (!current || current.exchange !== at) {
      current = { exchange: at, turn: labelOf(at, turnNumbers), end: index + 1, replies: [] };
      turns.push(current);
    }
    current.end = index + 1;
    if (message.role === "assistant") current.replies.push(index);
  }
  return turns.filter((turn) => turn.replies.length > 0).map(({ turn, end, replies }) => ({ turn, end, replies }));
}

/** The turn label of each message (same rules as `attackTurns`), for rendering a numbered transcript. */
export function turnOfEachMessage(messages: readonly ModelMessage[], turnNumbers?: readonly number[]): number[] {
  let exchange = -1;
  return messages.map((message) => {
    if (message.role === "user") exchange++;
    return labelOf(Math.max(exchange, 0), turnNumbers);
  });
}

function labelOf(exchange: number, turnNumbers: readonly number[] | undefined): number {
  if (!turnNumbers) return exchange;
  const label = turnNumbers[exchange];
  if (label === undefined)
    throw new RangeError(`turnNumbers has ${turnNumbers.length} labels but the conversation has exchange ${exchange}`);
  return label;
}

const FALLBACK_CONFIG: ScenarioConfig = { name: "red-team attack", description: "", agents: [] };

/**
 * A read-only state over a prefix of the conversation, so a check sees the
 * attack as it stood at `turn`. The run's state, when given, lends its
 * config, thread id and seed; tool calls made through `AgentInput.tools`
 * count when their `turn` is at most this one. Checks may not change the
 * conversation or draw random numbers while grading.
 */
export function prefixState(
  messages: readonly ModelMessage[],
  turn: number,
  base: ScenarioExecutionStateLike | undefined,
  description: string,
): ScenarioExecutionStateLike {
  const prefix = [...messages];
  const observed = (base?.toolCalls ?? []).filter((call) => call.turn <= turn);
  const lastOf = (role: ModelMessage["role"], missing: string): ModelMessage => {
    if (prefix.length === 0) throw new Error("No messages in history");
    const found = prefix.findLast((message) => message.role === role);
    if (!found) throw new Error(missing);
    return found;
  };
  const readOnly = (what: string) => () => {
    throw new Error(`${what} is not available while grading an attack: checks read the conversation, they do not change it`);
  };
  return {
    config: base?.config ?? { ...FALLBACK_CONFIG, description },
    description,
    get messages() {
      return [...prefix];
    },
    threadId: base?.threadId ?? "red-team-grading",
    currentTurn: turn,
    seed: base?.seed ?? 0,
    random: readOnly("random()"),
    addMessage: readOnly("addMessage()"),
    rollbackMessagesTo: readOnly("rollbackMessagesTo()"),
    lastMessage() {
      const message = prefix.at(-1);
      if (!message) throw new Error("No messages in history");
      return message;
    },
    lastUserMessage: () => lastOf("user", "No user message in history") as UserModelMessage,
    lastAgentMessage: () => lastOf("assistant", "No agent message in history") as AssistantModelMessage,
    lastToolCall(toolName) {
      if (prefix.length === 0) throw new Error("No messages in history");
      return prefix.findLast((message) => carriesToolResult(message, toolName)) as ToolModelMessage;
    },
    hasToolCall: (toolName) =>
      observed.some((call) => call.toolName === toolName) || prefix.some((message) => mentionsTool(message, toolName)),
    get toolCalls() {
      return [...observed];
    },
  };
}

function mentionsTool(message: ModelMessage, toolName: string): boolean {
  return (
    toolCallsOf(message).some((part) => part.toolName === toolName) ||
    toolResultsOf(message).some((part) => part.toolName === toolName)
  );
}
