import type { Difficulty, EnvironmentSpec, ExpectedOutcomes, Injection, ScenarioType, SeedStep } from "./declarative.js";
import type { Detector } from "./detector.js";
import type { DomainEventPayload, Reporter, ScenarioEvent } from "./event.js";
import type { ExpectedStatus } from "./expectation.js";
import type { AssistantModelMessage, ModelMessage, ToolModelMessage, UserModelMessage } from "./messages.js";
import type { RunModels } from "./models.js";
import type { JudgeResult, ScenarioResult } from "./result.js";
import type { AgentRole, AgentRoleName } from "./roles.js";
import type { Timeouts } from "./timeouts.js";
import type { ObservedToolCall, ScenarioToolSet } from "./tools.js";

/** The default for `maxTurns`. */
export const DEFAULT_MAX_TURNS = 10;
/** The default for `verbose`. */
export const DEFAULT_VERBOSE = false;

/**
 * A step of a script: a function of the state and the executor, sync or
 * async. The DSL steps (`user`, `agent`, `judge`, …) are such functions, and
 * so is any inline check such as `(state) => expect(...)`.
 */
export type ScriptStep = (state: ScenarioExecutionStateLike, executor: ScenarioExecutionLike) => Promise<void> | void;

// ─── the agent contract (re-exported by agent.ts) ──────────────────────────

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
   * last, forced say; `"conversation-ended"` when the user side ended the
   * conversation (`ScenarioExecutionStateLike.endConversation`: a simulated
   * user whose goal was met or who gave up) during automatic turns.
   */
  reason?: "script" | "max-turns" | "conversation-ended";
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
   * fetches so they stop too. Read through a getter: a copy an interceptor
   * passes to `next` gets it back, but an agent that copies its input with a
   * spread to call another agent passes `signal: input.signal` along.
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
  /**
   * Rehearse addition: the domain event that carries `report` (what
   * `resultReport` returned, as it is in `result.reports`) to the run's
   * listeners and reporters. The run emits it once, as it ends, right before
   * `SCENARIO_RUN_FINISHED`, whatever ended it; `undefined` emits nothing.
   * Declare the event's type by extending `DomainEventMap`.
   */
  reportEvent?(report: unknown): DomainEventPayload | undefined;
  /**
   * Rehearse addition: called once a run the agent took part in has ended,
   * whatever ended it, and awaited before `run()` settles: an agent that
   * opened a connection during the run (a voice adapter's socket) closes it
   * here. Errors are ignored.
   */
  runFinished?(): void | Promise<void>;
}

/** `ScenarioConfig.voice`: see there. */
export interface VoiceRunSettings {
  stt?: { transcribe(audio: never): Promise<string> };
  tts?: { voice?: string };
  includeAudio?: boolean;
  includeTimeline?: boolean;
  audioPlayback?: boolean;
  defaultAudioFormat?: string;
}

// ─── criteria (re-exported by criteria.ts) ───────────────────────────────

/** What a deterministic check says about one criterion. */
export interface CheckOutcome {
  readonly met: boolean;
  /** Why, in a sentence; shown with unmet criteria. */
  readonly reason?: string;
}

/**
 * A criterion decided by code rather than by a model. Usable wherever a
 * natural-language criterion is: `judge({ criteria })`, `judgeAgent`,
 * `deterministicJudge`. `name` is what `metCriteria`/`unmetCriteria` list.
 */
export interface Check {
  readonly kind: "check";
  readonly name: string;
  evaluate(state: ScenarioExecutionStateLike): CheckOutcome | boolean | Promise<CheckOutcome | boolean>;
}

/** A natural-language criterion (for a model judge) or a deterministic check. */
export type Criterion = string | Check;

/** Options of a `judge()` step. */
export interface JudgeOptions {
  /** Criteria for this checkpoint only; they replace the judge's own. */
  criteria?: Criterion[];
  additionalContext?: string;
  /** @deprecated Use `additionalContext`. */
  context?: string;
}

/** Called around every agent call; `next` performs the call (or a substitute). */
export type AgentCallInterceptor = (
  call: { readonly agent: Agent; readonly agentIndex: number; readonly input: AgentInput },
  next: (input: AgentInput) => Promise<AgentReturnTypes>,
) => Promise<AgentReturnTypes>;

/** Called around every tool call the agent makes through `AgentInput.tools`. */
export type ToolCallInterceptor = (
  call: { readonly toolName: string; readonly toolCallId: string; readonly input: unknown },
  next: (input: unknown) => Promise<unknown>,
) => Promise<unknown>;

