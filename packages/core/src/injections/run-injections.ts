import type { Agent } from "../domain/agent.js";
import type { Injection, InjectionLogEntry } from "../domain/declarative.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import type { RunHost } from "../engine/run-hooks.js";
import type { EnvironmentSession } from "../environment/environment-session.js";
import { armInjections } from "./arm-injections.js";
import type { ArmedInjection, InjectionContext, LoadSite, ToolCallSite } from "./injection-runtime.js";
import type { AgentCallLimit } from "./load-agent-call.js";

/** What a `target: model` injection decides for one model call (`ModelFault` of models/middleware/faults, or none). */
export type ModelFaultOf = Awaited<ReturnType<NonNullable<ArmedInjection["modelFault"]>>>;

/** What a run's injections are built from besides the scenario's list. */
export interface RunInjectionsOptions {
  /** The agent under test (load bursts call it). */
  readonly agentUnderTest: Agent | undefined;
  readonly signal?: AbortSignal;
  /** Milliseconds on a monotonic wall clock that load bursts time their real operations with. */
  readonly monotonicNow: () => number;
  /** Where notices for the user go (the run's logger). */
  readonly notice?: (message: string) => void;
  /** The run's agent-call limit, for load calls of the agent under test (none when absent). */
  readonly agentCallLimit?: AgentCallLimit;
}

/**
 * A scenario's injections in one run, over its environment session: arms them
 * when the run starts, gives each one context for the whole run (its random
 * stream continues across check points), runs their check points before the
 * agent under test is called, wraps the environment's tools with their tool
 * faults and decides the faults of the agent's model calls. Everything they
 * do lands in the session's injection log and as `injection` events.
 */
export class RunInjections {
  private armed: ArmedInjection[] = [];
  private readonly contexts = new Map<ArmedInjection, InjectionContext>();
  /**
   * The faults of the scenario's `target: model` injections, for the models
   * the agent under test resolves (the runner wraps them); undefined when it
   * has none, so other runs pay nothing.
   */
  readonly modelFaults: { faultFor(call: { readonly modelKey: string }): Promise<ModelFaultOf> } | undefined;

  constructor(
    private readonly injections: readonly Injection[],
    private readonly environment: EnvironmentSession,
    private readonly options: RunInjectionsOptions,
  ) {
    const modelTargeted = injections.some(
      (injection) => (injection.type === "tool_error" || injection.type === "system_condition") && injection.target === "model",
    );
    this.modelFaults = modelTargeted ? { faultFor: (call) => this.modelFault(call) } : undefined;
  }

  /** Arms the injections on the run's random stream (called when the run is built). */
  attach(host: RunHost): void {
    this.armed = armInjections(this.injections, host.random.fork("injections"), (operation) =>
      this.environment.latencyOf(operation),
    );
  }

  /** The check point before each call of the agent under test: message injections and load bursts fire here. */
  async boundary(): Promise<void> {
    for (const injection of this.armed) if (injection.boundary) await injection.boundary(this.contextFor(injection));
  }

  /**
   * `tools` (the environment's) with every call going through the injections'
   * tool faults, with the input the call is executed with.
   */
  withToolFaults(tools: ScenarioToolSet): ScenarioToolSet {
    const faulted: ScenarioToolSet = {};
    for (const [toolName, tool] of Object.entries(tools)) {
      faulted[toolName] = {
        ...tool,
        execute: (input: never, options: { toolCallId: string }) =>
          this.withFaults({ toolName, input }, async () => tool.execute(input, options)),
      } as ScenarioToolSet[string];
    }
    return faulted;
  }

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
      this.environment.loadTools[toolName]?.execute(input as never, { toolCallId }),
    );
  }

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
    const environment = this.environment;
    const host = environment.run;
    const { record, clock } = environment;
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
        for (const [toolName, tool] of Object.entries(environment.loadTools)) {
          tools[toolName] = {
            ...tool,
            execute: (input: never, options: { toolCallId: string }) => this.loadCall(toolName, input, site, options.toolCallId),
          } as ScenarioToolSet[string];
        }
        return tools;
      },
      loadLatency: (target, at, seconds) =>
        this.armed.reduce((taken, armed) => armed.loadLatency?.(target, at, taken) ?? taken, seconds),
      agentLoadFault: (at) => {
        for (const armed of this.armed) {
          const fault = armed.agentLoadFault?.(at);
          if (fault) return fault;
        }
        return undefined;
      },
      now: this.options.monotonicNow,
      notice: (message) => this.options.notice?.(message),
      toolNames: Object.keys(environment.tools),
      agentUnderTest: this.options.agentUnderTest,
      models: host.models,
      signal: this.options.signal,
      agentCallLimit: this.options.agentCallLimit,
    };
  }
}
