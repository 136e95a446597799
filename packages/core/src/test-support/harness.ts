import type { ScenarioEvent } from "../domain/event.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { createRehearse, type RunOptions } from "../runner/rehearse.js";
import { createSequentialIds } from "../runner/system.js";
import { manualClock } from "../testing/manual-clock.js";

/**
 * An isolated context with no config file and an empty environment, so unit
 * tests never depend on the machine; ids are sequential.
 */
export function isolated(config: Parameters<typeof createRehearse>[0] = {}) {
  return createRehearse({ configFile: false, env: {}, ...config });
}

/** Runs a scenario in an isolated context and records its events. */
export async function runRecorded(scenario: ScenarioConfig, options: RunOptions = {}) {
  const events: ScenarioEvent[] = [];
  const result = await isolated().run(scenario, {
    ids: createSequentialIds(),
    clock: manualClock(1_000),
    seed: 1,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { result, events };
}

/** The `type`s of the events, in order. */
export function eventTypes(events: readonly ScenarioEvent[]): string[] {
  return events.map((event) => event.type);
}
