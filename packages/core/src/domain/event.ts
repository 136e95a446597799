import type { GraphOutline, NodeUsage } from "./graph-outline.js";
import type { ModelMessage } from "./messages.js";
import type { ScenarioStatus, WireStatus, WireVerdict } from "./outcome.js";
import type { ScenarioResult } from "./result.js";

/** Fields every lifecycle event carries (the reference's wire names). */
export interface LifecycleEventBase {
  /** Milliseconds since the epoch, from the run's clock. */
  timestamp: number;
  batchRunId: string;
  /** The scenario id (`id` from the config, else its name). */
  scenarioId: string;
  scenarioRunId: string;
  /** `"default"` when no `setId` was given. */
  scenarioSetId: string;
}

/** A run began. */
export interface RunStartedEvent extends LifecycleEventBase {
  type: "SCENARIO_RUN_STARTED";
  /** `{ name, description }` plus the user's metadata keys. */
  metadata: { name: string; description: string; [key: string]: unknown };
  /** Rehearse: the run's seed. */
  seed: number;
  threadId: string;
}

/** A message with the stable id it keeps for the whole run. */
export interface IdentifiedMessage {
  id: string;
  message: ModelMessage;
}

/** The conversation changed; carries all of it. */
export interface MessageSnapshotEvent extends LifecycleEventBase {
  type: "SCENARIO_MESSAGE_SNAPSHOT";
  /** The whole conversation after a step, each message with its stable id. */
  messages: IdentifiedMessage[];
}

/** A run ended; emitted exactly once per run, before `run()` settles. */
export interface RunFinishedEvent extends LifecycleEventBase {
  type: "SCENARIO_RUN_FINISHED";
  status: WireStatus;
  results: {
    verdict: WireVerdict;
    reasoning: string;
    metCriteria: string[];
    unmetCriteria: string[];
    error?: string;
  };
  /** Rehearse: the status in our own words. */
  outcome: ScenarioStatus;
}

/** The three events with the reference's wire names. */
export type LifecycleEvent = RunStartedEvent | MessageSnapshotEvent | RunFinishedEvent;

/** Who caused a domain event. */
export type Actor = "user" | "agent" | "judge" | "tool" | "system";

/**
 * Payloads of the domain events, by type. Later layers add entries through
 * declaration merging (`declare module "@rehearse/core" { interface DomainEventMap { … } }`),
 * which widens the `ScenarioEvent` union everywhere.
 */
