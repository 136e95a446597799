import type { RunModels, UsageSummary } from "../domain/models.js";
import type { Clock, IdGenerator, Interceptors } from "../domain/scenario.js";
import type { Timer } from "../domain/timeouts.js";
import type { EventBus } from "../events/event-bus.js";
import type { DeadlineTicker } from "./deadline-ticker.js";
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
  /**
   * Real-time timers for the limits below (the runner's `setTimeout`); without
   * it nothing is timed. Also what makes a stopped run end at once, even while
   * an agent's promise never settles.
   */
  timer?: Timer;
  /**
   * The one timer that looks at the deadlines of all runs in flight (the
   * runner makes one per context, on `timer`); without it a run gets a
   * ticker of its own.
   */
  deadlines?: DeadlineTicker;
  /** Limits in milliseconds, 0 or absent for none (the runner fills in the documented defaults). */
  timeouts?: { agentCallMs?: number; scenarioMs?: number };
  /** The run's model access, handed to agents as `AgentInput.models`. */
  models?: RunModels;
  /** The run's model usage so far (`usage()`), read when the result is built. */
  usage?: { usage(): UsageSummary | undefined };
  /** Extension points (the declarative environment); none for a plain run. */
  hooks?: RunHooks;
}
