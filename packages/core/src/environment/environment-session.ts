import {
  type Deviation,
  type DeviationKind,
  type EnvironmentToolRun,
  operationLatency,
  type SeedStep,
} from "../domain/declarative.js";
import type { DomainEventPayload, ScenarioEvent } from "../domain/event.js";
import { messageText } from "../domain/messages.js";
import type { ScenarioResult } from "../domain/result.js";
import type {
  Clock,
  Interceptors,
  RunEnvironment,
  ScenarioConfig,
  ScenarioExecutionLike,
  ScenarioExecutionStateLike,
} from "../domain/scenario.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import type { RunHooks, RunHost } from "../engine/run-hooks.js";
import { DEFAULT_AGENT_LATENCY, environmentTools } from "./environment-tools.js";
import { RunRecord } from "./run-record.js";
import type { ScenarioClock } from "./scenario-clock.js";
import { runSeedStep } from "./seed-step-runner.js";
import { toolLoop } from "./tool-loop.js";
import { createVariables, type Variables } from "./variables.js";

/** What a session is built from besides the scenario. */
export interface EnvironmentSessionOptions {
  readonly clock: ScenarioClock;
  /**
   * The caller's clock (real time unless a test injects one): `result.totalTime`
   * and `agentTime` of a run with an environment are wall seconds on it, while
   * `scenarioRun.execution_time_seconds` is virtual.
   */
  readonly wallClock: Clock;
  /** The AI SDK's `jsonSchema`, loaded by the runner, for the tools' `inputSchema`. */
  readonly jsonSchema: (schema: Record<string, unknown>) => unknown;
  readonly signal?: AbortSignal;
}

/**
 * One run's environment: its state, variables, tools and virtual clock, the
 * harness's tool loop around the agent under test (with the agent's
 * latency), the seed steps, and the record of what happened (event counts,
 * the agent's tool requests, deviations, the injection log). It is the
 * run's hooks for these parts only; the runner composes it with the layers
 * above (injections, detectors, expected outcomes, the run summary) into
 * the run's `RunHooks` (runner/declarative-session.ts), reading the record
 * and calling `deviation` as they need.
 */
export class EnvironmentSession implements RunHooks {
  readonly record = new RunRecord();
  readonly state: Record<string, unknown>;
  readonly variables: Variables;
  readonly clock: ScenarioClock;
  /** The environment's tools (unwrapped); the runner adds them to the scenario's tools. */
  readonly tools: ScenarioToolSet;
  /** The same tools for load operations: they take their latency from a burst's schedule, not from the run's clock. */
  readonly loadTools: ScenarioToolSet;
  private host: RunHost | undefined;
  private actionCursor = 0;
  private readonly agentLatency: number;
  private agentWallMilliseconds = 0;
  private readonly wallStart: number;
  /** The input each call of an environment tool ran with, by call id (what the tool loop shows). */
  private readonly executedInputs = new Map<string, unknown>();
  /** What the run's state shows as `state.environment`. */
  readonly environment: RunEnvironment;

  constructor(
    private readonly scenario: ScenarioConfig,
    private readonly options: EnvironmentSessionOptions,
  ) {
    this.clock = options.clock;
    this.wallStart = options.wallClock.now();
    const environment = scenario.environment ?? {};
    this.state = structuredClone({ ...(environment.state ?? {}) }) as Record<string, unknown>;
    this.variables = createVariables(scenario.variables ?? {}, { source: "variables" });
    this.agentLatency = environment.latency?.agent ?? DEFAULT_AGENT_LATENCY;
    const variables = this.variables;
    this.environment = {
      state: this.state,
      get variables() {
        return variables.snapshot();
      },
    };
    let random: () => number = () => 0;
    const world = {
      state: this.state,
      variables: this.variables,
      clock: this.clock,
      random: () => random(),
      run: () => this.toolRun,
    };
    this.tools = recordingInputs(environmentTools(environment, world, options.jsonSchema), this.executedInputs);
    // load operations take their latency from the burst's schedule, not from the run's clock
    const still: ScenarioClock = { ...this.clock, advance: async () => {}, advanceTo: async () => {} };
    this.loadTools = environmentTools(environment, { ...world, clock: still }, options.jsonSchema);
    this.attachRandom = (stream) => {
      random = stream;
    };
  }

  private readonly attachRandom: (stream: () => number) => void;
  /** What handlers see of the run (`EnvironmentToolContext.run`); set at `attach`. */
  private toolRun: EnvironmentToolRun | undefined;
  /** An error a tool asked to end the run with; thrown by the tool loop after the agent's call. */
  private halted: Error | undefined;

