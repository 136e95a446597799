import type { AgentReturnTypes } from "../domain/agent.js";
import { errorMessage, RehearseError } from "../domain/errors.js";
import type { ModelMessage, ToolModelMessage } from "../domain/messages.js";
import { isModelMessage, toolCallsOf, toolResultsOf } from "../domain/messages.js";
import { isJudgeResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentCallInterceptor } from "../domain/scenario.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import { ToolFault } from "./tool-fault.js";

/** What the loop needs from its run. */
export interface ToolLoopOptions {
  /** The run's wrapped tools (so faults and events apply); only their names are executed. */
  tools(): ScenarioToolSet | undefined;
  /** Rounds of tool execution per agent turn before the run errors. */
  maxRounds: number;
  /** Called after every call of the agent under test with its wall time (the clock takes the agent's latency here). */
  afterCall(wallMilliseconds: number): Promise<void>;
  /** Wall time now, in milliseconds (the caller's clock, not the scenario's). */
  wallNow(): number;
  /**
   * The input an environment tool last ran with for `toolCallId` (after the
   * tool interceptors, which may rewrite it), or undefined when it did not run.
   */
  executedInput?(toolCallId: string): { readonly input: unknown } | undefined;
  /**
   * An error a tool asked to end the run with (`EnvironmentToolRun.halt`), taken
   * once: checked after every call of the agent and every round of tools.
   */
  takeHalt?(): Error | undefined;
}

/**
 * An interceptor around the agent under test for agents that return tool
 * calls instead of running tools (`openAICompatibleAgent`, `httpAgent`, any
 * agent whose reply ends in unanswered `tool-call` parts): the harness runs
 * each unanswered call to an environment tool through the run's tools,
 * answers with a tool message (a `ToolFault` becomes `{ error: {…} }`), and
 * calls the agent again with the calls and results appended, until it
 * replies without pending calls. The agent's reply for the turn is then every
 * message of the exchange, so the conversation shows the calls and results.
 * A call shows the input it was executed with: when a tool interceptor
 * rewrote it, the conversation (what the agent sees next, what judges read)
 * has the rewritten input beside its result, while the `action_request`
 * event keeps what the agent asked for.
 * Calls to tools the environment does not have are left to the agent.
 *
 * @example
 * interceptors.agent.push(toolLoop({ tools: () => host.tools, maxRounds: 10, afterCall: async () => {}, wallNow: Date.now }));
 */
export function toolLoop(options: ToolLoopOptions): AgentCallInterceptor {
  return async (call, next) => {
    if (call.agent.role !== AgentRole.AGENT) return next(call.input);
    let input = call.input;
    const exchange: ModelMessage[] = [];
    for (let round = 0; ; round++) {
      const started = options.wallNow();
      const reply = await next(input);
      await options.afterCall(options.wallNow() - started);
      throwHalt(options);
      const tools = options.tools();
      const messages = replyMessages(reply);
      const pending = tools && messages ? unanswered(messages).filter((part) => Object.hasOwn(tools, part.toolName)) : [];
      if (!messages || !tools || pending.length === 0) {
        if (exchange.length === 0) return reply;
        if (messages) return [...exchange, ...messages];
        // a plain-text answer after the results is the exchange's last message
        return typeof reply === "string" ? [...exchange, { role: "assistant", content: reply }] : exchange;
      }
      if (round >= options.maxRounds) {
        throw new RehearseError(
          "agent_failed",
          `the agent under test was still calling tools after ${options.maxRounds} rounds in one turn (last: ${pending.map((part) => part.toolName).join(", ")}); raise environment.max_tool_rounds if that is expected`,
        );
      }
      const results: ToolModelMessage = { role: "tool", content: [] };
      const executed = new Map<string, unknown>();
      for (const part of pending) {
        const output = await runTool(tools, part.toolName, part.toolCallId, part.input, input.signal);
        results.content.push({ type: "tool-result", toolCallId: part.toolCallId, toolName: part.toolName, output });
        const ran = options.executedInput?.(part.toolCallId);
        if (ran && ran.input !== part.input) executed.set(part.toolCallId, ran.input);
      }
      throwHalt(options);
      const shown = withInputs(messages, executed);
      exchange.push(...shown, results);
      input = {
        ...input,
        // the engine's input reads `signal` through a getter, which a spread does not copy
        signal: input.signal,
        messages: [...input.messages, ...shown, results],
        newMessages: [results],
      };
    }
  };
}

function throwHalt(options: ToolLoopOptions): void {
  const halt = options.takeHalt?.();
  if (halt) throw halt;
}

type ToolOutput = { type: "json"; value: never } | { type: "error-text"; value: string };

async function runTool(
  tools: ScenarioToolSet,
  toolName: string,
  toolCallId: string,
  input: unknown,
  signal: AbortSignal | undefined,
): Promise<ToolOutput> {
  const tool = tools[toolName];
  try {
    const value = await tool?.execute(input as never, { toolCallId, ...(signal ? { abortSignal: signal } : {}) });
    return { type: "json", value: (value === undefined ? null : value) as never };
  } catch (error) {
    if (ToolFault.isInstance(error)) return { type: "json", value: error.toResult() as never };
    return { type: "error-text", value: errorMessage(error) };
  }
}

function replyMessages(reply: AgentReturnTypes): ModelMessage[] | undefined {
  if (reply === null || reply === undefined || typeof reply === "string" || isJudgeResult(reply)) return undefined;
  if (Array.isArray(reply)) return reply.filter(isModelMessage);
  return isModelMessage(reply) ? [reply] : undefined;
}

/** Copies of `messages` whose tool calls named in `inputs` carry that input instead (the agent's own objects are not changed). */
function withInputs(messages: readonly ModelMessage[], inputs: ReadonlyMap<string, unknown>): ModelMessage[] {
  if (inputs.size === 0) return [...messages];
  return messages.map((message) => {
    if (message.role !== "assistant" || typeof message.content === "string") return message;
    const content = message.content.map((part) =>
      part.type === "tool-call" && inputs.has(part.toolCallId) ? { ...part, input: inputs.get(part.toolCallId) } : part,
    );
    return { ...message, content };
  });
}

function unanswered(messages: readonly ModelMessage[]) {
  const answered = new Set<string>();
  for (const message of messages) for (const result of toolResultsOf(message)) answered.add(result.toolCallId);
  return messages.flatMap(toolCallsOf).filter((part) => !answered.has(part.toolCallId));
}
