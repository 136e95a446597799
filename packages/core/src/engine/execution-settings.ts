import type { RunModels, UsageSummary } from "../domain/models.js";
import type { Clock, IdGenerator, Interceptors } from "../domain/scenario.js";
import type { EventBus } from "../events/event-bus.js";
import type { Random } from "./random.js";
import type { RunHooks } from "./run-hooks.js";

/**
 * Everything a `ScenarioExecution` takes from outside: identities, limits and
 * the seams (clock, ids, RNG, abort signal, interceptors, event bus). The
 * runner builds it; tests can build it by hand.
 */
export interface ExecutionSettings {
  scenarioRunId: string;
  batchRunId: string;
  setId: string;
  scenarioId: string;
  threadId: string;
  /** Automatic turns stop when a new turn would reach this number. */
  maxTurns: number;
  clock: Clock;
  ids: IdGenerator;
  random: Random;
  /** Where events go; `EventBus.silent` when nobody listens. */
  bus: EventBus;
  interceptors: Interceptors;
  signal?: AbortSignal;
  /** The run's model access, handed to agents as `AgentInput.models`. */
  models?: RunModels;
  /** The run's model usage so far (`usage()`), read when the result is built. */
  usage?: { usage(): UsageSummary | undefined };
  /** Extension points (the declarative environment); none for a plain run. */
  hooks?: RunHooks;
}
