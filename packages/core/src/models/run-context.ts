import { AsyncLocalStorage } from "node:async_hooks";
import type { CassetteSession } from "./cassette.js";
import type { ModelFaultSource } from "./middleware/faults.js";

/** What code running inside a scenario run can find without being handed it. */
export interface RunContext {
  /** The run's record/replay session, when the cassette mode is not `off`. */
  session?: CassetteSession;
  /** The run's `target: model` faults, for models wrapped with `recordable()`. */
  faults?: ModelFaultSource;
  scenarioId: string;
}

/**
 * The one deliberate piece of module state in Rehearse (house style: no
 * globals). `cache()` wrappers are created by users at module load time, long
 * before any run, and are then called from deep inside their own agents; the
 * only way for them to find the current run's cassette is the async context.
 * Holding no data itself, it cannot leak between concurrent runs: each run
 * sees the context it entered. Constructing it costs nothing; Node only turns
 * on its async hooks (which slow every promise on Node 20) at the first
 * `run()`, so the runner enters a context only when the cassette mode is not `off`
 * or the scenario injects faults into the agent's model calls.
 */
const storage = new AsyncLocalStorage<RunContext>();

/**
 * Runs `action` with `context` as the current run context (for everything it
 * awaits, too).
 *
 * @example
 * ```ts
 * const result = await withRunContext({ session, scenarioId }, () => execute(scenario));
 * ```
 */
export function withRunContext<T>(context: RunContext, action: () => T): T {
  return storage.run(context, action);
}

/** The context of the run this code is part of, or `undefined` outside a run (or with cassettes off). */
export function currentRunContext(): RunContext | undefined {
  return storage.getStore();
}