export interface DomainEventMap {
  /** A user message entered the conversation. */
  user_input: { actor: "user"; messageId: string; text: string; scripted: boolean };
  /** The agent under test (or a scripted agent step) said something. */
  agent_message: {
    actor: "agent";
    messageId: string;
    text: string;
    scripted: boolean;
    /** Tool calls carried in the message (assistant `tool-call` parts). */
    toolCalls: Array<{ toolName: string; toolCallId: string; input: unknown }>;
  };
  /** A system/developer/tool message was added by the script. */
  system_event: {
    actor: "system";
    /** Empty for an event that added no message (a `system_event` step with `notify: false`). */
    messageId: string;
    /** The message's role: `system`, `tool`, …; `event` for a step's event without a message. */
    role: string;
    /** Its text; for a tool message, each result as `toolName: output`. */
    text: string;
    /** A `system_event` step's event name and data. */
    event?: string;
    data?: Record<string, unknown>;
  };
  /**
   * A tool was called: by the agent (through `AgentInput.tools`, or as a tool
   * call the harness executed in the environment), or by the harness itself
   * (`actor: "system"`, a `tool_call` step).
   */
  action_request: { actor: "agent" | "system"; toolName: string; toolCallId: string; input: unknown };
  /** The tool answered (or failed). */
  action_response: { actor: "tool"; toolName: string; toolCallId: string; output?: unknown; error?: string };
  /** A judge or a checkpoint decided about criteria. */
  judgment: {
    actor: "judge";
    metCriteria: string[];
    unmetCriteria: string[];
    reasoning: string;
    verdict: "pass" | "fail" | "skipped" | "none";
    /** met ÷ (met + unmet); 1 when no criterion was graded. */
    score: number;
    /** Which model judge decided (`judgeVersion()`: prompt template and model hashed); absent for checks-only verdicts. */
    judgeVersion?: string;
    /** The judge model's `provider:modelId`, when a model decided. */
    judgeModel?: string;
  };
  /** A turn began; the event's `turn` is its number (0-based). */
  turn_started: { actor: "system" };
  /** An injection fired (the injection log in `result.scenarioRun` also lists evaluations that did not). */
  injection: {
    actor: "system";
    injection: string;
    injectionType: string;
    reason: string;
    outcome?: Record<string, unknown>;
  };
  /** A detector found personal data in a reply of the agent under test. */
  pii_leak: DetectorEventPayload;
  /** A detector found the agent's system prompt or a marked secret in a reply. */
  system_prompt_leak: DetectorEventPayload;
  /** A detector found a reply that breaks a configured policy. */
  policy_violation: DetectorEventPayload;
  /** An `assertion` step was checked. */
  assertion: { actor: "system"; passed: boolean; description: string; stepIndex: number };
  /** A node of a behavioral graph (the agent under test) started a visit; `from` is the node that handed off. */
  node_started: { actor: "agent"; graph: string; node: string; turn: number; from?: string; input?: unknown };
  /** A graph node's visit ended: how long it took, where it handed off, what went wrong, contract breaches. */
  node_finished: {
    actor: "agent";
    graph: string;
    node: string;
    turn: number;
    durationMs: number;
    /** The node's reply, when it gave one. */
    output?: string;
    /** Tools it called (handoff tools aside), when it called any. */
    tools?: readonly string[];
    /** Its own model calls: calls, tokens, cost (agent nodes in a run with models). */
    usage?: NodeUsage;
    handoffTo?: string;
    error?: string;
    breaches: Array<{ rule: string; detail: string }>;
  };
  /** A behavioral graph (the agent under test) took its first turn in the run: its outline, for drawing. */
  graph_started: { actor: "agent"; graph: string; outline: GraphOutline };
  /** A graph node handed the conversation to another: by a route, a handoff tool, or a function node's result. */
  handoff: { actor: "agent"; graph: string; from: string; to: string; by: "route" | "tool" | "function" | "error" };
}

/** What a detector event carries. */
export interface DetectorEventPayload {
  actor: "agent";
  detector: string;
  reason: string;
  /** The offending text, masked where it is personal data. */
  evidence?: string;
  /** The id of the message it was found in. */
  messageId: string;
}

/** The `type` of every domain event. */
export type DomainEventType = keyof DomainEventMap;

/** A domain event: common fields plus the payload of its `type`. */
export type DomainEvent = {
  [Type in DomainEventType]: {
    type: Type;
    timestamp: number;
    scenarioRunId: string;
    /** The turn it happened in (0-based). */
    turn: number;
  } & DomainEventMap[Type];
}[DomainEventType];

/** A domain event's own fields: its `type` and payload, without the common fields. */
export type DomainEventPayload = {
  [Type in DomainEventType]: { type: Type } & DomainEventMap[Type];
}[DomainEventType];

/** Every event a run emits: the lifecycle events plus the domain events. */
export type ScenarioEvent = LifecycleEvent | DomainEvent;

/**
 * Receives a run's events. Every hook is optional and may be async; the run
 * waits for reporters at most the delivery timeout (default 5 s) after it
 * finishes, and records a reporter that is late or throws in
 * `result.diagnostics` instead of failing the run.
 */
export interface Reporter {
  /** Shown in diagnostics. */
  name?: string;
  onEvent?(event: ScenarioEvent): void | Promise<void>;
  onRunStarted?(event: RunStartedEvent): void | Promise<void>;
  onMessageSnapshot?(event: MessageSnapshotEvent): void | Promise<void>;
  onRunFinished?(event: RunFinishedEvent, result: ScenarioResult): void | Promise<void>;
}