  /** Interceptors the run needs: the harness's tool loop (and the agent's latency). */
  interceptors(): Interceptors {
    return {
      agent: [
        toolLoop({
          tools: () => this.host?.tools,
          maxRounds: this.scenario.environment?.max_tool_rounds ?? 10,
          takeHalt: () => {
            const halted = this.halted;
            this.halted = undefined;
            return halted;
          },
          executedInput: (toolCallId) => {
            if (!this.executedInputs.has(toolCallId)) return undefined;
            const input = this.executedInputs.get(toolCallId);
            this.executedInputs.delete(toolCallId);
            return { input };
          },
          wallNow: () => this.options.wallClock.now(),
          afterCall: (wallMilliseconds) => {
            this.agentWallMilliseconds += wallMilliseconds;
            return this.clock.advance(this.agentLatency, this.options.signal);
          },
        }),
      ],
    };
  }

  /** Sees every event of the run (a bus listener). */
  readonly observe = (event: ScenarioEvent): void => {
    this.record.observe(event);
  };

  // ─── RunHooks ────────────────────────────────────────────────────────────

  attach(host: RunHost): void {
    this.host = host;
    const environmentRandom = host.random.fork("environment");
    this.attachRandom(() => environmentRandom.next());
    this.toolRun = {
      ...(host.models ? { models: host.models } : {}),
      get toolCalls() {
        return host.state.toolCalls;
      },
      emit: (payload) => host.emit(payload as DomainEventPayload),
      halt: (error) => {
        this.halted ??= error;
      },
    };
  }

  /** Virtual seconds an operation takes: `"agent"` (the agent under test's reply) or an environment tool's name. */
  latencyOf(operation: string): number {
    return operationLatency(this.scenario.environment, operation);
  }

  beforeStep(index: number): void {
    this.record.stepIndex = index;
    this.record.steps++;
  }

  decorate(result: ScenarioResult): void {
    // the engine timed the run on the scenario (virtual) clock; reports and CI want wall time
    result.totalTime = (this.options.wallClock.now() - this.wallStart) / 1000;
    result.agentTime = this.agentWallMilliseconds / 1000;
  }

  // ─── for seed steps ──────────────────────────────────────────────────────

  seedStep(step: SeedStep, state: ScenarioExecutionStateLike, executor: ScenarioExecutionLike): Promise<void> {
    return runSeedStep(step, this, state, executor);
  }

  /** Records a deviation at the current step and time. */
  deviation(kind: DeviationKind, expected: unknown, actual: unknown, message: string): void {
    const deviation: Deviation = {
      ...(this.record.stepIndex >= 0 ? { step_index: this.record.stepIndex } : {}),
      kind,
      expected,
      actual,
      message,
      at_seconds: this.clock.elapsed(),
    };
    this.record.deviations.push(deviation);
  }

  /** The agent's tool requests not yet claimed by an `agent_action` step; claims the first matching one. */
  claimAction(
    matches: (action: { toolName: string; input: unknown }) => boolean,
  ): { toolName: string; input: unknown } | undefined {
    const actions = this.record.actions;
    for (let index = this.actionCursor; index < actions.length; index++) {
      const action = actions[index] as { toolName: string; input: unknown };
      if (matches(action)) {
        this.actionCursor = index + 1;
        return action;
      }
    }
    return undefined;
  }

  /** Requests not yet claimed, for a deviation's `actual`. */
  unclaimedActions(): string[] {
    return this.record.actions.slice(this.actionCursor).map((action) => action.toolName);
  }

  /**
   * What `assertion` steps read: `variables`, `state`, `events`
   * (`{ total, by_type, by_actor }`) and `last_response` (the text of the
   * agent's last reply, `undefined` before it spoke).
   */
  assertionSources(): { variables: unknown; state: unknown; events: unknown; last_response: unknown } {
    const last = [...this.run.state.messages].reverse().find((message) => message.role === "assistant");
    return {
      variables: this.variables.snapshot(),
      state: this.state,
      events: {
        total: this.record.totalEvents,
        by_type: { ...this.record.eventsByType },
        by_actor: { ...this.record.eventsByActor },
      },
      last_response: last ? messageText(last) : undefined,
    };
  }

  /** The run's host (state, emit); set once the run is built. */
  get run(): RunHost {
    if (!this.host) throw new Error("the environment session is not attached to a run");
    return this.host;
  }

  /** True when `toolName` is a tool of the environment. */
  environmentTool(toolName: string): boolean {
    return Object.hasOwn(this.tools, toolName);
  }
}

/** `tools` with the input of every call kept in `inputs` by call id, as it reaches the tool (after any interceptor). */
function recordingInputs(tools: ScenarioToolSet, inputs: Map<string, unknown>): ScenarioToolSet {
  const recording: ScenarioToolSet = {};
  for (const [toolName, tool] of Object.entries(tools)) {
    recording[toolName] = {
      ...tool,
      execute: (input: never, options: { toolCallId: string }) => {
        inputs.set(options.toolCallId, input);
        return tool.execute(input, options);
      },
    } as ScenarioToolSet[string];
  }
  return recording;
}
