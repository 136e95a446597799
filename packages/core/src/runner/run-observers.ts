import { AsyncLocalStorage } from "node:async_hooks";
import type { Reporter } from "../domain/event.js";

/**
 * The reporters of the `observeRuns` calls the current code runs inside.
 * Like models/run-context.ts this is module state on purpose: a test
 * runner's hook must see the runs a test starts, through any context
 * (`scenario.run`, `createRehearse().run`, `runMany`) and without the test
 * handing anything over. It holds no data itself, and Node turns on its
 * async hooks only once `observeRuns` is first called, so code that never
 * observes pays nothing.
 */
const storage = new AsyncLocalStorage<readonly Reporter[]>();

/**
 * Runs `action`, and sends the events (and results) of every scenario run
 * started inside it — in anything it awaits, in any context — to
 * `reporter` as well as to the run's own reporters. Observations nest and
 * stay apart across concurrent actions. This is how the vitest setup file
 * (`@rehearse/core/integrations/vitest/setup`) sees the runs of each test;
 * other test runners can do the same.
 *
 * @example
 * ```ts
 * const finished: ScenarioResult[] = [];
 * await observeRuns({ onRunFinished: (_event, result) => void finished.push(result) }, () => myTest());
 * ```
 */
export function observeRuns<Result>(reporter: Reporter, action: () => Result): Result {
  const current = storage.getStore();
  return storage.run(current ? [...current, reporter] : [reporter], action);
}

/** The reporters observing the code that calls this (see `observeRuns`), if any. */
export function runObservers(): readonly Reporter[] | undefined {
  return storage.getStore();
}
