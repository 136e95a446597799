import type { Agent } from "../domain/agent.js";
import type { Deviation, DeviationKind, InjectionLogEntry, OutcomeCheck, SeedStep } from "../domain/declarative.js";
import type { ScenarioEvent } from "../domain/event.js";
import { messageText } from "../domain/messages.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type {
  Clock,
  Interceptors,
  RunEnvironment,
  ScenarioConfig,
  ScenarioExecutionLike,
  ScenarioExecutionStateLike,
} from "../domain/scenario.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import type { Conclusion } from "../engine/conclusion.js";
import type { RunHooks, RunHost } from "../engine/run-hooks.js";
import { armInjections } from "../injections/arm-injections.js";
import type { ArmedInjection, InjectionContext, LoadSite, ToolCallSite } from "../injections/injection-runtime.js";
import { outcomeChecks } from "../outcomes/expected-outcomes.js";
import { scenarioRunSummary } from "../outcomes/run-summary.js";
import { DetectorRunner } from "./detector-runner.js";
import { DEFAULT_AGENT_LATENCY, DEFAULT_TOOL_LATENCY, environmentTools } from "./environment-tools.js";
import { RunRecord } from "./run-record.js";
import type { ScenarioClock } from "./scenario-clock.js";
import { runSeedStep } from "./seed-step-runner.js";
import { toolLoop } from "./tool-loop.js";
import { createVariables, type Variables } from "./variables.js";

/** Deviation kinds that fail the run (U-OR-12: assertions and expectations fail by default). */
const failingDeviations = new Set<DeviationKind>([
  "assertion_failed",
  "tool_result_mismatch",
  "missing_action",
  "forbidden_event",
  "outcome_unmet",
]);

/** What a `target: model` injection decides for one model call (`ModelFault` of models/middleware/faults, or none). */
type ModelFaultOf = Awaited<ReturnType<NonNullable<ArmedInjection["modelFault"]>>>;

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
  /**
   * Milliseconds on a monotonic wall clock (the runner gives `performance.now`,
   * or the caller's clock when one is injected): load bursts time their real
   * operations with it. Default: `wallClock.now`.
   */
  readonly monotonicNow?: () => number;
  /** Where notices for the user go (the run's logger); default: nowhere. */
  readonly notice?: (message: string) => void;
}

/**
 * One run's declarative side: the environment (state, tools, variables,
 * virtual clock), the injections, the detectors and the expected outcomes. It
 * plugs into the engine as `RunHooks` and adds interceptors (tool faults,
 * the harness's tool loop and the agent's latency); the runner creates one
 * for every run of a scenario with declarative parts. Everything it notices
 * ends up in `result.scenarioRun`.
 */
