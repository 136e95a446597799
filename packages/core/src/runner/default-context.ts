import type { ScenarioResult } from "../domain/result.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import type { ConfigureOptions } from "./config.js";
import { type BatchResult, createRehearse, type Rehearse, type RunManyOptions, type RunOptions } from "./rehearse.js";

/**
 * The one process-wide default context, made on first use from
 * `process.cwd()` and `process.env`. `configure()`, `run()` and `runMany()`
 * below use it; `createRehearse()` makes contexts that share nothing with it.
 */
let defaultContext: Rehearse | undefined;

function context(): Rehearse {
  defaultContext ??= createRehearse();
  return defaultContext;
}

/**
 * Runs one scenario. Resolves with the result for `pass`, `fail` and
 * `skipped`; rejects on `error` (the original error as `cause`, the result
 * as `error.result`) and on a failed inline assertion (the assertion error
 * itself, so test runners show its diff). Events are delivered first either way.
 *
 * @example
 * ```ts
 * const result = await run({
 *   name: "echo",
 *   description: "The agent repeats what the user says.",
 *   agents: [{ role: AgentRole.AGENT, call: async (input) => `You said: ${input.messages.at(-1)?.content}` }],
 *   script: [user("hello"), agent(), judge({ criteria: [responseContains("You said: hello")] })],
 * });
 * ```
 */
export function run(scenario: ScenarioConfig, options?: RunOptions): Promise<ScenarioResult> {
  return context().run(scenario, options);
}

/**
 * Runs many scenarios with a concurrency limit (default 8). Never rejects for
 * one scenario: each outcome is in `results` and `counts`.
 *
 * @example
 * ```ts
 * const batch = await runMany(scenarios, { concurrency: 4, seed: 7 });
 * console.log(batch.counts); // { pass: 9, fail: 1, error: 0, skipped: 0 }
 * ```
 */
export function runMany(
  scenarios: Iterable<ScenarioConfig> | AsyncIterable<ScenarioConfig>,
  options?: RunManyOptions,
): Promise<BatchResult> {
  return context().runMany(scenarios, options);
}

/**
 * Sets defaults for the default context (validated now; later calls merge).
 *
 * @example
 * ```ts
 * configure({ maxTurns: 6, seed: 1234, verbose: true });
 * ```
 */
export function configure(config: ConfigureOptions): void {
  context().configure(config);
}
