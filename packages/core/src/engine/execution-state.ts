import type { DomainEventPayload } from "../domain/event.js";
import type { AssistantModelMessage, ModelMessage, ToolModelMessage, UserModelMessage } from "../domain/messages.js";
import { carriesToolResult, toolCallsOf, toolResultsOf } from "../domain/messages.js";
import type { RunEnvironment, ScenarioConfig, ScenarioExecutionStateLike } from "../domain/scenario.js";
import type { ObservedToolCall } from "../domain/tools.js";
import { MessageLog } from "./message-log.js";
import { createRandom, type Random } from "./random.js";
import { TurnSchedule } from "./turn-schedule.js";

/** What the state needs from its execution. */
export interface StateHost {
  readonly log: MessageLog;
  readonly schedule: TurnSchedule;
  readonly random: Random;
  /** Calls made through `AgentInput.tools`. */
  readonly toolCalls: readonly ObservedToolCall[];
  /** Adds a message for everyone and records it (events, snapshot). */
  addScriptMessage(message: ModelMessage): void;
  /** Rolls the conversation back and records it. */
  rollback(index: number): ModelMessage[];
  /** The run's live environment, when it has one. */
  readonly environment?: RunEnvironment | undefined;
  /** Emits a domain event into the run (a run's execution; absent outside a run). */
  emit?(payload: DomainEventPayload): void;
  /** As `emit`, taking the payload over (no copy). */
  emitOwned?(payload: DomainEventPayload): void;
  /** True when emitted events reach someone. */
  readonly emitting?: boolean;
}

/**
 * The state a script step or an agent sees: the conversation (as copies),
 * the turn, the seed, and the reference's accessors.
 *
 * A run makes its own. `new ScenarioExecutionState(config)`, as in the
 * reference, makes one outside any run — to call an agent or a judge in a
 * unit test: it holds the messages added to it, turn 0, the config's
 * `threadId` (else `"thread_standalone"`) and a random stream seeded by the
 * config's `seed` (else 0).
 *
 * @example
 * ```ts
 * const state = new ScenarioExecutionState({ name: "unit", description: "d", agents: [] });
 * state.addMessage({ role: "user", content: "hi" });
 * await myJudge.call({ threadId: state.threadId, messages: state.messages, newMessages: [],
 *   requestedRole: AgentRole.JUDGE, judgmentRequest: {}, scenarioState: state, scenarioConfig: state.config });
 * ```
 */
export class ScenarioExecutionState implements ScenarioExecutionStateLike {
  readonly config: ScenarioConfig;
  readonly threadId: string;
  private readonly host: StateHost;
  private ending: string | undefined;

  constructor(config: ScenarioConfig);
  /** @internal The run's own state, over its execution. */
  constructor(config: ScenarioConfig, threadId: string, host: StateHost);
  constructor(config: ScenarioConfig, threadId?: string, host?: StateHost) {
    this.config = config;
    this.threadId = threadId ?? config.threadId ?? "thread_standalone";
    this.host = host ?? standaloneHost(config);
  }

  get description(): string {
    return this.config.description;
  }

  /**
   * Emits a domain event into the run's stream (stamped with time, run id and
   * turn): how an agent reports what happens inside it while it runs (a
   * graph's handoffs). Outside a run it goes nowhere. Takes the payload over: pass a fresh object.
   */
  emitEvent(payload: DomainEventPayload): void {
    if (this.host.emitOwned) this.host.emitOwned(payload);
    else this.host.emit?.(payload);
  }

  /**
   * Marks the conversation as over (decision 0047): automatic turns stop
   * after the current reply and the judge, if any, gives its final verdict.
   * The first reason is kept.
   */
  endConversation(reason: string): void {
    this.ending ??= reason || "the conversation was ended";
  }

  /** Why the conversation was marked over, if it was. */
  get conversationEnded(): string | undefined {
    return this.ending;
  }

  /** True when `emitEvent` reaches a listener or reporter: without one, agents may skip building events. */
  get emitting(): boolean {
    return this.host.emitting === true;
  }

  /** A copy of the conversation; changing it changes nothing. */
  get messages(): ModelMessage[] {
    return this.host.log.messages();
  }

  /** The run's live environment (a run with declarative parts); undefined otherwise. */
  get environment(): RunEnvironment | undefined {
    return this.host.environment;
  }

  get currentTurn(): number {
    return this.host.schedule.currentTurn;
  }

  get seed(): number {
    return this.host.random.seed;
  }

  random(): number {
    return this.host.random.next();
  }

  /**
   * Adds a message to the conversation and to every agent's `newMessages`.
   * (The reference's state only appended it, so no agent was told; see
   * docs/decisions/0003.)
   */
  addMessage(message: ModelMessage): void {
    this.host.addScriptMessage(message);
  }

  lastMessage(): ModelMessage {
    const message = this.host.log.at(-1);
    if (!message) throw new Error("No messages in history");
    return message;
  }

  lastUserMessage(): UserModelMessage {
    return this.lastOfRole("user", "No user message in history") as UserModelMessage;
  }

  lastAgentMessage(): AssistantModelMessage {
    return this.lastOfRole("assistant", "No agent message in history") as AssistantModelMessage;
  }

  /**
   * The newest tool message carrying a result of `toolName`. A call whose
   * result is not in the conversation is seen by `hasToolCall` but has no
   * such message: then this returns `undefined`, as the reference does (its
   * declared type, kept so that code written for it compiles, does not say
   * so). Throws on an empty conversation, as the reference does.
   */
  lastToolCall(toolName: string): ToolModelMessage {
    if (this.host.log.length === 0) throw new Error("No messages in history");
    return this.host.log.findLast((message) => carriesToolResult(message, toolName)) as ToolModelMessage;
  }

  hasToolCall(toolName: string): boolean {
    return (
      this.host.toolCalls.some((call) => call.toolName === toolName) ||
      this.host.log.some((message) => mentionsTool(message, toolName))
    );
  }

  get toolCalls(): ObservedToolCall[] {
    return [...this.host.toolCalls];
  }

  rollbackMessagesTo(index: number): ModelMessage[] {
    return this.host.rollback(index);
  }

  private lastOfRole(role: ModelMessage["role"], missing: string): ModelMessage {
    if (this.host.log.length === 0) throw new Error("No messages in history");
    const message = this.host.log.findLast((candidate) => candidate.role === role);
    if (!message) throw new Error(missing);
    return message;
  }
}

function mentionsTool(message: ModelMessage, toolName: string): boolean {
  return (
    toolCallsOf(message).some((part) => part.toolName === toolName) ||
    toolResultsOf(message).some((part) => part.toolName === toolName)
  );
}

/** The host of a state made outside any run: its own message log, turn 0, no tools. */
function standaloneHost(config: ScenarioConfig): StateHost {
  let made = 0;
  const log = new MessageLog(0, { next: (prefix) => `${prefix}_${++made}` });
  return {
    log,
    schedule: new TurnSchedule([]),
    random: createRandom(config.seed ?? 0),
    toolCalls: [],
    addScriptMessage: (message) => void log.add(message),
    rollback: (index) => log.rollbackTo(index),
  };
}
