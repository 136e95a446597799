import type { SeedStep } from "../domain/declarative.js";
import type { DomainEventPayload } from "../domain/event.js";
import type { ModelMessage } from "../domain/messages.js";
import type { RunModels } from "../domain/models.js";
import type { ScenarioResult } from "../domain/result.js";
import type { AgentRole } from "../domain/roles.js";
import type { Clock, RunEnvironment, ScenarioExecutionLike, ScenarioExecutionStateLike } from "../domain/scenario.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import type { Conclusion } from "./conclusion.js";
import type { Random } from "./random.js";

/**
 * What a run hands to its hooks when it starts: the state, a way to emit
 * domain events, the run's clock, its own random stream (forked from the
 * run's seed, so hooks never shift the choices of agents or steps) and the
 * tools as wrapped by the run (calls through them are intercepted and become
 * `action_request`/`action_response` events).
 */
export interface RunHost {
  readonly state: ScenarioExecutionStateLike;
  readonly clock: Clock;
  readonly random: Random;
  readonly tools: ScenarioToolSet | undefined;
  /** The run's model access (what agents get as `AgentInput.models`), when the run has one. */
  readonly models?: RunModels;
  emit(payload: DomainEventPayload): void;
  /**
   * Adds a scripted message to the conversation (delivered to every agent)
   * and emits `describe(messageId)` as its event instead of the default one.
   */
  addMessage(message: ModelMessage, describe: (messageId: string) => DomainEventPayload): void;
}

/** What `RunHooks.conclude` may change about how the run ended. */
export interface ConclusionChange {
  conclusion: Conclusion;
  metCriteria?: readonly string[];
  unmetCriteria?: readonly string[];
}

/**
 * Extension points of one run, for layers above the engine (the declarative
 * environment: injections, detectors, expected outcomes). Every hook is
 * optional; a run without hooks pays nothing. Hooks run inside the run: an
 * exception from `beforeAgentCall`/`afterAgentCall` ends it like a failing
 * step would. Forks (`executor.fork()`) run without hooks.
 */
export interface RunHooks {
  /** Called once, when the run is built. */
  attach?(host: RunHost): void;
  /** Before each script step (0-based index in the script). */
  beforeStep?(index: number): void;
  /** Before agent `agentIndex` is called for `role`; messages added here reach it in `newMessages`. */
  beforeAgentCall?(role: AgentRole, agentIndex: number): Promise<void> | void;
  /** After the agent's reply was recorded (its messages are in the conversation and their events emitted). */
  afterAgentCall?(role: AgentRole, agentIndex: number): Promise<void> | void;
  /**
   * The run concluded; may turn it into a failure and add criteria. It may
   * turn it into a pass only when the conclusion is `undecided` (the script
   * ended with no verdict and no checkpoint) — declarative checks decide then.
   */
  conclude?(conclusion: Conclusion): ConclusionChange;
  /** Adds fields to the result as it is built. */
  decorate?(result: ScenarioResult): void;
  /**
   * Runs a seed step (`executor.runSeedStep`, which steps made by `seedStep()`
   * call). Without this hook a seed step fails the run with `step_failed`.
   */
  seedStep?(step: SeedStep, state: ScenarioExecutionStateLike, executor: ScenarioExecutionLike): Promise<void>;
  /** What the run's state shows as `state.environment` (forks show their parent's). */
  readonly environment?: RunEnvironment;
}