/** Interceptors, outermost first. Fault injection and payloads plug in here. */
export interface Interceptors {
  agent?: AgentCallInterceptor[];
  tool?: ToolCallInterceptor[];
}

/** A source of time in milliseconds since the epoch. Inject one to control time. */
export interface Clock {
  now(): number;
  /**
   * Waits `milliseconds` (retry back-off). Optional: without it the system
   * timer is used. A manual clock advances itself instead of waiting.
   */
  sleep?(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

/** Makes ids; `prefix` is e.g. `"scenariorun"`. Inject one for reproducible ids. */
export interface IdGenerator {
  next(prefix: string): string;
}

/** What one scenario is. Fields up to `metadata` are the reference's. */
export interface ScenarioConfig {
  /** Stable identifier; defaults to the name. */
  id?: string;
  name: string;
  description: string;
  agents: Agent[];
  /** Defaults to `[proceed()]`. */
  script?: ScriptStep[];
  /** Print the conversation as it happens (through the logger). */
  verbose?: boolean | number;
  /** Default 10. Automatic turns stop there; scripted steps are not limited. */
  maxTurns?: number;
  /** Reuse a thread id; a fresh one is made per run otherwise. */
  threadId?: string;
  /** Groups runs into a set; `"default"` when omitted. */
  setId?: string;
  /** Free-form; the key `langwatch` is reserved. */
  metadata?: Record<string, unknown>;
  /**
   * The reference's LangWatch reporting settings, accepted so that code
   * written for it compiles. Rehearse sends nothing to LangWatch: a run given
   * them says so in `result.diagnostics` (use `reporters` to receive events).
   */
  langwatch?: LangwatchConfig;
  /**
   * The reference's per-run voice settings (runs with a voice agent, `@rehearse/voice`):
   * `stt` transcribes audio that came without words, `tts.voice` makes the run's
   * user simulator speak when it has no voice of its own, `includeAudio` /
   * `includeTimeline` are the judges' defaults. `audioPlayback` is refused (no speakers here:
   * save `result.audio` instead).
   */
  voice?: VoiceRunSettings;
  /** Rehearse: the RNG seed; derived and recorded when omitted. */
  seed?: number;
  /** Rehearse: tools the harness hands to agents in `AgentInput.tools`. */
  tools?: ScenarioToolSet;
  /** Rehearse: interceptors around agent and tool calls. */
  interceptors?: Interceptors;
  /** Rehearse: called synchronously with every event of the run. */
  onEvent?: (event: ScenarioEvent) => void;
  /** Rehearse: reporters that receive this run's events. */
  reporters?: Reporter[];
  /** Rehearse: stops the run between steps; the result is `error` with reason `aborted`. */
  signal?: AbortSignal;
  /**
   * Rehearse: real-time limits of this scenario (agent calls, model calls, the
   * whole run), over `RunOptions.timeouts` and the config's. A scenario
   * file's `timeout_seconds` sets them.
   */
  timeouts?: Timeouts;
  // ─── declarative parts (issue #5); any of them gives the run an environment session ───
  /** Rehearse: the agent's world (state, tools, latencies, clock). */
  environment?: EnvironmentSpec;
  /** Rehearse: faults and payloads injected during the run. */
  injections?: Injection[];
  /** Rehearse: deterministic detectors run on every reply of the agent under test; findings become events (`pii_leak`, …). */
  detectors?: Detector[];
  /** Rehearse: what the run must show; unmet outcomes fail it. */
  expectedOutcomes?: ExpectedOutcomes;
  /** Rehearse: initial run variables (read by `assertion` steps). */
  variables?: Record<string, unknown>;
  /** Rehearse: what the scenario tests; suites filter on it. */
  scenarioType?: ScenarioType;
  difficulty?: Difficulty;
  /** Rehearse: free labels; suites filter on them. */
  tags?: string[];
  /** Rehearse: `false` keeps suites from running it (default true). */
  isActive?: boolean;
  /**
   * Rehearse: the status this scenario is expected to end with. `"fail"`
   * marks a known flaw shown on purpose: the run then counts as expected only
   * when it fails, and an unexpected pass is reported (`result.expectation`).
   */
  expect?: ExpectedStatus;
}

/** The reference's LangWatch reporting settings (`ScenarioConfig.langwatch`); Rehearse does not use them. */
export interface LangwatchConfig {
  endpoint?: string;
  apiKey?: string;
  projectId?: string;
}

/** A scenario with its defaults filled in (the reference's `ScenarioConfigFinal`). */
export interface ScenarioConfigFinal extends Omit<ScenarioConfig, "id" | "script" | "threadId" | "verbose" | "maxTurns"> {
  id: string;
  script: ScriptStep[];
  verbose: boolean;
  maxTurns: number;
  threadId: string;
}

/** The executor interface script steps drive. */
export interface ScenarioExecutionLike {
  readonly messages: ModelMessage[];
  readonly threadId: string;
  message(message: ModelMessage): Promise<void>;
  user(content?: string | ModelMessage): Promise<void>;
  agent(content?: string | ModelMessage): Promise<void>;
  judge(options?: JudgeOptions): Promise<ScenarioResult | null>;
  proceed(
    turns?: number,
    onTurn?: (state: ScenarioExecutionStateLike) => void | Promise<void>,
    onStep?: (state: ScenarioExecutionStateLike) => void | Promise<void>,
  ): Promise<ScenarioResult | null>;
  succeed(reasoning?: string): Promise<ScenarioResult>;
  fail(reasoning?: string): Promise<ScenarioResult>;
  /**
   * Rehearse: runs a seed step (the scenario-file vocabulary: `user_message`,
   * `agent_action`, `tool_call`, …) through the run's environment session —
   * what a step made by `seedStep()` does. Rejects with `step_failed` in a run
   * without one.
   */
  runSeedStep?(step: SeedStep): Promise<void>;
}

/** The state a step or an agent sees. */
export interface ScenarioExecutionStateLike {
  readonly config: ScenarioConfig;
  /**
   * Rehearse addition: emits a domain event into the run's stream (a graph's
   * handoffs); absent on foreign states. The payload is taken over (stamped
   * with time, run id and turn, and delivered as is): pass a fresh object.
   */
  emitEvent?(payload: DomainEventPayload): void;
  /** Rehearse addition: true when `emitEvent` reaches a listener (else an agent may skip building payloads). */
  readonly emitting?: boolean;
  /**
   * Rehearse addition: marks the conversation as over (a simulated user whose
   * goal was met or who gave up; decision 0047). The reply of the call that
   * marks it is still recorded; then `proceed()`/`step()` play no more turns:
   * the judge, if any, is asked for a final verdict (reason
   * `"conversation-ended"`), else the script's next step decides. Scripted
   * steps still run as written. The first reason is kept; absent on foreign states.
   */
  endConversation?(reason: string): void;
  /** Rehearse addition: why the conversation was marked over (`endConversation`), if it was. */
  readonly conversationEnded?: string | undefined;
  readonly description: string;
  /** A copy of the conversation. */
  readonly messages: ModelMessage[];
  readonly threadId: string;
  /** 0-based: the first turn is turn 0. */
  readonly currentTurn: number;
  /** Rehearse: the run's seed. */
  readonly seed: number;
  /** Rehearse: the run's seeded random number in [0, 1). */
  random(): number;
  /** Adds a message and delivers it to every agent's `newMessages`. */
  addMessage(message: ModelMessage): void;
  lastMessage(): ModelMessage;
  lastUserMessage(): UserModelMessage;
  lastAgentMessage(): AssistantModelMessage;
  /**
   * The last tool message carrying a result of `toolName`. Typed as the
   * reference types it; at run time `undefined` when there is none.
   */
  lastToolCall(toolName: string): ToolModelMessage;
  /** True when the agent called `toolName`: in a message, or through `AgentInput.tools`. */
  hasToolCall(toolName: string): boolean;
  /** Rehearse: the calls made through `AgentInput.tools`, in order (a copy). */
  readonly toolCalls: ObservedToolCall[];
  /** Removes messages from `index` on; returns them. Throws `RangeError` for a negative index. */
  rollbackMessagesTo(index: number): ModelMessage[];
  /**
   * Rehearse: the live environment of a run with declarative parts
   * (`environment`, `injections`, `variables`, seed steps, …); undefined in
   * a plain run.
   *
   * @example
   * check("one refund was made", (state) => (state.environment?.state.refunds as unknown[]).length === 1)
   */
  readonly environment?: RunEnvironment;
}

/** The environment of a run as it is now (`ScenarioExecutionStateLike.environment`). */
export interface RunEnvironment {
  /**
   * The environment's state: a copy of `environment.state` made when the run
   * started, changed by its tools since (the same object they change).
   */
  readonly state: Record<string, unknown>;
  /** The run variables now (a copy): `variables`, then what tools and steps set. */
  readonly variables: Record<string, unknown>;
}
