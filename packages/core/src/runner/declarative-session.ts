import { DetectorRunner } from "../detectors/detector-runner.js";
import type { OutcomeCheck, SeedStep } from "../domain/declarative.js";
import type { ScenarioEvent } from "../domain/event.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type {
  Interceptors,
  RunEnvironment,
  ScenarioConfig,
  ScenarioExecutionLike,
  ScenarioExecutionStateLike,
} from "../domain/scenario.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import type { Conclusion } from "../engine/conclusion.js";
import type { ConclusionChange, RunHooks, RunHost } from "../engine/run-hooks.js";
import type { EnvironmentSession } from "../environment/environment-session.js";
import type { ScenarioClock } from "../environment/scenario-clock.js";
import { RunInjections, type RunInjectionsOptions } from "../injections/run-injections.js";
import { concludeDeclarative } from "../outcomes/declarative-conclusion.js";
import { scenarioRunSummary } from "../outcomes/run-summary.js";

/**
 * One run's declarative side, composed here at the composition root from
 * parts that each live in their own layer: the environment session
 * (environment/: state, tools, tool loop, latency, clock, seed steps), the
 * injections (injections/), the detectors (detectors/) and the expected
 * outcomes and run summary (outcomes/). It plugs into the engine as the
 * run's `RunHooks`, adds the tool loop's interceptor, and its bus listener
 * feeds the record and the detectors. Everything noticed ends up in
 * `result.scenarioRun`.
 */
export class DeclarativeSession implements RunHooks {
  readonly clock: ScenarioClock;
  /** The environment's tools with the injections' tool faults; the runner adds them to the scenario's tools. */
  readonly tools: ScenarioToolSet;
  readonly modelFaults: RunInjections["modelFaults"];
  readonly environment: RunEnvironment;
  private readonly injections: RunInjections;
  private readonly detectors: DetectorRunner;
  private checks: OutcomeCheck[] = [];
  private host: RunHost | undefined;

  constructor(
    private readonly scenario: ScenarioConfig,
    readonly session: EnvironmentSession,
    options: Omit<RunInjectionsOptions, "agentUnderTest">,
  ) {
    this.clock = session.clock;
    this.environment = session.environment;
    const agentUnderTest = scenario.agents.find((agent) => agent.role === AgentRole.AGENT);
    this.injections = new RunInjections(scenario.injections ?? [], session, { ...options, agentUnderTest });
    this.modelFaults = this.injections.modelFaults;
    this.tools = this.injections.withToolFaults(session.tools);
    this.detectors = new DetectorRunner(scenario.detectors ?? [], scenario.expectedOutcomes);
  }

  /** Interceptors the run needs (the environment's tool loop). */
  interceptors(): Interceptors {
    return this.session.interceptors();
  }

  /** Sees every event of the run (a bus listener). */
  readonly observe = (event: ScenarioEvent): void => {
    this.session.observe(event);
    this.detectors.observe(event);
  };

  attach(host: RunHost): void {
    this.host = host;
    this.session.attach(host);
    this.injections.attach(host);
  }

  beforeStep(index: number): void {
    this.session.beforeStep(index);
  }

  async beforeAgentCall(role: AgentRole): Promise<void> {
    if (role === AgentRole.AGENT) await this.injections.boundary();
  }

  async afterAgentCall(role: AgentRole): Promise<void> {
    const host = this.host;
    if (role !== AgentRole.AGENT || !host) return;
    for (const finding of await this.detectors.inspectPending(host.state.currentTurn)) host.emit(finding);
  }

  conclude(conclusion: Conclusion): ConclusionChange {
    const settled = concludeDeclarative(conclusion, this.scenario.expectedOutcomes, this.session);
    this.checks = settled.checks;
    return settled;
  }

  decorate(result: ScenarioResult): void {
    const session = this.session;
    session.decorate(result);
    result.scenarioRun = scenarioRunSummary(this.scenario, result, {
      record: session.record,
      checks: this.checks,
      elapsedSeconds: session.clock.elapsed(),
      variables: session.variables.snapshot(),
      finalState: structuredClone(session.state),
    });
  }

  seedStep(step: SeedStep, state: ScenarioExecutionStateLike, executor: ScenarioExecutionLike): Promise<void> {
    return this.session.seedStep(step, state, executor);
  }
}