export class EnvironmentSession implements RunHooks {
  readonly record = new RunRecord();
  readonly state: Record<string, unknown>;
  readonly variables: Variables;
  readonly clock: ScenarioClock;
  /** The environment's tools (unwrapped); the runner adds them to the scenario's tools. */
  readonly tools: ScenarioToolSet;
  private readonly loadTools: ScenarioToolSet;
  private host: RunHost | undefined;
  private armed: ArmedInjection[] = [];
  private readonly detectors: DetectorRunner;
  private actionCursor = 0;
  private checks: OutcomeCheck[] = [];
  private readonly agentLatency: number;
  private agentWallMilliseconds = 0;
  private readonly wallStart: number;
  /**
   * The faults of the scenario's `target: model` injections, for the models
   * the agent under test resolves (the runner wraps them); undefined when it
   * has none, so other runs pay nothing.
   */
  readonly modelFaults: { faultFor(call: { readonly modelKey: string }): Promise<ModelFaultOf> } | undefined;
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
    const world = { state: this.state, variables: this.variables, clock: this.clock, random: () => random() };
    this.tools = environmentTools(environment, world, options.jsonSchema);
    // load operations take their latency from the burst's schedule, not from the run's clock
    const still: ScenarioClock = { ...this.clock, advance: async () => {}, advanceTo: async () => {} };
    this.loadTools = environmentTools(environment, { ...world, clock: still }, options.jsonSchema);
    const modelTargeted = (scenario.injections ?? []).some(
      (injection) => (injection.type === "tool_error" || injection.type === "system_condition") && injection.target === "model",
    );
    this.modelFaults = modelTargeted ? { faultFor: (call) => this.modelFault(call) } : undefined;
    this.detectors = new DetectorRunner(scenario.detectors ?? [], scenario.expectedOutcomes);
    this.attachRandom = (stream) => {
      random = stream;
    };
  }

  private readonly attachRandom: (stream: () => number) => void;

  /** Interceptors the run needs: the harness's tool loop (and agent latency) and the injections' tool faults. */
  interceptors(): Interceptors {
    return {
      agent: [
        toolLoop({
          tools: () => this.host?.tools,
          maxRounds: this.scenario.environment?.max_tool_rounds ?? 10,
          wallNow: () => this.options.wallClock.now(),
          afterCall: (wallMilliseconds) => {
            this.agentWallMilliseconds += wallMilliseconds;
            return this.clock.advance(this.agentLatency, this.options.signal);
          },
        }),
      ],
      tool: [
        (call, next) =>
          this.environmentTool(call.toolName)
            ? this.withFaults({ toolName: call.toolName, input: call.input }, () => next(call.input))
            : next(call.input),
      ],
    };
  }

  /** Sees every event of the run (a bus listener). */
  readonly observe = (event: ScenarioEvent): void => {
    this.record.observe(event);
    this.detectors.observe(event);
  };

  // ─── RunHooks ────────────────────────────────────────────────────────────

  attach(host: RunHost): void {
    this.host = host;
    const environmentRandom = host.random.fork("environment");
    this.attachRandom(() => environmentRandom.next());
    const latencyOf = (operation: string) =>
      operation === "agent"
        ? this.agentLatency
        : (this.scenario.environment?.tools?.[operation]?.latency ??
          this.scenario.environment?.latency?.tool ??
          DEFAULT_TOOL_LATENCY);
    this.armed = armInjections(this.scenario.injections ?? [], host.random.fork("injections"), latencyOf);
  }

  beforeStep(index: number): void {
    this.record.stepIndex = index;
    this.record.steps++;
  }

  async beforeAgentCall(role: AgentRole): Promise<void> {
    if (role !== AgentRole.AGENT) return;
    for (const injection of this.armed) if (injection.boundary) await injection.boundary(this.contextFor(injection));
  }

  async afterAgentCall(role: AgentRole): Promise<void> {
    if (role !== AgentRole.AGENT || !this.host) return;
    const host = this.host;
    for (const finding of await this.detectors.inspectPending(host.state.currentTurn)) host.emit(finding);
  }

  conclude(conclusion: Conclusion): { conclusion: Conclusion; metCriteria: string[]; unmetCriteria: string[] } {
    this.checks = outcomeChecks(this.scenario.expectedOutcomes, {
      totalEvents: this.record.totalEvents,
      eventsByType: this.record.eventsByType,
      state: this.state,
      variables: this.variables.snapshot(),
    });
    for (const check of this.checks) {
      if (check.passed) continue;
      this.deviation(
        check.name === "forbidden_event" ? "forbidden_event" : "outcome_unmet",
        check.expected,
        check.actual,
        check.message,
      );
    }
    if (conclusion.status === "error") {
      this.deviation("unhandled_error", "no error", conclusion.error?.message ?? conclusion.reasoning, conclusion.reasoning);
    }
    const failures = this.record.deviations.filter((deviation) => failingDeviations.has(deviation.kind));
    // a skipped run was cut short before it could be graded: a check that held proves nothing then
    // (a forbidden event "did not occur" in a conversation that never happened), a broken one still fails it
    const metCriteria =
      conclusion.status === "skipped" ? [] : this.checks.filter((check) => check.passed).map((check) => check.message);
    const unmetCriteria = failures.map((deviation) => deviation.message);
    if (failures.length > 0) {
      const reasoning = `Expected behaviour not met: ${unmetCriteria.join("; ")}`;
      return { conclusion: { status: "fail", reasoning }, metCriteria, unmetCriteria };
    }
    const decided = this.checks.length + this.record.stepChecks;
    if (conclusion.undecided && decided > 0) {
      return {
        conclusion: {
          status: "pass",
          reasoning: decided === 1 ? "1 declarative check passed" : `All ${decided} declarative checks passed`,
        },
        metCriteria,
        unmetCriteria,
      };
    }
    return { conclusion, metCriteria, unmetCriteria };
  }

  decorate(result: ScenarioResult): void {
    // the engine timed the run on the scenario (virtual) clock; reports and CI want wall time
    result.totalTime = (this.options.wallClock.now() - this.wallStart) / 1000;
    result.agentTime = this.agentWallMilliseconds / 1000;
    result.scenarioRun = scenarioRunSummary(this.scenario, result, {
      record: this.record,
      checks: this.checks,
      elapsedSeconds: this.clock.elapsed(),
      variables: this.variables.snapshot(),
      finalState: structuredClone(this.state),
    });
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

  // ─── injections ──────────────────────────────────────────────────────────

  private withFaults(site: ToolCallSite, core: () => Promise<unknown>): Promise<unknown> {
    const faulting = this.armed.filter((injection) => injection.aroundTool);
    const dispatch = (position: number): Promise<unknown> => {
      const injection = faulting[position];
      if (!injection?.aroundTool) return core();
      return injection.aroundTool(site, () => dispatch(position + 1), this.contextFor(injection));
    };
    return dispatch(0);
  }

  /** The first fault a `target: model` injection decides for this call of the agent's model. */
  private async modelFault(call: { readonly modelKey: string }): Promise<ModelFaultOf> {
    for (const injection of this.armed) {
      if (!injection.modelFault) continue;
      const fault = await injection.modelFault(call, this.contextFor(injection));
      if (fault) return fault;
    }
    return undefined;
  }

  /** A load operation's call of an environment tool: no events, the tool faults of every injection at its place on the schedule. */
  private loadCall(toolName: string, input: unknown, site: LoadSite, toolCallId: string): Promise<unknown> {
    return this.withFaults({ toolName, input, random: site.random, at: site.at, load: true }, async () =>
      this.loadTools[toolName]?.execute(input as never, { toolCallId }),
    );
  }

  private readonly contexts = new Map<ArmedInjection, InjectionContext>();

  /** One context per injection for the whole run (its random stream continues across check points). */
  private contextFor(injection: ArmedInjection): InjectionContext {
    let context = this.contexts.get(injection);
    if (!context) {
      context = this.newContext(injection);
      this.contexts.set(injection, context);
    }
    return context;
  }

  private newContext(injection: ArmedInjection): InjectionContext {
    const host = this.run;
    const record = this.record;
    const clock = this.clock;
    const stream = host.random.fork(`context-${injection.name}`);
    return {
      clock,
      state: host.state,
      random: () => stream.next(),
      triggerContext: () => ({ now: clock.elapsed(), eventCounts: record.eventsByType, totalEvents: record.totalEvents }),
      addMessage: (message) => host.state.addMessage(message),
      emit: (payload) => host.emit(payload),
      log: (entry) => {
        const full: InjectionLogEntry = {
          injection: injection.name,
          type: injection.type,
          at_seconds: clock.elapsed(),
          event_count: record.totalEvents,
          turn: host.state.currentTurn,
          ...entry,
        };
        record.injectionLog.push(full);
        if (full.fired) {
          host.emit({
            type: "injection",
            actor: "system",
            injection: injection.name,
            injectionType: injection.type,
            reason: full.reason,
            ...(full.outcome ? { outcome: { ...full.outcome } } : {}),
          });
        }
      },
      loadTool: (toolName, input, site) => this.loadCall(toolName, input, site, `load-${toolName}`),
      loadTools: (site) => {
        const tools: ScenarioToolSet = {};
        for (const [toolName, tool] of Object.entries(this.loadTools)) {
          tools[toolName] = {
            ...tool,
            execute: (input: never, options: { toolCallId: string }) => this.loadCall(toolName, input, site, options.toolCallId),
          } as ScenarioToolSet[string];
        }
        return tools;
      },
      loadLatency: (target, at, seconds) => {
        // the agent's own latency is its configured one; conditions reach its load calls through its tools
        if (!this.environmentTool(target)) return seconds;
        return this.armed.reduce((taken, armed) => armed.loadLatency?.(target, at, taken) ?? taken, seconds);
      },
      now: this.options.monotonicNow ?? (() => this.options.wallClock.now()),
      notice: (message) => this.options.notice?.(message),
      toolNames: Object.keys(this.tools),
      agentUnderTest: this.scenario.agents.find((agent: Agent) => agent.role === AgentRole.AGENT),
      models: host.models,
      signal: this.options.signal,
    };
  }
}
