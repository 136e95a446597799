import { countNoun } from "../../domain/count-noun.js";
import type { Check, CheckOutcome } from "../../domain/criteria.js";
import { type ModelMessage, messageText, toolCallsOf } from "../../domain/messages.js";
import type { ScenarioExecutionStateLike } from "../../domain/scenario.js";

/** Which agent replies a text check looks at. */
export type ResponseScope = "last" | "any" | "every";

interface TextOptions {
  /** Default: `last` for contains/matches, `every` for notContains (no reply may contain it). */
  scope?: ResponseScope;
  ignoreCase?: boolean;
}

/**
 * Met when the agent called `toolName` — in a message (an assistant
 * `tool-call` part) or through `AgentInput.tools` — optionally only counting
 * calls whose input passes `where`, or exactly `times` of them.
 *
 * @example
 * ```ts
 * judge({ criteria: [toolCalled("refund", { where: (input) => input.orderId === "42" })] })
 * ```
 */
export function toolCalled<Input = Record<string, unknown>>(
  toolName: string,
  options: { where?: (input: Input) => boolean; times?: number; name?: string } = {},
): Check {
  const { where, times } = options;
  const name =
    options.name ??
    `Agent called tool "${toolName}"${where ? " with matching arguments" : ""}${times ? ` ${countNoun(times, "time")}` : ""}`;
  return check(name, (state) => {
    const calls = callsOf(state).filter((call) => call.toolName === toolName);
    const matching = where ? calls.filter((call) => where(parseInput(call.input) as Input)) : calls;
    const met = times === undefined ? matching.length > 0 : matching.length === times;
    if (met) return { met };
    const seen = calls.length === 0 ? "it was never called" : `${matching.length} of ${countNoun(calls.length, "call")} matched`;
    return { met, reason: seen };
  });
}

/** Met when the agent never called `toolName`. */
export function toolNotCalled(toolName: string, options: { name?: string } = {}): Check {
  return check(options.name ?? `Agent did not call tool "${toolName}"`, (state) => {
    const count = callsOf(state).filter((call) => call.toolName === toolName).length;
    return count === 0 ? { met: true } : { met: false, reason: `it was called ${countNoun(count, "time")}` };
  });
}

/**
 * Met when the agent's reply contains `text` (the last reply by default).
 *
 * @example
 * ```ts
 * judge({ criteria: [responseContains("refund", { ignoreCase: true })] })
 * ```
 */
export function responseContains(text: string, options: TextOptions & { name?: string } = {}): Check {
  const fold = (value: string) => (options.ignoreCase ? value.toLowerCase() : value);
  return textCheck(options.name ?? `Agent response contains ${JSON.stringify(text)}`, options.scope ?? "last", (reply) =>
    fold(reply).includes(fold(text)),
  );
}

/**
 * Met when no agent reply contains `text` (every reply by default).
 *
 * @example
 * ```ts
 * judge({ criteria: [responseNotContains("4111 1111 1111 1111")] })
 * ```
 */
export function responseNotContains(text: string, options: TextOptions & { name?: string } = {}): Check {
  const fold = (value: string) => (options.ignoreCase ? value.toLowerCase() : value);
  return textCheck(
    options.name ?? `Agent response does not contain ${JSON.stringify(text)}`,
    options.scope ?? "every",
    (reply) => !fold(reply).includes(fold(text)),
  );
}

/**
 * Met when the agent's reply matches `pattern` (the last reply by default).
 *
 * @example
 * ```ts
 * judge({ criteria: [responseMatches(/order #?\d+/i)] })
 * ```
 */
export function responseMatches(pattern: RegExp, options: TextOptions & { name?: string } = {}): Check {
  return textCheck(options.name ?? `Agent response matches ${pattern}`, options.scope ?? "last", (reply) => {
    pattern.lastIndex = 0;
    return pattern.test(reply);
  });
}

/**
 * A check from any function of the state: return a boolean, or `{ met, reason }`.
 *
 * @example
 * ```ts
 * check("At most 3 agent replies", (state) => state.messages.filter((m) => m.role === "assistant").length <= 3)
 * ```
 */
export function check(
  name: string,
  evaluate: (state: ScenarioExecutionStateLike) => CheckOutcome | boolean | Promise<CheckOutcome | boolean>,
): Check {
  if (typeof name !== "string" || name.trim() === "")
    throw new TypeError("check(name, evaluate): name must be a non-empty string");
  return { kind: "check", name, evaluate };
}

function textCheck(name: string, scope: ResponseScope, passes: (reply: string) => boolean): Check {
  return check(name, (state) => {
    const replies = state.messages.filter((message: ModelMessage) => message.role === "assistant").map(messageText);
    if (replies.length === 0) return { met: false, reason: "the agent has not replied yet" };
    const chosen = scope === "last" ? replies.slice(-1) : replies;
    const met = scope === "any" ? chosen.some(passes) : chosen.every(passes);
    if (met) return { met };
    const offending = scope === "every" ? chosen.find((reply) => !passes(reply)) : chosen.at(-1);
    return { met, reason: `reply was ${JSON.stringify(truncate(offending ?? ""))}` };
  });
}

/**
 * Every tool call the agent made: those in its messages (assistant
 * `tool-call` parts) and those made through `AgentInput.tools`, each once
 * (a call in both places shares its `toolCallId`).
 */
function callsOf(state: ScenarioExecutionStateLike): Array<{ toolCallId: string; toolName: string; input: unknown }> {
  const inMessages = state.messages.flatMap(toolCallsOf);
  const seen = new Set(inMessages.map((call) => call.toolCallId));
  return [...inMessages, ...(state.toolCalls ?? []).filter((call) => !seen.has(call.toolCallId))];
}

function parseInput(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
